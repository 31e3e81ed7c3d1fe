import type { HistoryHead } from '$lib/shared/history/history-query';
import type { MessageRecord } from '$lib/shared/mqtt/message';

/** Timer functions, passed in so batching is testable with fake timers. */
export interface Timers {
	setTimeout(callback: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

/** What an ingest needs from the outside world. */
export interface IngestOptions {
	/** Writes new records and rewrites changed ones in one transaction; rejects on failure. */
	persist(records: MessageRecord[], rewrites: MessageRecord[]): Promise<void>;
	/** Receives each committed batch: the new history head and its newest records. */
	committed(head: HistoryHead, newest: MessageRecord[]): void;
	/** Reports a failed write, in words. */
	failed(error: unknown): void;
	/** Sees each batch's new records once its write is over: `saved` if it committed (acks wait for this). */
	settled?: (records: readonly MessageRecord[], saved: boolean) => void;
	/** The history head when the session starts. */
	head: HistoryHead;
	/** Minimum time between two flushes: the UI gets at most 1000 / intervalMs batches a second. */
	intervalMs?: number;
	/** How many of a batch's newest records travel to the UI; older ones are read from history. */
	newestCap?: number;
	/**
	 * Writes allowed in flight at once. Two let the next batch be cloned into IndexedDB while
	 * the previous one commits; IndexedDB still commits them in order.
	 */
	maxWrites?: number;
	timers?: Timers;
	now?: () => number;
	/** Sees every new record as it is added (the topic tree follows live traffic this way). */
	observe?: (record: MessageRecord) => void;
}

/**
 * Collects one profile's message records and writes them to history in batches, then tells
 * the UI. Writes never overlap: while one is in flight, new records wait for the next batch,
 * so a busy broker makes batches larger, not more frequent.
 */
export class Ingest {
	#options: Required<Omit<IngestOptions, 'head'>>;
	#buffer: MessageRecord[] = [];
	#rewrites = new Map<number, MessageRecord>();
	#head: HistoryHead;
	#nextId: number;
	#timer: unknown = undefined;
	#writes: Promise<void>[] = [];
	#lastFlush = -Infinity;

	constructor(options: IngestOptions) {
		this.#options = {
			intervalMs: 100,
			newestCap: 200,
			maxWrites: 2,
			observe: () => undefined,
			settled: () => undefined,
			timers: globalThis,
			now: () => Date.now(),
			...options
		};
		this.#head = { ...options.head };
		this.#nextId = options.head.lastId + 1;
	}

	/** Accounts for records retention removed from history, and returns the new head. */
	removed(count: number): HistoryHead {
		this.#head = { ...this.#head, total: Math.max(0, this.#head.total - count) };
		return this.#head;
	}

	/** Reserves the id for the next new record (ids grow in arrival order). */
	nextId(): number {
		return this.#nextId++;
	}

	/** Queues a new record for the next batch. */
	add(record: MessageRecord): void {
		this.#options.observe(record);
		this.#buffer.push(record);
		this.#schedule();
	}

	/** Queues a changed version of a record (e.g. its publish state) to be written again. */
	rewrite(record: MessageRecord): void {
		// Still unwritten: the queued object is the same one, already changed in place.
		if (this.#buffer.includes(record)) return;
		this.#rewrites.set(record.id, record);
		this.#schedule();
	}

	/** Writes whatever is queued now and waits for every write to finish. */
	async flush(): Promise<void> {
		this.#options.timers.clearTimeout(this.#timer);
		this.#timer = undefined;
		while (this.#writes.length || this.#buffer.length || this.#rewrites.size) {
			if (this.#buffer.length || this.#rewrites.size) void this.#write();
			await Promise.all(this.#writes);
		}
	}

	#schedule(): void {
		if (this.#timer !== undefined || this.#writes.length >= this.#options.maxWrites) return;
		const wait = Math.max(0, this.#lastFlush + this.#options.intervalMs - this.#options.now());
		this.#timer = this.#options.timers.setTimeout(() => {
			this.#timer = undefined;
			void this.#write();
		}, wait);
	}

	#write(): Promise<void> {
		if (!this.#buffer.length && !this.#rewrites.size) return Promise.resolve();
		const fresh = this.#buffer;
		const rewrites = [...this.#rewrites.values()];
		this.#buffer = [];
		this.#rewrites.clear();
		this.#lastFlush = this.#options.now();
		const write: Promise<void> = this.#options
			.persist(fresh, rewrites)
			.then(
				() => {
					if (fresh.length) {
						this.#head = {
							total: this.#head.total + fresh.length,
							lastId: fresh[fresh.length - 1].id
						};
						this.#options.committed(this.#head, fresh.slice(-this.#options.newestCap));
					}
					this.#options.settled(fresh, true);
				},
				(error: unknown) => {
					this.#options.failed(error);
					this.#options.settled(fresh, false);
				}
			)
			.finally(() => {
				this.#writes = this.#writes.filter((w) => w !== write);
				if (this.#buffer.length || this.#rewrites.size) this.#schedule();
			});
		this.#writes.push(write);
		return write;
	}
}
