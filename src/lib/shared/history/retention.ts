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

/**
 * The oldest segments to delete so that what remains fits the policy (count and size go
 * PRUNE_SLACK below their limits). Whole segments go, so a profile may keep up to one segment
 * more than that while its newest data stays intact.
 */
export function segmentsToPrune<T extends SegmentSize>(
	segments: readonly T[],
	policy: RetentionPolicy,
	now: number
): T[] {
	let count = segments.reduce((sum, s) => sum + s.count, 0);
	let bytes = segments.reduce((sum, s) => sum + s.bytes, 0);
	const maxBytes = policy.maxMegabytes * 1024 * 1024;
	const countTarget =
		count > policy.maxMessages ? policy.maxMessages * (1 - PRUNE_SLACK) : policy.maxMessages;
	const bytesTarget = bytes > maxBytes ? maxBytes * (1 - PRUNE_SLACK) : maxBytes;
	const oldestAllowed = policy.maxAgeDays > 0 ? now - policy.maxAgeDays * 86_400_000 : -Infinity;
	const prune: T[] = [];
	for (const segment of segments) {
		const tooMany = count > countTarget;
		const tooBig = bytes > bytesTarget;
		const tooOld = segment.lastTime < oldestAllowed;
		if (!tooMany && !tooBig && !tooOld) break;
		prune.push(segment);
		count -= segment.count;
		bytes -= segment.bytes;
	}
	return prune;
}

/** The oldest segments holding about `share` (0–1) of the history: room made when storage is full. */
export function oldestShare<T extends SegmentSize>(segments: readonly T[], share: number): T[] {
	const total = segments.reduce((sum, s) => sum + s.count, 0);
	const target = Math.max(1, Math.ceil(total * share));
	const picked: T[] = [];
	let removed = 0;
	for (const segment of segments) {
		if (removed >= target) break;
		picked.push(segment);
		removed += segment.count;
	}
	return picked;
}

/** The bytes a record occupies in the retention budget: its payload plus a fixed overhead. */
export function recordBytes(payloadLength: number, topicLength: number): number {
	return payloadLength + topicLength + 100;
}
