import { describe, expect, it } from 'vitest';
import type { SeriesPage, SeriesQuery } from '$lib/shared/charts/series-query';
import { findBreaks } from '$lib/shared/charts/series-gaps';
import { SeriesFeed, type FeedChange } from './series-feed';

/** A fake history: record ids 1..n, one point each on topic t (time = id × 1000, value = id). */
function history(n: number) {
	let total = n;
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
	return {
		read,
		queries,
		add: (k: number) => (total += k),
		clear: () => (total = 0),
		head: async () => total
	};
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('SeriesFeed', () => {
	it('reads the newest page first, then older pages, reporting progress', async () => {
		const h = history(250);
		const changes: [FeedChange, number, string][] = [];
		const feed: SeriesFeed = new SeriesFeed({
			profileId: 'p',
			series: [{ topicFilter: 't', path: 'v' }],
			read: h.read,
			firstBudget: 50,
			pageBudget: 100,
			onchange: (c) => changes.push([c, feed.progress.fraction, feed.progress.phase])
		});
		feed.start();
		await settle();
		expect(changes.map((c) => c[0])).toEqual(['first', 'history', 'history']);
		expect(changes[0][1]).toBeCloseTo(50 / 250);
		expect(changes[2]).toEqual(['history', 1, 'live']);
		const [line] = feed.lines;
		expect(line.buffer.length).toBe(250);
		expect(line.buffer.times[0]).toBe(1000);
		expect(line.buffer.lastValue).toBe(250);
		const older = h.queries.filter((q) => q.afterId === undefined);
		expect(older.map((q) => q.beforeId)).toEqual([Infinity, 201, 101]);
	});

	it('reads live records after the last id, coalescing pokes into one read at a time', async () => {
		const h = history(10);
		let lives = 0;
		const feed = new SeriesFeed({
			profileId: 'p',
			series: [{ topicFilter: 't', path: 'v' }],
			read: h.read,
			onchange: (c) => (lives += c === 'live' ? 1 : 0)
		});
		feed.start();
		await settle();
		h.add(5);
		feed.poke();
		feed.poke();
		feed.poke();
		await settle();
		expect(feed.lines[0].buffer.length).toBe(15);
		expect(feed.lines[0].buffer.lastValue).toBe(15);
		const liveQueries = h.queries.filter((q) => q.afterId !== undefined);
		expect(liveQueries.map((q) => q.afterId)).toEqual([10, 10, 15]);
		expect(lives).toBe(1);
	});

	it('catches up more than a budget of live records, in order', async () => {
		const h = history(10);
		const feed = new SeriesFeed({
			profileId: 'p',
			series: [{ topicFilter: 't', path: 'v' }],
			read: h.read,
			pageBudget: 7,
			onchange: () => undefined
		});
		feed.start();
		await settle();
		h.add(20);
		feed.poke();
		await settle();
		const times = [...feed.lines[0].buffer.times];
		expect(times).toEqual(Array.from({ length: 30 }, (_, i) => (i + 1) * 1000));
	});

	it('starts over on restart and ignores reads after stop', async () => {
		const h = history(10);
		const changes: FeedChange[] = [];
		const feed = new SeriesFeed({
			profileId: 'p',
			series: [{ topicFilter: 't', path: 'v' }],
			read: h.read,
			onchange: (c) => changes.push(c)
		});
		feed.start();
		await settle();
		feed.restart();
		expect(feed.lines).toEqual([]);
		await settle();
		expect(feed.lines[0].buffer.length).toBe(10);
		expect(changes).toEqual(['first', 'reset', 'first']);
		feed.stop();
		h.add(3);
		feed.poke();
		await settle();
		expect(feed.lines[0].buffer.length).toBe(10);
	});

	it('after a clear, where ids start at 1 again, reads live after the new head, not the old', async () => {
		const h = history(10);
		const feed = new SeriesFeed({
			profileId: 'p',
			series: [{ topicFilter: 't', path: 'v' }],
			read: h.read,
			head: h.head,
			onchange: () => undefined
		});
		feed.start();
		await settle();
		h.clear();
		h.add(3);
		const before = h.queries.length;
		feed.restart();
		await settle();
		expect(feed.lines[0].buffer.length).toBe(3);
		h.add(2);
		feed.poke();
		await settle();
		expect(feed.lines[0].buffer.length).toBe(5);
		expect(feed.lines[0].buffer.lastValue).toBe(5);
		const live = h.queries.slice(before).filter((q) => q.afterId !== undefined);
		// The catch-up read after the first page, then the poke: both after id 3, none after 10.
		expect(live.map((q) => q.afterId)).toEqual([3, 3]);
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
		feed.start();
		await settle();
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
		feed.start();
		await settle();
		const [line] = feed.lines;
		expect(feed.breaksOf(line)).toEqual([]);
		// Live points after a long silence: the new point breaks the line.
		line.buffer.append({
			times: Float64Array.from([500_000, 501_000]),
			values: Float64Array.from([1, 2]),
			arrivals: Float64Array.from([500_000, 501_000])
		});
		expect(feed.breaksOf(line)).toEqual([100]);
		expect(feed.breaksOf(line)).toEqual(findBreaks(line.buffer.times, line.buffer.arrivals, []));
	});
});

describe('SeriesFeed with a history head', () => {
	it('starts live reads after the head when the first read saw no matching records', async () => {
		const h = history(0);
		const feed = new SeriesFeed({
			profileId: 'p',
			series: [{ topicFilter: 't', path: 'v' }],
			read: h.read,
			head: () => Promise.resolve(5000),
			onchange: () => undefined
		});
		feed.start();
		await settle();
		expect(h.queries.filter((q) => q.afterId !== undefined).map((q) => q.afterId)).toEqual([5000]);
	});
});
