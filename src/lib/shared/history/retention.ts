/** How much history a profile keeps; the oldest messages go first. */
export interface RetentionPolicy {
	/** Most messages kept. */
	maxMessages: number;
	/** Most megabytes of payload (and per-message overhead) kept. */
	maxMegabytes: number;
	/** Messages older than this many days are removed; 0 keeps them regardless of age. */
	maxAgeDays: number;
}

/** The defaults: a million messages or 500 MB, of any age. */
export const DEFAULT_RETENTION: RetentionPolicy = {
	maxMessages: 1_000_000,
	maxMegabytes: 500,
	maxAgeDays: 0
};

/** What retention needs to know of a stored segment of history (oldest first). */
export interface SegmentSize {
	firstId: number;
	count: number;
	bytes: number;
	/** Time of the segment's newest message. */
	lastTime: number;
}

/**
 * Once a count or size limit is passed, pruning goes this share below it. A profile at its limit
 * is then pruned every few thousand messages rather than on every batch: each prune makes the
 * views that show history start over.
 */
export const PRUNE_SLACK = 0.02;

/** What retention needs to know of a whole history. */
export interface HistorySize {
	total: number;
	bytes: number;
}

/** Says of each segment, oldest first, whether it goes; once it says no, it stays no. */
export type Pruner = (segment: SegmentSize) => boolean;

/**
 * Decides which of the oldest segments to delete so that what remains fits the policy (count and
 * size go PRUNE_SLACK below their limits). Whole segments go, so a profile may keep up to one
 * segment more than that while its newest data stays intact. Asks only the history's totals
 * and the segments it walks, so a pass over a long history reads its oldest rows only.
 */
export function retentionPruner(size: HistorySize, policy: RetentionPolicy, now: number): Pruner {
	let { total: count, bytes } = size;
	const maxBytes = policy.maxMegabytes * 1024 * 1024;
	const countTarget =
		count > policy.maxMessages ? policy.maxMessages * (1 - PRUNE_SLACK) : policy.maxMessages;
	const bytesTarget = bytes > maxBytes ? maxBytes * (1 - PRUNE_SLACK) : maxBytes;
	const oldestAllowed = policy.maxAgeDays > 0 ? now - policy.maxAgeDays * 86_400_000 : -Infinity;
	let done = false;
	return (segment) => {
		done ||= !(count > countTarget || bytes > bytesTarget || segment.lastTime < oldestAllowed);
		if (done) return false;
		count -= segment.count;
		bytes -= segment.bytes;
		return true;
	};
}

/** Decides which of the oldest segments hold about `share` (0–1) of a history of `size`. */
export function sharePruner(size: HistorySize, share: number): Pruner {
	const target = Math.max(1, Math.ceil(size.total * share));
	let removed = 0;
	return (segment) => {
		if (removed >= target) return false;
		removed += segment.count;
		return true;
	};
}

/** The segments a pruner picks from a list, oldest first. */
function pick<T extends SegmentSize>(segments: readonly T[], prune: Pruner): T[] {
	const picked: T[] = [];
	for (const segment of segments) {
		if (!prune(segment)) break;
		picked.push(segment);
	}
	return picked;
}

/** Totals of a list of segments. */
function sizeOf(segments: readonly SegmentSize[]): HistorySize {
	return {
		total: segments.reduce((sum, s) => sum + s.count, 0),
		bytes: segments.reduce((sum, s) => sum + s.bytes, 0)
	};
}

/** The oldest segments `retentionPruner` deletes from a whole list of segments. */
export function segmentsToPrune<T extends SegmentSize>(
	segments: readonly T[],
	policy: RetentionPolicy,
	now: number
): T[] {
	return pick(segments, retentionPruner(sizeOf(segments), policy, now));
}

/** The oldest segments holding about `share` (0–1) of the history: room made when storage is full. */
export function oldestShare<T extends SegmentSize>(segments: readonly T[], share: number): T[] {
	return pick(segments, sharePruner(sizeOf(segments), share));
}

/** The bytes a record occupies in the retention budget: its payload plus a fixed overhead. */
export function recordBytes(payloadLength: number, topicLength: number): number {
	return payloadLength + topicLength + 100;
}
