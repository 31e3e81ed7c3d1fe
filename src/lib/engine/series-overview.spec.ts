import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { openScopeDB } from '$lib/storage/db';
import { putBatch } from '$lib/storage/messages';
import { readSeriesOverview } from './series-overview';

let dbCount = 0;
const T0 = 1_700_000_000_000;
const encode = (text: string) => new TextEncoder().encode(text);

/** Record `id`, one a second: d/0 and d/1 in turn; ids 2,500 and 10,500 are also on "rare". */
function record(id: number): MessageRecord {
	const rare = id === 2500 || id === 10_500;
	return {
		profileId: 'a',
		id,
		direction: 'in',
		topic: rare ? 'rare' : `d/${id % 2}`,
		payload: encode(JSON.stringify({ v: id % 2 ? -id : id })),
		qos: 0,
		retain: false,
		dup: false,
		time: T0 + id * 1000,
		// The connection was down for a minute before record 6,001.
		...(id === 6001 ? { gapBefore: { from: T0 + 6000 * 1000, to: T0 + 6001 * 1000 - 1 } } : {})
	};
}

/** 12,000 records: 12 full segments. */
async function seed() {
	const db = await openScopeDB(`overview-test-${++dbCount}`);
	const all = Array.from({ length: 12_000 }, (_, i) => record(i + 1));
	for (let i = 0; i < all.length; i += 1000) await putBatch(db, all.slice(i, i + 1000));
	return db;
}

const query = {
	profileId: 'a',
	series: [{ topicFilter: 'd/0', path: 'v' }],
	span: 0,
	skipUpTo: 0
};

describe('readSeriesOverview', () => {
	it('reads at most `segments` segments, spread over the range, and at most `points` a line', async () => {
		const db = await seed();
		const overview = await readSeriesOverview(db, { ...query, points: 30, segments: 4 });
		expect(overview.segmentsInRange).toBe(12);
		expect(overview.segmentsRead).toBe(4);
		expect(overview.lines).toHaveLength(1);
		const [line] = overview.lines;
		expect(line.topic).toBe('d/0');
		expect(line.times.length).toBeGreaterThan(0);
		expect(line.times.length).toBeLessThanOrEqual(30);
		// From the oldest segment to one of the last quarter of the range.
		expect(line.times[0]).toBeLessThanOrEqual(T0 + 1000 * 1000);
		expect(line.times.at(-1)).toBeGreaterThan(T0 + 9000 * 1000);
		expect([...line.times]).toEqual([...line.times].sort((a, b) => a - b));
		expect(overview.gaps).toEqual([{ from: T0 + 6000 * 1000, to: T0 + 6001 * 1000 - 1 }]);
	});

	it('from a sample of the segments, reads its share of each topic spread through each one', async () => {
		const db = await seed();
		const overview = await readSeriesOverview(db, { ...query, points: 30, segments: 4 });
		expect(overview.segmentsRead).toBe(4);
		// A share of ceil(30 / 4) = 8 of a segment's 500 d/0 records (ids 2, 4 … 1,000 past its
		// start): the 63rd, 125th … 500th, ids ending in 126, 250 … 1,000. (The segments holding
		// "rare" have 499 and are left out of the check.)
		const shared = new Set([126, 250, 376, 500, 626, 750, 876, 1000]);
		const offsets = [...overview.lines[0].values]
			.filter((v) => Math.ceil(v / 1000) !== 3 && Math.ceil(v / 1000) !== 11)
			.map((v) => v - 1000 * (Math.ceil(v / 1000) - 1));
		expect(offsets.length).toBeGreaterThan(0);
		for (const offset of offsets) expect(shared).toContain(offset);
	});

	it('keeps the true lowest and highest when every segment is read', async () => {
		const db = await seed();
		const overview = await readSeriesOverview(db, { ...query, points: 300, segments: 100 });
		expect(overview.segmentsRead).toBe(12);
		const values = [...overview.lines[0].values];
		// d/0 carries the even ids (the rare ones excepted): 2 … 12,000.
		expect(Math.min(...values)).toBe(2);
		expect(Math.max(...values)).toBe(12_000);
		expect(overview.to).toBe(T0 + 12_000 * 1000);
	});

	it('keeps every record when it reads every segment holding the series, however few', async () => {
		const db = await seed();
		// A 13th segment, all of it one topic: walked, each of the 13 heads is a pick, and the
		// one segment holding the topic is read. It is all of the topic, not a sample of it.
		await putBatch(
			db,
			Array.from({ length: 1000 }, (_, i) => ({
				...record(12_001 + i),
				topic: 'solo',
				payload: encode(JSON.stringify({ v: (i * 7919) % 1000 }))
			}))
		);
		const solo = { ...query, series: [{ topicFilter: 'solo', path: 'v' }] };
		const overview = await readSeriesOverview(db, { ...solo, points: 6, segments: 100 });
		expect(overview.segmentsRead).toBe(1);
		expect(overview.segmentsInRange).toBe(13);
		const values = [...overview.lines[0].values];
		expect(Math.min(...values)).toBe(0);
		expect(Math.max(...values)).toBe(999);
	});

	it('covers only the last `span` ms', async () => {
		const db = await seed();
		const span = 3000 * 1000;
		const overview = await readSeriesOverview(db, { ...query, span, points: 300, segments: 100 });
		expect(overview.from).toBe(T0 + 9000 * 1000);
		expect(overview.segmentsInRange).toBe(4); // the segment ending at 9,000 s touches the range
		expect(Math.min(...overview.lines[0].times)).toBeGreaterThanOrEqual(T0 + 8000 * 1000);
	});

	it('reads only the segments the topic index lists for the series', async () => {
		const db = await seed();
		const overview = await readSeriesOverview(db, {
			...query,
			series: [{ topicFilter: 'rare', path: 'v' }],
			points: 30,
			segments: 100
		});
		// One exact topic: every segment of the range may hold it; two are read.
		expect(overview.segmentsInRange).toBe(12);
		expect(overview.segmentsRead).toBe(2);
		expect([...overview.lines[0].values]).toEqual([2500, 10_500]);
	});

	it('reads nothing when the range holds no more records than the first page reads', async () => {
		const db = await seed();
		const overview = await readSeriesOverview(db, {
			...query,
			points: 30,
			segments: 4,
			skipUpTo: 12_000
		});
		expect(overview.segmentsInRange).toBe(12);
		expect(overview.segmentsRead).toBe(0);
		expect(overview.lines).toEqual([]);
	});

	it('gives nothing for a profile without history', async () => {
		const db = await openScopeDB(`overview-test-${++dbCount}`);
		const overview = await readSeriesOverview(db, { ...query, points: 30, segments: 4 });
		expect(overview.lines).toEqual([]);
		expect(overview.segmentsRead).toBe(0);
	});
});
