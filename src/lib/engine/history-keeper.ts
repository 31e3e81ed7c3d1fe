import {
	retentionPruner,
	sharePruner,
	type Pruner,
	type RetentionPolicy
} from '$lib/shared/history/retention';
import type { Database } from '$lib/storage/db';
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
		try {
			await this.#write(this.#db, records, rewrites, receipts);
		} catch (error) {
			if (!isQuotaError(error)) throw error;
			await this.#prune((size) => sharePruner(size, QUOTA_SHARE), 'quota');
			await this.#writeAfterRoom(records, rewrites, receipts);
		}
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
		const removed = await pruneOldest(this.#db, this.#profileId, pruner);
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
