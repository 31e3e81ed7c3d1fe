import { describe, expect, it } from 'vitest';
import { OverviewBuckets, spreadPick } from './overview';

describe('spreadPick', () => {
	const items = Array.from({ length: 100 }, (_, i) => ({ id: i, time: i * 10 }));
	const time = (item: { time: number }) => item.time;

	it('keeps the first item of each equal part of the range', () => {
		const picked = spreadPick(items, time, 0, 990, 10);
		expect(picked.map((p) => p.id)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
	});

	it('keeps everything when there are fewer items than parts', () => {
		expect(spreadPick(items.slice(0, 5), time, 0, 40, 10).map((p) => p.id)).toEqual([
			0, 1, 2, 3, 4
		]);
	});

	it('skips items outside the range and leaves empty parts empty', () => {
		const sparse = [
			{ id: 1, time: -5 },
			{ id: 2, time: 0 },
			{ id: 3, time: 95 },
			{ id: 4, time: 100 },
			{ id: 5, time: 101 }
		];
		// Parts of 10 over [0, 100]: items at 0 and 95 and 100 (the last part is closed).
		expect(spreadPick(sparse, time, 0, 100, 10).map((p) => p.id)).toEqual([2, 3]);
	});

	it('gives nothing for an empty or reversed range, or no parts', () => {
		expect(spreadPick(items, time, 10, 0, 10)).toEqual([]);
		expect(spreadPick(items, time, 0, 990, 0)).toEqual([]);
	});
});

describe('OverviewBuckets', () => {
	it('keeps per bucket its min, max and last, in time order', () => {
		const b = new OverviewBuckets(0, 100, 2);
		// Bucket 0 [0, 50): 5 (t10), 1 (t20), 9 (t30), 4 (t40). Bucket 1: 7 (t60).
		for (const [t, v] of [
			[10, 5],
			[30, 9],
			[20, 1],
			[40, 4],
			[60, 7]
		]) {
			b.add(t, v, t + 1);
		}
		const { times, values, arrivals } = b.points();
		expect([...times]).toEqual([20, 30, 40, 60]);
		expect([...values]).toEqual([1, 9, 4, 7]);
		expect([...arrivals]).toEqual([21, 31, 41, 61]);
	});

	it('keeps a point that is both min and last once', () => {
		const b = new OverviewBuckets(0, 10, 1);
		b.add(1, 5, 1);
		b.add(2, 3, 2);
		const { times, values } = b.points();
		expect([...times]).toEqual([1, 2]);
		expect([...values]).toEqual([5, 3]);
	});

	it('puts points outside the range in the edge buckets and stays bounded', () => {
		const b = new OverviewBuckets(0, 1000, 10);
		for (let i = -500; i < 1500; i++) b.add(i, Math.sin(i), i);
		const { times } = b.points();
		expect(times.length).toBeLessThanOrEqual(30);
		expect(times[0]).toBeLessThan(0);
		expect(times.at(-1)).toBe(1499);
		expect([...times]).toEqual([...times].sort((x, y) => x - y));
	});

	it('gives no points when nothing was added', () => {
		expect(new OverviewBuckets(0, 10, 5).points().times.length).toBe(0);
	});
});
