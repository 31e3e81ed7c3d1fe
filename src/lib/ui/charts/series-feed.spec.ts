import { describe, expect, it } from 'vitest';
import type {
	SeriesOverview,
	SeriesOverviewQuery,
	SeriesPage,
	SeriesQuery
} from '$lib/shared/charts/series-query';
import { findBreaks } from '$lib/shared/charts/series-gaps';
import type { LiveUpdateOf } from '$lib/shared/live/live-spec';
import { OVERVIEW_FIRST_SPAN, OVERVIEW_SEGMENTS, SeriesFeed, type FeedChange } from './series-feed';

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

/**
 * An overview of history(n) as the engine gives it: every 25th point, and one gap; none when
 * the first page reads everything.
 */
function overviewOf(n: number, queries: SeriesOverviewQuery[]) {
	return async (q: SeriesOverviewQuery): Promise<SeriesOverview> => {
		queries.push(q);
		const ids = Array.from(
			{ length: n > q.skipUpTo ? Math.floor(n / 25) : 0 },
			(_, i) => (i + 1) * 25
		);
		const times = Float64Array.from(ids, (id) => id * 1000);
		return {
			lines: ids.length
				? [
						{ series: 0, topic: 't', times, values: Float64Array.from(ids), arrivals: times },
						{ series: 0, topic: 'u', times, values: Float64Array.from(ids), arrivals: times }
					]
				: [],
			gaps: [{ from: 100_500, to: 124_500 }],
			from: 1000,
			to: n * 1000,
			segmentsInRange: 10,
			segmentsRead: 4
		};
	};
}

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

describe('SeriesFeed overview', () => {
	it('over a few hours draws the newest page, then the overview where it did not reach, then older pages', async () => {
		const h = history(300);
		const queries: SeriesOverviewQuery[] = [];
		const seen: { change: FeedChange; older: number[]; breaks: number[]; u?: number }[] = [];
		const feed: SeriesFeed = new SeriesFeed({
			profileId: 'p',
			series: [{ topicFilter: '+', path: 'v' }],
			read: h.read,
			overview: overviewOf(300, queries),
			span: 3_600_000,
			firstBudget: 50,
			pageBudget: 100,
			onchange: (change) => {
				const t = feed.lines.find((l) => l.topic === 't')!;
				const older = feed.overviewBefore(t);
				const u = feed.lines.find((l) => l.topic === 'u');
				const uOlder = u && feed.overviewBefore(u).times.length;
				seen.push({ change, older: [...older.times], breaks: older.breaks, u: uOlder });
			}
		});
		await feed.backfill(300, always);
		expect(seen.map((s) => s.change)).toEqual([
			'first',
			'overview',
			'history',
			'history',
			'history'
		]);
		expect(queries).toEqual([
			expect.objectContaining({
				profileId: 'p',
				span: 3_600_000,
				points: 2000,
				segments: OVERVIEW_SEGMENTS,
				skipUpTo: 50
			})
		]);
		// After the first page (points 251…300) the overview stands in for 1…250 only.
		expect(seen[1].older[0]).toBe(25_000);
		expect(seen[1].older.at(-1)).toBe(250_000);
		// It breaks at the connection gap (between 100 s and 125 s), not at its wide spacing.
		expect(seen[1].breaks).toEqual([4]);
		// A line only the overview has met is listed, with all its overview points.
		expect(seen[1].u).toBe(12);
		// Each older page leaves the overview only what is older still.
		expect(seen[2].older.at(-1)).toBe(150_000);
		expect(seen[3].older.at(-1)).toBe(50_000);
		// Once every record is read, the overview is dropped.
		expect(seen[4].older).toEqual([]);
		expect(seen[4].u).toBe(0);
		expect(feed.lines.find((l) => l.topic === 'u')?.buffer.length).toBe(0);
	});

	it('over a long range draws the overview first, then the newest page, then older pages', async () => {
		for (const span of [OVERVIEW_FIRST_SPAN + 1, 0]) {
			const h = history(300);
			const queries: SeriesOverviewQuery[] = [];
			const seen: { change: FeedChange; older: number[]; read: number }[] = [];
			const feed: SeriesFeed = new SeriesFeed({
				profileId: 'p',
				series: [{ topicFilter: '+', path: 'v' }],
				read: h.read,
				overview: overviewOf(300, queries),
				span,
				firstBudget: 50,
				pageBudget: 100,
				onchange: (change) => {
					const t = feed.lines.find((l) => l.topic === 't')!;
					seen.push({ change, older: [...feed.overviewBefore(t).times], read: t.buffer.length });
				}
			});
			await feed.backfill(300, always);
			expect(seen.map((s) => s.change)).toEqual([
				'overview',
				'first',
				'history',
				'history',
				'history'
			]);
			expect(queries).toEqual([expect.objectContaining({ span, skipUpTo: 50 })]);
			// Before any page the overview stands in for the whole range.
			expect(seen[0].read).toBe(0);
			expect(seen[0].older[0]).toBe(25_000);
			expect(seen[0].older.at(-1)).toBe(300_000);
			// Then as before: the newest page takes over from 251 on, older pages below it.
			expect(seen[1].older.at(-1)).toBe(250_000);
			expect(seen[4].older).toEqual([]);
			expect(feed.lines.find((l) => l.topic === 't')?.buffer.length).toBe(300);
		}
	});

	it('drops an overview read first once the first page holds all of history', async () => {
		const h = history(300);
		const changes: FeedChange[] = [];
		// An engine whose overview samples history although the first page then reads it all.
		const feed: SeriesFeed = new SeriesFeed({
			profileId: 'p',
			series: [{ topicFilter: 't', path: 'v' }],
			read: h.read,
			overview: (q) => overviewOf(300, [])({ ...q, skipUpTo: 0 }),
			span: 0,
			firstBudget: 500,
			onchange: (c) => changes.push(c)
		});
		await feed.backfill(300, always);
		expect(changes).toEqual(['overview', 'first']);
		const t = feed.lines.find((l) => l.topic === 't')!;
		expect(t.buffer.length).toBe(300);
		expect(feed.overviewBefore(t).times).toHaveLength(0);
	});

	it('goes on page by page when the overview cannot be read', async () => {
		const h = history(300);
		const changes: FeedChange[] = [];
		const errors: unknown[] = [];
		const feed = new SeriesFeed({
			profileId: 'p',
			series: [{ topicFilter: 't', path: 'v' }],
			read: h.read,
			overview: async () => {
				throw new Error('overview failed');
			},
			firstBudget: 50,
			pageBudget: 100,
			onchange: (c) => changes.push(c),
			onerror: (e) => errors.push(e)
		});
		await feed.backfill(300, always);
		expect(changes).toEqual(['first', 'history', 'history', 'history']);
		expect(errors).toEqual([]);
		expect(feed.lines[0].buffer.length).toBe(300);
	});

	it('reads no overview when the first page holds all of history', async () => {
		const h = history(40);
		const queries: SeriesOverviewQuery[] = [];
		const changes: FeedChange[] = [];
		const feed = new SeriesFeed({
			profileId: 'p',
			series: [{ topicFilter: 't', path: 'v' }],
			read: h.read,
			overview: overviewOf(40, queries),
			span: 3_600_000,
			firstBudget: 50,
			onchange: (c) => changes.push(c)
		});
		await feed.backfill(40, always);
		expect(changes).toEqual(['first']);
		expect(queries).toHaveLength(0);
	});
});
