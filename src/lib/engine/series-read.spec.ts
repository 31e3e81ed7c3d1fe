import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import type { SeriesPage } from '$lib/shared/charts/series-query';
import type { SeriesSpec } from '$lib/shared/charts/series';
import { openScopeDB } from '$lib/storage/db';
import { putBatch } from '$lib/storage/messages';
import { readSeries } from './series-read';

let dbCount = 0;
const freshDb = () => openScopeDB(`series-test-${++dbCount}`);
const encode = (text: string) => new TextEncoder().encode(text);

/** Record `id`: device (id % 3) + 1 sends telemetry; every 10th record is a status message. */
function record(id: number): MessageRecord {
	const device = `device0${(id % 3) + 1}`;
	const status = id % 10 === 0;
	return {
		profileId: 'a',
		id,
		direction: 'in',
		topic: status ? `plant/${device}/status` : `plant/${device}/telemetry`,
		payload: encode(
			status ? 'online' : JSON.stringify({ temperature: id / 10, ok: id % 2 === 0, 'a.b': [id] })
		),
		qos: 0,
		retain: false,
		dup: false,
		time: 1_700_000_000_000 + id * 1000
	};
}

async function seed(count: number, batch = 100) {
	const db = await freshDb();
	const all = Array.from({ length: count }, (_, i) => record(i + 1));
	for (let i = 0; i < all.length; i += batch) await putBatch(db, all.slice(i, i + batch));
	return { db, all };
}

/** Reads every page (newest first) and joins each line oldest first. */
async function readAll(
	db: Awaited<ReturnType<typeof freshDb>>,
	series: SeriesSpec[],
	budget: number
): Promise<{ lines: Map<string, number[]>; pages: SeriesPage[] }> {
	const lines = new Map<string, number[]>();
	const pages: SeriesPage[] = [];
	let beforeId = Infinity;
	for (;;) {
		const page = await readSeries(db, { profileId: 'a', series, beforeId, budget });
		pages.push(page);
		for (const line of page.lines) {
			const key = `${line.series} ${line.topic}`;
			lines.set(key, [...line.values, ...(lines.get(key) ?? [])]);
		}
		if (page.done) return { lines, pages };
		expect(page.nextBeforeId).toBeLessThan(beforeId);
		beforeId = page.nextBeforeId;
	}
}

describe('readSeries', () => {
	it('gives one line per topic of a wildcard series, across pages, oldest first', async () => {
		// Four segments of up to 1,000 records; a page reads whole segments.
		const { db, all } = await seed(3950);
		const { lines, pages } = await readAll(
			db,
			[{ topicFilter: 'plant/+/telemetry', path: 'temperature' }],
			200
		);
		expect(pages.length).toBeGreaterThan(3);
		expect([...lines.keys()].sort()).toEqual([
			'0 plant/device01/telemetry',
			'0 plant/device02/telemetry',
			'0 plant/device03/telemetry'
		]);
		const expected = all
			.filter((r) => r.topic === 'plant/device02/telemetry')
			.map((r) => r.id / 10);
		expect(lines.get('0 plant/device02/telemetry')).toEqual(expected);
		expect(pages[0].firstId).toBe(1);
		expect(pages[0].lastId).toBe(3950);
	});

	it('pages through one exact topic to its oldest run, done on the last page', async () => {
		// Four segments; the exact topic is in every one of them.
		const { db, all } = await seed(3950);
		const topic = 'plant/device01/telemetry';
		const expected = all.filter((r) => r.topic === topic).map((r) => r.id / 10);
		for (const budget of [200, 1000, 3000]) {
			const { lines, pages } = await readAll(
				db,
				[{ topicFilter: topic, path: 'temperature' }],
				budget
			);
			expect(lines.get(`0 ${topic}`)).toEqual(expected);
			// A page reads whole segments: only the page that reached the oldest says done.
			expect(pages.map((p) => p.done)).toEqual([...pages.slice(1).map(() => false), true]);
			expect(pages.every((p) => p.lines.length === 1)).toBe(true);
		}
		// A topic in no segment: one page, done, nothing in it.
		const none = await readSeries(db, {
			profileId: 'a',
			series: [{ topicFilter: 'plant/device09/telemetry', path: 'temperature' }],
			beforeId: Infinity,
			budget: 100
		});
		expect(none).toMatchObject({ lines: [], done: true, nextBeforeId: 0 });
	});

	it('reads booleans as 0/1 and paths with dots and array elements', async () => {
		const { db } = await seed(20);
		const { lines } = await readAll(
			db,
			[
				{ topicFilter: 'plant/device01/telemetry', path: 'ok' },
				{ topicFilter: 'plant/device01/telemetry', path: '["a.b"][0]' }
			],
			1000
		);
		// device01: ids with id % 3 == 0 and not a status (id % 10 != 0): 3, 6, 9, 12, 15, 18.
		expect(lines.get('0 plant/device01/telemetry')).toEqual([0, 1, 0, 1, 0, 1]);
		expect(lines.get('1 plant/device01/telemetry')).toEqual([3, 6, 9, 12, 15, 18]);
	});

	it('takes times from the payload timestamp when it has one', async () => {
		const db = await freshDb();
		const base = record(1);
		await putBatch(db, [
			{ ...base, payload: encode(JSON.stringify({ timestamp: 1_600_000_000, t2: 5 })) }
		]);
		const page = await readSeries(db, {
			profileId: 'a',
			series: [{ topicFilter: base.topic, path: 't2' }],
			beforeId: Infinity,
			budget: 10
		});
		expect([...page.lines[0].times]).toEqual([1_600_000_000_000]);
		expect([...page.lines[0].arrivals]).toEqual([base.time]);
	});

	it('reads only what arrived after afterId for live updates', async () => {
		const { db } = await seed(300);
		const page = await readSeries(db, {
			profileId: 'a',
			series: [{ topicFilter: 'plant/#', path: 'temperature' }],
			beforeId: Infinity,
			afterId: 290,
			budget: 1000
		});
		expect(page.scanned).toBe(10);
		expect(page.lastId).toBe(300);
		const values = page.lines.flatMap((line) => [...line.values]).sort((a, b) => a - b);
		expect(values).toEqual([29.1, 29.2, 29.3, 29.4, 29.5, 29.6, 29.7, 29.8, 29.9]);
	});

	it('reports connection gaps met in the records read', async () => {
		const db = await freshDb();
		const records = [record(1), { ...record(2), gapBefore: { from: 5, to: 9 } }, record(4)];
		await putBatch(db, records);
		const page = await readSeries(db, {
			profileId: 'a',
			series: [{ topicFilter: 'nothing/matches', path: 'x' }],
			beforeId: Infinity,
			afterId: 0,
			budget: 10
		});
		expect(page.gaps).toEqual([{ from: 5, to: 9 }]);
		expect(page.lines).toEqual([]);
	});

	it('finds gaps whose first record is on a topic the series does not read', async () => {
		const db = await freshDb();
		// Hours apart, so three segments (SEGMENT_SPAN_MS); only the first and last hold the
		// series' topic.
		const later = (r: MessageRecord, hours: number) => ({ ...r, time: r.time + hours * 3_600_000 });
		const other = { ...later(record(3), 2), topic: 'elsewhere/x', gapBefore: { from: 50, to: 60 } };
		await putBatch(db, [record(1), record(2)]);
		await putBatch(db, [other]);
		await putBatch(db, [later(record(4), 4), later(record(5), 4)]);
		const page = await readSeries(db, {
			profileId: 'a',
			series: [{ topicFilter: 'plant/+/telemetry', path: 'temperature' }],
			beforeId: Infinity,
			budget: 100
		});
		expect(page.scanned).toBe(4);
		expect(page.gaps).toEqual([{ from: 50, to: 60 }]);
	});

	it('reads the parent topic of a "#" filter from history, as live reads do', async () => {
		const db = await freshDb();
		const at = (id: number, topic: string) => ({
			...record(id),
			topic,
			payload: encode(JSON.stringify({ temperature: id }))
		});
		await putBatch(db, [at(1, 'plant')]);
		await putBatch(db, [at(2, 'plant/x')]);
		await putBatch(db, [at(3, 'plantation/y')]);
		const page = await readSeries(db, {
			profileId: 'a',
			series: [{ topicFilter: 'plant/#', path: 'temperature' }],
			beforeId: Infinity,
			budget: 100
		});
		expect(page.lines.map((line) => line.topic).sort()).toEqual(['plant', 'plant/x']);
	});

	it('skips payloads that are not JSON or lack the path', async () => {
		const { db } = await seed(30);
		const { lines } = await readAll(db, [{ topicFilter: 'plant/+/status', path: 'value' }], 100);
		expect(lines.size).toBe(0);
	});

	it('reads a wildcard the same whether it matches few topics (walked) or many (listed)', async () => {
		// 2,000 records of 40 devices in runs of 100; device07 sends only in the first 500.
		const db = await freshDb();
		const fleet = Array.from({ length: 2000 }, (_, i): MessageRecord => {
			const id = i + 1;
			const device = id > 500 && id % 40 === 7 ? 8 : id % 40;
			return { ...record(id), topic: `fleet/d${device}/t`, payload: encode(`{"v":${id}}`) };
		});
		for (let i = 0; i < fleet.length; i += 100) await putBatch(db, fleet.slice(i, i + 100));
		const valuesOf = (topic: string) => fleet.filter((r) => r.topic === topic).map((r) => r.id);
		// Every device: more than a read walks one by one.
		const many = await readAll(db, [{ topicFilter: 'fleet/+/t', path: 'v' }], 300);
		expect(many.lines.size).toBe(40);
		expect(many.lines.get('0 fleet/d7/t')).toEqual(valuesOf('fleet/d7/t'));
		expect(many.lines.get('0 fleet/d8/t')).toEqual(valuesOf('fleet/d8/t'));
		// Two exact topics: walked, a page reading only runs that hold them.
		const few = await readAll(
			db,
			[
				{ topicFilter: 'fleet/d7/t', path: 'v' },
				{ topicFilter: 'fleet/d8/t', path: 'v' }
			],
			300
		);
		expect(few.lines.get('0 fleet/d7/t')).toEqual(valuesOf('fleet/d7/t'));
		expect(few.lines.get('1 fleet/d8/t')).toEqual(valuesOf('fleet/d8/t'));
		expect(few.pages.at(-1)?.done).toBe(true);
	});
});
