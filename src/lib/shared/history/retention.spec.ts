import { describe, expect, it } from 'vitest';
import { oldestShare, segmentsToPrune, type RetentionPolicy } from './retention';

const MB = 1024 * 1024;
const DAY = 86_400_000;

function segments(n: number, count = 100, bytes = MB, dayOffset = 0) {
	return Array.from({ length: n }, (_, i) => ({
		firstId: i * count + 1,
		count,
		bytes,
		lastTime: (i + dayOffset) * DAY
	}));
}

const policy = (p: Partial<RetentionPolicy>): RetentionPolicy => ({
	maxMessages: Infinity,
	maxMegabytes: Infinity,
	maxAgeDays: 0,
	...p
});

describe('segmentsToPrune', () => {
	it('keeps everything within the limits', () => {
		expect(segmentsToPrune(segments(5), policy({ maxMessages: 500 }), 0)).toEqual([]);
	});

	it('removes the oldest segments until the count fits', () => {
		const pruned = segmentsToPrune(segments(5), policy({ maxMessages: 250 }), 0);
		expect(pruned.map((s) => s.firstId)).toEqual([1, 101, 201]);
	});

	it('removes the oldest segments until the size fits, a little below the limit', () => {
		// 5 MB against 2.5 MB: 2 MB stays, since 3 MB is over and 2.5 MB is not 2% below.
		const pruned = segmentsToPrune(segments(5), policy({ maxMegabytes: 2.5 }), 0);
		expect(pruned).toHaveLength(3);
	});

	it('prunes a little below the limit, so the next batches do not prune again', () => {
		// 1,000 segments of 100 over a limit of 99,950: pruning goes to 2% below (97,951).
		const all = segments(1000);
		const pruned = segmentsToPrune(all, policy({ maxMessages: 99_950 }), 0);
		expect(pruned).toHaveLength(21);
		const left = all.slice(pruned.length);
		const next = [...left, ...segments(10).map((s, i) => ({ ...s, firstId: 200_000 + i }))];
		expect(segmentsToPrune(next, policy({ maxMessages: 99_950 }), 0)).toEqual([]);
	});

	it('removes segments older than the maximum age', () => {
		const now = 10 * DAY;
		const pruned = segmentsToPrune(segments(10), policy({ maxAgeDays: 3 }), now);
		expect(pruned.map((s) => s.lastTime / DAY)).toEqual([0, 1, 2, 3, 4, 5, 6]);
	});
});

describe('oldestShare', () => {
	it('picks the oldest segments holding at least the share', () => {
		expect(oldestShare(segments(10), 0.25).map((s) => s.firstId)).toEqual([1, 101, 201]);
		expect(oldestShare(segments(1), 0.01)).toHaveLength(1);
		expect(oldestShare([], 0.5)).toEqual([]);
	});
});
