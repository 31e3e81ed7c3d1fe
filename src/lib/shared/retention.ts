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
 * The oldest segments to delete so that what remains fits the policy. Whole segments go, so a
 * profile may keep up to one segment more than the limits while its newest data stays intact.
 */
export function segmentsToPrune<T extends SegmentSize>(
	segments: readonly T[],
	policy: RetentionPolicy,
	now: number
): T[] {
	let count = segments.reduce((sum, s) => sum + s.count, 0);
	let bytes = segments.reduce((sum, s) => sum + s.bytes, 0);
	const maxBytes = policy.maxMegabytes * 1024 * 1024;
	const oldestAllowed = policy.maxAgeDays > 0 ? now - policy.maxAgeDays * 86_400_000 : -Infinity;
	const prune: T[] = [];
	for (const segment of segments) {
		const tooMany = count > policy.maxMessages;
		const tooBig = bytes > maxBytes;
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
