import { describe, expect, it } from 'vitest';
import { countedReads } from '../../../../tests/support/counted-reads';
import {
	findBreaks,
	medianInterval,
	MIN_SILENCE_MS,
	runCount,
	silenceThreshold
} from './series-gaps';

/** Times every `step` ms from `start`, n of them. */
function every(step: number, n: number, start = 1_000_000): number[] {
	return Array.from({ length: n }, (_, i) => start + i * step);
}

describe('medianInterval', () => {
	it('is the middle interval, ignoring zero ones', () => {
		expect(medianInterval([0, 100, 200, 200, 300, 1300])).toBe(100);
		expect(medianInterval([0, 100, 300])).toBe(150);
		expect(medianInterval([5])).toBe(0);
		expect(medianInterval([5, 5, 5])).toBe(0);
	});

	it('samples long lines: of 1,000,000 points it reads a sample, not the line', () => {
		const plain = new Float64Array(1_000_000);
		for (let i = 0; i < plain.length; i++) plain[i] = i * 200 + (i % 7);
		const times = countedReads(plain);
		const median = medianInterval(times.array);
		// About two thousand intervals sampled, two reads each; a full walk would read two million.
		expect(times.reads()).toBeLessThan(10_000);
		expect(median).toBeGreaterThan(193);
		expect(median).toBeLessThan(207);
	});
});

describe('findBreaks', () => {
	it('gives no breaks for a steady line, or fewer than two points', () => {
		const times = every(200, 100);
		expect(findBreaks(times, times, [])).toEqual([]);
		expect(findBreaks([1], [1], [{ from: 0, to: 5 }])).toEqual([]);
		expect(findBreaks([], [], [])).toEqual([]);
	});

	it('breaks across a silence of more than 5 usual intervals and the minimum', () => {
		const times = [...every(1000, 10), ...every(1000, 10, 1_000_000 + 9000 + 6000)];
		expect(findBreaks(times, times, [])).toEqual([10]);
		// 4 intervals' silence is a late message, not a gap.
		const late = [...every(1000, 10), ...every(1000, 10, 1_000_000 + 9000 + 4000)];
		expect(findBreaks(late, late, [])).toEqual([]);
	});

	it('needs the minimum silence for fast lines', () => {
		// 10 ms pace: 600 ms without points is more than 5×, but under the 1 s minimum.
		const times = [...every(10, 50), ...every(10, 50, 1_000_000 + 490 + 600)];
		expect(findBreaks(times, times, [])).toEqual([]);
		expect(findBreaks(times, times, [], { minSilenceMs: 500 })).toEqual([50]);
		const slow = [...every(10, 50), ...every(10, 50, 1_000_000 + 490 + MIN_SILENCE_MS + 1)];
		expect(findBreaks(slow, slow, [])).toEqual([50]);
	});

	it('honours a custom silence factor', () => {
		const times = [...every(1000, 10), ...every(1000, 10, 1_000_000 + 9000 + 3000)];
		expect(findBreaks(times, times, [], { silenceFactor: 2 })).toEqual([10]);
	});

	it('breaks between points whose arrivals straddle a connection gap', () => {
		const times = every(200, 20);
		// The outage is short (no silence by time: e.g. payload times of queued readings) …
		const arrivals = times.map((t, i) => (i >= 12 ? t + 3000 : t));
		const gaps = [{ from: times[11] + 100, to: times[11] + 2900 }];
		expect(findBreaks(times, arrivals, gaps)).toEqual([12]);
	});

	it('breaks when a gap lies between two arrivals, whatever their order', () => {
		const times = [1, 2, 3, 4];
		const arrivals = [10, 20, 50, 40];
		// 42..45 lies between 20→50 and between 50→40.
		expect(findBreaks(times, arrivals, [{ from: 42, to: 45 }])).toEqual([2, 3]);
		expect(findBreaks(times, arrivals, [{ from: 25, to: 30 }])).toEqual([2]);
		// Gaps outside the points, or between points not next to each other, break nothing.
		expect(findBreaks(times, arrivals, [{ from: 0, to: 5 }])).toEqual([]);
		expect(findBreaks(times, arrivals, [{ from: 60, to: 70 }])).toEqual([]);
	});

	it('handles many, unsorted and overlapping gaps', () => {
		const times = every(100, 100, 0);
		const gaps = [
			{ from: 5050, to: 5060 },
			{ from: 1050, to: 1070 },
			{ from: 1060, to: 1090 },
			{ from: 9950, to: 9960 }
		];
		expect(findBreaks(times, times, gaps)).toEqual([11, 51]);
	});

	it('reads each of 200,000 points a bounded number of times, whatever the gaps', () => {
		const n = 200_000;
		const plain = new Float64Array(n);
		for (let i = 0; i < n; i++) plain[i] = i * 100;
		const times = countedReads(plain);
		const gaps = Array.from({ length: 100 }, (_, k) => ({
			from: k * 200_000 + 50,
			to: k * 200_000 + 60
		}));
		const breaks = findBreaks(times.array, times.array, gaps);
		// Linear work, measured without a clock: one walk, not one per gap (which would be 100×).
		expect(times.reads()).toBeLessThan(6 * n);
		expect(breaks.length).toBe(100);
		expect(breaks[1]).toBe(2001);
	});
});

describe('findBreaks from a point on', () => {
	it('finds, for the points from there on, what a whole look finds', () => {
		const times = [...every(1000, 10), ...every(1000, 10, 1_000_000 + 9000 + 6000)];
		times.push(times[times.length - 1] + 20_000);
		const arrivals = times.map((t) => t + 1);
		const gaps = [{ from: times[3] + 1.2, to: times[4] }];
		const whole = findBreaks(times, arrivals, gaps);
		expect(whole).toEqual([4, 10, 20]);
		const threshold = silenceThreshold(times);
		for (const from of [1, 4, 5, 10, 15, 20]) {
			const tail = findBreaks(times, arrivals, gaps, {}, { from, threshold });
			expect(tail).toEqual(whole.filter((i) => i >= from));
		}
	});
});

describe('runCount', () => {
	it('counts unbroken pieces', () => {
		expect(runCount(0, [])).toBe(0);
		expect(runCount(5, [])).toBe(1);
		expect(runCount(5, [2, 4])).toBe(3);
	});
});
