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

	it('removes the oldest segments until the size fits', () => {
		const pruned = segmentsToPrune(segments(5), policy({ maxMegabytes: 2 }), 0);
		expect(pruned).toHaveLength(3);
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
