import { describe, expect, it } from 'vitest';
import { countedReads } from '../../../../tests/support/counted-reads';
import { decimate, type ChartPoint } from './decimate';

function line(n: number, value: (i: number) => number = (i) => Math.sin(i / 50) * 10) {
	const times = new Float64Array(n);
	const values = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		times[i] = 1_000_000 + i * 100;
		values[i] = value(i);
	}
	return { times, values };
}

const ys = (points: ChartPoint[]) => points.map((p) => p.y);
const xs = (points: ChartPoint[]) => points.map((p) => p.x);

describe('decimate', () => {
	it('returns nothing for an empty line or an empty range', () => {
		expect(decimate([], [], 0, 10, 100)).toEqual([]);
		expect(decimate([1, 2], [1, 2], 10, 0, 100)).toEqual([]);
	});

	it('returns a short range whole, plus one point outside each edge', () => {
		const { times, values } = line(100, (i) => i);
		const points = decimate(times, values, times[10], times[20], 100);
		expect(ys(points)).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
		expect(points[0]).toEqual({ x: times[9], y: 9 });
	});

	it('keeps a line through a range holding no point: the points on either side', () => {
		const points = decimate([0, 100], [1, 2], 40, 60, 10);
		expect(points).toEqual([
			{ x: 0, y: 1 },
			{ x: 100, y: 2 }
		]);
	});

	it('turns breaks into null points between the two points', () => {
		const points = decimate([0, 1, 2, 3, 4], [5, 6, 7, 8, 9], 0, 4, 100, [2, 4]);
		expect(points).toEqual([
			{ x: 0, y: 5 },
			{ x: 1, y: 6 },
			{ x: 1.5, y: null },
			{ x: 2, y: 7 },
			{ x: 3, y: 8 },
			{ x: 3.5, y: null },
			{ x: 4, y: 9 }
		]);
	});

	it('ignores breaks outside the drawn range', () => {
		const { times, values } = line(100, (i) => i);
		const points = decimate(times, values, times[40], times[50], 100, [5, 80]);
		expect(ys(points).includes(null)).toBe(false);
	});

	it('keeps min and max per bucket in time order, and the range edges', () => {
		// Two buckets' worth of points with a spike up and a spike down in each.
		const n = 1000;
		const { times, values } = line(n, (i) =>
			i === 100 ? 50 : i === 300 ? -50 : i === 700 ? -60 : i === 900 ? 60 : 0
		);
		const points = decimate(times, values, times[0], times[n - 1], 2);
		expect(points[0]).toEqual({ x: times[0], y: 0 });
		expect(points[points.length - 1]).toEqual({ x: times[n - 1], y: 0 });
		expect(ys(points)).toEqual([0, 50, -50, -60, 60, 0]);
		const x = xs(points);
		expect([...x].sort((p, q) => p - q)).toEqual(x);
	});

	it('keeps one point outside each edge when zoomed in', () => {
		const { times, values } = line(100_000);
		const from = times[50_000] + 50;
		const to = times[60_000] + 50;
		const points = decimate(times, values, from, to, 500);
		expect(points[0].x).toBe(times[50_000]);
		expect(points[1].x).toBe(times[50_001]);
		expect(points[points.length - 1].x).toBe(times[60_001]);
		expect(points[points.length - 2].x).toBe(times[60_000]);
		expect(points.length).toBeLessThanOrEqual(2 * 500 + 4);
	});

	it('keeps breaks inside a bucket: min/max on each side and a null between', () => {
		const n = 10_000;
		const { times, values } = line(n, (i) => (i < 5000 ? i % 10 : 100 + (i % 10)));
		const points = decimate(times, values, times[0], times[n - 1], 1, [5000]);
		const nulls = points.filter((p) => p.y === null);
		expect(nulls).toHaveLength(1);
		expect(nulls[0].x).toBe((times[4999] + times[5000]) / 2);
		const gapAt = points.findIndex((p) => p.y === null);
		expect(Math.max(...points.slice(0, gapAt).map((p) => p.y!))).toBe(9);
		expect(Math.min(...points.slice(gapAt + 1).map((p) => p.y!))).toBe(100);
	});

	it('keeps the global min and max of a long line', () => {
		const { times, values } = line(100_000, (i) => (i * 7919) % 1000);
		values[31_337] = -5;
		values[77_777] = 5000;
		const points = decimate(times, values, times[0], times[99_999], 800);
		expect(Math.min(...points.map((p) => p.y!))).toBe(-5);
		expect(Math.max(...points.map((p) => p.y!))).toBe(5000);
	});

	it('decimates 100,000 points to about 2 × width, reading each point a bounded number of times', () => {
		const line100k = line(100_000);
		const times = countedReads(line100k.times);
		const values = countedReads(line100k.values);
		const breaks = [20_000, 60_000];
		const points = decimate(
			times.array,
			values.array,
			1_000_000,
			1_000_000 + 99_999 * 100,
			1000,
			breaks
		);
		expect(points.length).toBeLessThanOrEqual(2 * 1000 + 4 + 3 * breaks.length);
		expect(points.length).toBeGreaterThan(1000);
		expect(points.filter((p) => p.y === null)).toHaveLength(2);
		// Linear work, measured without a clock: a few reads per point, not one per point per bucket.
		expect(times.reads() + values.reads()).toBeLessThan(4 * 100_000);
	});
});
