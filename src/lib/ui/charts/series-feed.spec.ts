import { describe, expect, it } from 'vitest';
import type { SeriesPage, SeriesQuery } from '$lib/shared/charts/series-query';
import { findBreaks } from '$lib/shared/charts/series-gaps';
import type { LiveUpdateOf } from '$lib/shared/live/live-spec';
import { SeriesFeed, type FeedChange } from './series-feed';

/** A fake history: record ids 1..n, one point each on topic t (time = id × 1000, value = id). */
function history(n: number) {
	const total = n;
	const queries: SeriesQuery[] = [];
	const read = async (q: SeriesQuery): Promise<SeriesPage> => {
		queries.push(q);
		await Promise.resolve();
		const top = Math.min(q.beforeId, total + 1);
		const bottom = Math.max(q.afterId ?? 0, top - q.budget - 1, 0);
		const ids: number[] = [];
		for (let id = bottom + 1; id < top; id++) ids.push(id);
		const times = Float64Array.from(ids, (id) => id * 1000);
		return {
			lines: ids.length
				? [{ series: 0, topic: 't', times, values: Float64Array.from(ids), arrivals: times }]
				: [],
			gaps: [],
			nextBeforeId: bottom + 1,
			done: bottom <= (q.afterId ?? 0),
			lastId: ids.length ? ids[ids.length - 1] : 0,
			firstId: 1,
			scanned: ids.length
		};
	};
	return { read, queries };
}

/** A live update of points `from`..`to` on topic t, as the engine sends it. */
function liveUpdate(from: number, to: number): LiveUpdateOf<'series'> {
	const ids = Array.from({ length: to - from + 1 }, (_, i) => from + i);
	const times = Float64Array.from(ids, (id) => id * 1000);
	return {
		kind: 'series',
		id: 'live-1',
		lines: [{ series: 0, topic: 't', times, values: Float64Array.from(ids), arrivals: times }],
		gaps: [],
		matched: ['t']
	};
}

const always = () => true;

describe('SeriesFeed', () => {
	it('reads the newest page up to the cut first, then older pages, reporting progress', async () => {
		const h = history(300);
		const changes: [FeedChange, number, string][] = [];
		const feed: SeriesFeed = new SeriesFeed({
			profileId: 'p',
			series: [{ topicFilter: 't', path: 'v' }],
			read: h.read,
			firstBudget: 50,
			pageBudget: 100,
			onchange: (c) => changes.push([c, feed.progress.fraction, feed.progress.phase])
		});
		await feed.backfill(250, always);
		expect(changes.map((c) => c[0])).toEqual(['first', 'history', 'history']);
		expect(changes[0][1]).toBeCloseTo(50 / 250);
		expect(changes[2]).toEqual(['history', 1, 'live']);
		const [line] = feed.lines;
		expect(line.buffer.length).toBe(250);
		expect(line.buffer.times[0]).toBe(1000);
		expect(line.buffer.lastValue).toBe(250);
		expect(h.queries.map((q) => q.beforeId)).toEqual([251, 201, 101]);
	});

	it('appends live points without reading, and names the topics live batches matched', async () => {
		const h = history(10);
		const changes: FeedChange[] = [];
		const feed = new SeriesFeed({
			profileId: 'p',
			series: [{ topicFilter: 't', path: 'v' }],
			read: h.read,
			onchange: (c) => changes.push(c)
		});
		await feed.backfill(10, always);
		const reads = h.queries.length;
		feed.apply(liveUpdate(11, 15));
		feed.apply(liveUpdate(16, 16));
		expect(h.queries.length).toBe(reads);
		expect([...feed.lines[0].buffer.values]).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
		expect(changes).toEqual(['first', 'live', 'live']);
		expect(feed.matchedTopic(0)).toBe('t');
		expect(feed.matchedTopic(1)).toBeUndefined();
	});

	it('drops everything on reset, and a backfill no longer current', async () => {
		const h = history(10);
		const changes: FeedChange[] = [];
		const feed = new SeriesFeed({
			profileId: 'p',
			series: [{ topicFilter: 't', path: 'v' }],
			read: h.read,
			onchange: (c) => changes.push(c)
		});
		await feed.backfill(10, always);
		feed.reset();
		expect(feed.lines).toEqual([]);
		expect(feed.progress.phase).toBe('loading');
		await feed.backfill(10, () => false);
		expect(feed.lines).toEqual([]);
		expect(changes).toEqual(['first', 'reset']);
	});

	it('reports read errors', async () => {
		let error: unknown;
		const feed = new SeriesFeed({
			profileId: 'p',
			series: [],
			read: () => Promise.reject(new Error('boom')),
			onchange: () => undefined,
			onerror: (e) => (error = e)
		});
		await feed.backfill(5, always);
		expect((error as Error).message).toBe('boom');
	});
});

describe('SeriesFeed.breaksOf', () => {
	it('after live appends, gives what a whole look at the line gives', async () => {
		const h = history(100);
		const feed = new SeriesFeed({
			profileId: 'p',
			series: [{ topicFilter: 't', path: 'v' }],
			read: h.read,
			onchange: () => undefined
		});
		await feed.backfill(100, always);
		const [line] = feed.lines;
		expect(feed.breaksOf(line)).toEqual([]);
		// Live points after a long silence: the new point breaks the line.
		feed.apply({
			...liveUpdate(500, 501),
			lines: [
				{
					series: 0,
					topic: 't',
					times: Float64Array.from([500_000, 501_000]),
					values: Float64Array.from([1, 2]),
					arrivals: Float64Array.from([500_000, 501_000])
				}
			]
		});
		expect(feed.breaksOf(line)).toEqual([100]);
		expect(feed.breaksOf(line)).toEqual(findBreaks(line.buffer.times, line.buffer.arrivals, []));
	});
});
