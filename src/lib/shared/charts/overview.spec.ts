import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	OverviewBuckets,
	SAMPLE_PER_TOPIC,
	SAMPLE_SIZE,
	evenlyByTopic,
	evenlyKept,
	overviewSample,
	spreadPick
} from './overview';

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

describe('evenlyKept', () => {
	it('keeps min(keep, total) items, the last among them, no two gaps differing by more than one', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 2000 }),
				fc.integer({ min: 1, max: 300 }),
				(total, keep) => {
					const kept = Array.from({ length: total }, (_, nth) => nth).filter((nth) =>
						evenlyKept(nth, total, keep)
					);
					expect(kept).toHaveLength(Math.min(total, keep));
					expect(kept.at(-1)).toBe(total - 1);
					const gaps = kept.map((nth, i) => nth - (kept[i - 1] ?? -1));
					expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(1);
				}
			)
		);
	});
});

describe('evenlyByTopic', () => {
	it('keeps a share of each wanted topic spread through the records, and none of the others', () => {
		const topics = Array.from({ length: 300 }, (_, i) => (i % 3 === 2 ? 'rare' : `d/${i % 2}`));
		topics.push('other');
		const records = topics.map((topic) => ({ topic }));
		const kept = evenlyByTopic(records, 40, (topic) => topic !== 'other');
		const taken = records.map(({ topic }, i) => ({ topic, i })).filter(({ topic }) => kept(topic));
		const of = (topic: string) => taken.filter((t) => t.topic === topic).map((t) => t.i);
		// 100 records each of d/0, d/1 and rare: 40 of each, up to the last of each.
		expect(of('d/0')).toHaveLength(40);
		expect(of('d/1')).toHaveLength(40);
		expect(of('rare')).toHaveLength(40);
		expect(of('d/0').at(-1)).toBe(298);
		expect(of('rare').at(-1)).toBe(299);
		expect(of('d/0')[0]).toBeLessThan(10);
		expect(of('other')).toEqual([]);
	});

	it('keeps every record of a topic that has no more than its share', () => {
		const records = ['a', 'b', 'a', 'a'].map((topic) => ({ topic }));
		const kept = evenlyByTopic(records, 3, () => true);
		expect(records.map(({ topic }) => kept(topic))).toEqual([true, true, true, true]);
	});
});

describe('overviewSample', () => {
	const segment = (topics: number, length = 1000) =>
		Array.from({ length }, (_, i) => ({ topic: `d/${i % topics}`, i }));

	it('keeps the same number of every topic, spread through the segment, in order', () => {
		const records = segment(10);
		const sample = overviewSample(records)!;
		const perTopic = Math.floor(SAMPLE_SIZE / 10);
		expect(sample).toHaveLength(perTopic * 10);
		for (let t = 0; t < 10; t++) {
			const of = sample.filter((r) => r.topic === `d/${t}`).map((r) => r.i);
			expect(of).toHaveLength(perTopic);
			// Spread: the last of the topic is kept, and the kept ones evenly apart among its 100.
			expect(of.at(-1)).toBe(990 + t);
			const steps = of.slice(1).map((i, n) => (i - of[n]) / 10);
			const even = [Math.floor(100 / perTopic), Math.ceil(100 / perTopic)];
			expect(steps.every((step) => even.includes(step))).toBe(true);
		}
		expect(sample.map((r) => r.i)).toEqual([...sample.map((r) => r.i)].sort((a, b) => a - b));
	});

	it('holds at most SAMPLE_PER_TOPIC of a topic', () => {
		expect(overviewSample(segment(1))).toHaveLength(SAMPLE_PER_TOPIC);
	});

	it('is not made when the topics outnumber its room, or it would be half the segment', () => {
		expect(overviewSample(segment(SAMPLE_SIZE + 1))).toBeUndefined();
		expect(overviewSample(segment(10, 100))).toBeUndefined();
		expect(overviewSample([])).toBeUndefined();
	});
});
