import {
	retentionPruner,
	sharePruner,
	type Pruner,
	type RetentionPolicy
} from '$lib/shared/history/retention';
import type { Database } from '$lib/storage/db';
import { HistoryJournal } from '$lib/storage/history-journal';
import type { JournalPlace } from '$lib/storage/journal-place';
import { pruneOldest, putBatch } from '$lib/storage/messages';
import type { MessageRecord } from '$lib/shared/mqtt/message';

/** Checks retention at most this often while messages flow. */
const CHECK_EVERY_MS = 5000;
/** Share of the oldest history removed when the browser says storage is full. */
const QUOTA_SHARE = 0.25;
/**
 * Pauses before writing a refused batch again after making room: the browser gives back the
 * space of removed records only once it has compacted its files, a moment later.
 */
const ROOM_WAITS_MS = [0, 500, 2000];
/**
 * Largest batch the journal takes (up to 1,000 messages a second, at ten batches a second);
 * larger ones, and any that settles QoS 2 receipts or rewrites a record, go straight to
 * IndexedDB, with whatever the journal holds before them.
 */
const JOURNAL_MAX_BATCH = 100;

/** What the keeper reports after removing history. */
export type PrunedListener = (removed: number, reason: 'retention' | 'quota') => void;

/**
 * Keeps one profile's history within its retention policy, and makes room when the browser's
 * storage quota is reached, so recording goes on instead of failing (the oldest goes first).
 */
export class HistoryKeeper {
	#db: Database;
	#profileId: string;
	#policy: RetentionPolicy;
	#pruned: PrunedListener;
	#write: typeof putBatch;
	#roomWaits: readonly number[];
	#lastCheck = 0;
	#checking = false;
	/** Storage work in arrival order: writes and prunes never overtake one another. */
	#queue: Promise<unknown> = Promise.resolve();
	/** Where small batches wait until they fill a segment (see history-journal.ts). */
	#journal: HistoryJournal | undefined;

	/**
	 * `write` is the batch writer and `roomWaits` the pauses before each new try of a refused
	 * batch: passed in so a small quota can be simulated in tests.
	 */
	constructor(
		db: Database,
		profileId: string,
		policy: RetentionPolicy,
		pruned: PrunedListener,
		write: typeof putBatch = putBatch,
		roomWaits: readonly number[] = ROOM_WAITS_MS
	) {
		this.#db = db;
		this.#profileId = profileId;
		this.#policy = policy;
		this.#pruned = pruned;
		this.#write = write;
		this.#roomWaits = roomWaits;
	}

	/**
	 * Writes a batch (with the QoS 2 receipts it settles, see putBatch); when storage is full,
	 * removes the oldest quarter and tries again, a few times with growing pauses, before the
	 * batch is given up (its messages then stay unacknowledged at the broker). Each batch starts once the one before is
	 * over: a batch making room must not be overtaken by the next, whose newer records would
	 * then sit before its own in history (segments hold records in id order).
	 */
	persist(
		records: MessageRecord[],
		rewrites: MessageRecord[],
		receipts: number[] = []
	): Promise<void> {
		return this.#enqueue(() => this.#persistNow(records, rewrites, receipts));
	}

	/**
	 * Takes the profile's journal, after moving into history what an earlier holder left in it;
	 * call it before reading the head of history. Without a journal (a browser without the
	 * Origin Private File System) every batch goes straight to IndexedDB.
	 */
	async openJournal(place?: JournalPlace): Promise<void> {
		try {
			this.#journal = await HistoryJournal.open(
				this.#db,
				this.#profileId,
				() => this.settle(),
				place
			);
		} catch (error) {
			console.warn('History journal unavailable: every batch is written to IndexedDB', error);
		}
	}

	/** Moves what the journal holds into IndexedDB, in order with the writes before it. */
	settle(): Promise<void> {
		// What a reader knows of is appended already (events follow the append): with nothing
		// pending, it need not wait behind the writes queued now.
		if (!this.#journal?.pending.length) return Promise.resolve();
		return this.#enqueue(() => this.#writeNow([], [], []));
	}

	/** Moves the journal into IndexedDB and lets go of it (what a failed move left stays in it). */
	async close(): Promise<void> {
		try {
			await this.settle();
		} catch (error) {
			console.warn('History journal kept for the next holder to move', error);
		} finally {
			this.#journal?.close();
			this.#journal = undefined;
		}
	}

	/** Runs `work` once everything queued before it is over, whether that succeeded or not. */
	#enqueue<T>(work: () => Promise<T>): Promise<T> {
		const run = this.#queue.then(work);
		this.#queue = run.catch(() => undefined);
		return run;
	}

	async #persistNow(
		records: MessageRecord[],
		rewrites: MessageRecord[],
		receipts: number[]
	): Promise<void> {
		const journal = this.#journal;
		if (journal && !rewrites.length && !receipts.length && records.length < JOURNAL_MAX_BATCH) {
			try {
				journal.append(records);
			} catch (error) {
				// A full disk or a lost file: the batch goes to IndexedDB, which says which.
				console.warn('History journal append failed', error);
				return this.#writeNow(records, rewrites, receipts);
			}
			// The batch is saved; a segment IndexedDB refuses stays in the journal for the next try.
			if (journal.full) {
				await this.#writeNow([], [], []).catch((error) =>
					console.warn('History journal kept: IndexedDB refused its segment', error)
				);
			}
			return;
		}
		await this.#writeNow(records, rewrites, receipts);
	}

	/** Writes a batch to IndexedDB after what the journal holds, then empties the journal. */
	async #writeNow(
		records: MessageRecord[],
		rewrites: MessageRecord[],
		receipts: number[]
	): Promise<void> {
		const journal = this.#journal;
		const pending = journal?.pending ?? [];
		if (pending.length) records = [...pending, ...records];
		if (!records.length && !rewrites.length) return;
		try {
			await this.#write(this.#db, records, rewrites, receipts);
		} catch (error) {
			if (!isQuotaError(error)) throw error;
			await this.#prune((size) => sharePruner(size, QUOTA_SHARE), 'quota');
			await this.#writeAfterRoom(records, rewrites, receipts);
		}
		if (pending.length) journal?.clear();
	}

	/** Tries a refused batch again after each pause while storage is still full. */
	async #writeAfterRoom(
		records: MessageRecord[],
		rewrites: MessageRecord[],
		receipts: number[]
	): Promise<void> {
		for (let attempt = 0; ; attempt++) {
			await pause(this.#roomWaits[attempt]);
			try {
				return await this.#write(this.#db, records, rewrites, receipts);
			} catch (error) {
				if (!isQuotaError(error) || attempt >= this.#roomWaits.length - 1) throw error;
			}
		}
	}

	/**
	 * Applies the retention policy if it has not been checked for a while, or at once when the
	 * message count (`total`, if known) is over the limit: a firehose can add 100,000 messages
	 * in the pause between two checks.
	 */
	check(now = Date.now(), total?: number): void {
		const over = total !== undefined && total > this.#policy.maxMessages;
		if (this.#checking || (!over && now - this.#lastCheck < CHECK_EVERY_MS)) return;
		this.#lastCheck = now;
		this.#checking = true;
		// A failed pass is tried again at the next check; it must not stop the queue.
		this.#enqueue(() =>
			this.#prune((size) => retentionPruner(size, this.#policy, now), 'retention')
		)
			.catch(() => undefined)
			.finally(() => (this.#checking = false));
	}

	async #prune(
		pruner: (size: { total: number; bytes: number }) => Pruner,
		reason: 'retention' | 'quota'
	): Promise<void> {
		// The journal's records count toward the limits; only whole segments in IndexedDB go.
		const pending = this.#journal?.pending.length ?? 0;
		const pendingBytes = this.#journal?.bytes ?? 0;
		const removed = await pruneOldest(this.#db, this.#profileId, (size) =>
			pruner({ ...size, total: size.total + pending, bytes: size.bytes + pendingBytes })
		);
		if (removed) this.#pruned(removed, reason);
	}
}

/** Resolves after `ms` (at once for 0, without a timer). */
function pause(ms = 0): Promise<void> {
	return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/** Whether an IndexedDB failure means the origin's storage quota is used up. */
function isQuotaError(error: unknown): boolean {
	const name = (error as { name?: string } | null)?.name;
	const inner = (error as { target?: { error?: { name?: string } } } | null)?.target?.error?.name;
	return name === 'QuotaExceededError' || inner === 'QuotaExceededError';
}
