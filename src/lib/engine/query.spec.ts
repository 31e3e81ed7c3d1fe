import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { HistoryFilter } from '$lib/shared/history/history-filter';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { openScopeDB, SEGMENT_SIZE } from '$lib/storage/db';
import { putBatch } from '$lib/storage/messages';
import { readFiltered } from './query';

let dbCount = 0;
const freshDb = () => openScopeDB(`query-test-${++dbCount}`);

/** Record `id`: topic by id % 4, payload "m{id}", qos id % 3, every 5th retained, every 7th sent. */
function record(profileId: string, id: number): MessageRecord {
	return {
		profileId,
		id,
		direction: id % 7 === 0 ? 'out' : 'in',
		topic: ['home/kitchen/temp', 'home/hall/temp', 'home/kitchen/light', 'office/temp'][id % 4],
		payload: new TextEncoder().encode(id % 10 === 3 ? `Alarm ${id}` : `m${id}`),
		qos: (id % 3) as 0 | 1 | 2,
		retain: id % 5 === 0,
		dup: false,
		time: 10_000 + id * 10
	};
}

const ids = (rows: MessageRecord[]) => rows.map((r) => r.id);

/** readFiltered on a clock that stands still, so a slow machine does not cut pages short. */
const read = (
	db: Parameters<typeof readFiltered>[0],
	query: Parameters<typeof readFiltered>[1],
	budget?: number
) => readFiltered(db, query, budget, () => 0);

async function seed(count: number, profileId = 'a') {
	const db = await freshDb();
	const all = Array.from({ length: count }, (_, i) => record(profileId, i + 1));
	// Batches of 250 so history spans several segments of different sizes.
	for (let i = 0; i < all.length; i += 250) await putBatch(db, all.slice(i, i + 250));
	return { db, all };
}

/** Every page until done, as one list. */
async function readAll(
	db: Awaited<ReturnType<typeof freshDb>>,
	filter: HistoryFilter,
	limit = 50,
	budget?: number
) {
	const out: MessageRecord[] = [];
	let beforeId = Infinity;
	let calls = 0;
	for (;;) {
		const page = await read(db, { profileId: 'a', filter, beforeId, limit }, budget);
		out.push(...page.records);
		calls++;
		if (page.done) return { out, calls };
		expect(page.nextBeforeId).toBeLessThan(beforeId);
		beforeId = page.nextBeforeId;
	}
}

function expected(all: MessageRecord[], keep: (r: MessageRecord) => boolean): number[] {
	return all
		.filter(keep)
		.map((r) => r.id)
		.reverse();
}

describe('readFiltered', () => {
	it('pages through the matches of every kind of filter, newest first', async () => {
		const { db, all } = await seed(1200);
		const cases: [HistoryFilter, (r: MessageRecord) => boolean][] = [
			[{ topicFilter: 'home/+/temp' }, (r) => r.id % 4 <= 1],
			[{ topicFilter: 'home/#' }, (r) => r.id % 4 !== 3],
			[{ topicFilter: 'office/temp' }, (r) => r.id % 4 === 3],
			[{ text: 'alarm' }, (r) => r.id % 10 === 3],
			[{ direction: 'out' }, (r) => r.id % 7 === 0],
			[{ retained: true }, (r) => r.id % 5 === 0],
			[{ qos: [2] }, (r) => r.id % 3 === 2],
			[{ from: 10_000 + 500 * 10, to: 10_000 + 700 * 10 }, (r) => r.id >= 500 && r.id <= 700],
			[
				{ topicFilter: 'home/kitchen/#', qos: [1, 2], retained: false },
				(r) => r.id % 4 !== 1 && r.id % 4 !== 3 && r.id % 3 !== 0 && r.id % 5 !== 0
			]
		];
		for (const [filter, keep] of cases) {
			const { out } = await readAll(db, filter);
			expect(ids(out), JSON.stringify(filter)).toEqual(expected(all, keep));
		}
	});

	it('returns only records older than beforeId and says where to continue', async () => {
		const { db } = await seed(300);
		const page = await read(db, {
			profileId: 'a',
			filter: { topicFilter: 'office/temp' },
			beforeId: 100,
			limit: 3
		});
		expect(ids(page.records)).toEqual([99, 95, 91]);
		expect(page.nextBeforeId).toBe(91);
		expect(page.done).toBe(false);
	});

	it('returns only what arrived after afterId, scanning nothing older', async () => {
		const { db } = await seed(1000);
		for (const filter of [{ topicFilter: 'office/temp' }, { topicFilter: 'office/#' }]) {
			const page = await read(db, {
				profileId: 'a',
				filter,
				afterId: 980,
				beforeId: 996,
				limit: 100
			});
			expect(ids(page.records)).toEqual([995, 991, 987, 983]);
			expect(page.done).toBe(true);
			expect(page.scanned).toBeLessThanOrEqual(15);
		}
	});

	it('stops after the scan budget and carries on where it stopped', async () => {
		const { db, all } = await seed(2 * SEGMENT_SIZE + 500);
		const first = await readFiltered(
			db,
			{ profileId: 'a', filter: { text: 'no such text' }, beforeId: Infinity, limit: 10 },
			400
		);
		expect(first.records).toEqual([]);
		expect(first.done).toBe(false);
		expect(first.scanned).toBeGreaterThanOrEqual(400);
		expect(first.scanned).toBeLessThan(all.length);
		const { out, calls } = await readAll(db, { text: 'alarm' }, 1000, 400);
		expect(ids(out)).toEqual(expected(all, (r) => r.id % 10 === 3));
		expect(calls).toBeGreaterThan(1);
	});

	it('skips segments outside a time range without scanning them', async () => {
		const { db } = await seed(4 * SEGMENT_SIZE);
		// Only ids 10–20: the segments newer than that are skipped whole, older ones end the walk.
		const page = await read(db, {
			profileId: 'a',
			filter: { from: 10_100, to: 10_200 },
			beforeId: Infinity,
			limit: 100
		});
		expect(ids(page.records)).toEqual(Array.from({ length: 11 }, (_, i) => 20 - i));
		expect(page.done).toBe(true);
		expect(page.scanned).toBeLessThanOrEqual(SEGMENT_SIZE);
	});

	it('keeps profiles apart and is done on an empty history', async () => {
		const { db } = await seed(50);
		await putBatch(db, [record('b', 1), record('b', 2)]);
		const b = await read(db, {
			profileId: 'b',
			filter: {},
			beforeId: Infinity,
			limit: 10
		});
		expect(ids(b.records)).toEqual([2, 1]);
		const none = await read(db, {
			profileId: 'c',
			filter: { topicFilter: 'x' },
			beforeId: Infinity,
			limit: 10
		});
		expect(none).toEqual({ records: [], nextBeforeId: 0, done: true, scanned: 0 });
	});

	it('returns the first matches once a search takes long, and goes on from there', async () => {
		const { db, all } = await seed(4 * SEGMENT_SIZE);
		// A clock that moves 30 ms at each look: the wait passes in the second segment read.
		let now = 0;
		const clock = () => (now += 30);
		const filter = { topicFilter: 'office/temp' };
		const query = { profileId: 'a', filter, beforeId: Infinity, limit: 10_000 };
		const first = await readFiltered(db, query, undefined, clock);
		expect(first.done).toBe(false);
		expect(first.scanned).toBe(2 * SEGMENT_SIZE);
		const rest = await readFiltered(
			db,
			{ ...query, beforeId: first.nextBeforeId },
			undefined,
			() => 0
		);
		expect(rest.done).toBe(true);
		const expected = all
			.filter((r) => r.topic === 'office/temp')
			.map((r) => r.id)
			.reverse();
		expect(ids([...first.records, ...rest.records])).toEqual(expected);
	});
});
