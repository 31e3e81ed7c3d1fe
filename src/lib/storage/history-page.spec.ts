import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { openScopeDB } from './db';
import { readNewest } from './history-page';
import { putBatch, readHead, readPage } from './messages';

let dbCount = 0;
const freshDb = () => openScopeDB(`history-page-${++dbCount}`);

function record(profileId: string, id: number): MessageRecord {
	return {
		profileId,
		id,
		direction: 'in',
		topic: `t/${id % 3}`,
		payload: new TextEncoder().encode(`m${id}`),
		qos: 0,
		retain: false,
		dup: false,
		time: 1_000 + id
	};
}

describe('readNewest (the first screen of history)', () => {
	it('reads the head and the newest records, newest first, across a segment boundary', async () => {
		const db = await freshDb();
		// 1,050 records: a full segment of 1,000 and a tail of 50, so 100 rows span both.
		const all = Array.from({ length: 1050 }, (_, i) => record('a', i + 1));
		for (let i = 0; i < all.length; i += 300) await putBatch(db, all.slice(i, i + 300));
		await putBatch(db, [record('b', 1)]);

		const { head, rows } = await readNewest(db, 'a', 100);

		expect(head).toEqual(await readHead(db, 'a'));
		expect(head).toEqual({ total: 1050, lastId: 1050 });
		expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 100 }, (_, i) => 1050 - i));
	});

	it('gives an empty head and no rows for a profile without history', async () => {
		const db = await freshDb();
		await putBatch(db, [record('a', 1)]);
		const { fresher, ...read } = await readNewest(db, 'nobody', 100);
		expect(read).toEqual({ head: { total: 0, lastId: 0 }, rows: [] });
		// No journal held anything: nothing to read again.
		expect(await fresher).toBeUndefined();
	});

	it('reads all records when there are fewer than asked for', async () => {
		const db = await freshDb();
		await putBatch(
			db,
			[1, 2, 3].map((id) => record('a', id))
		);
		const { head, rows } = await readNewest(db, 'a', 100);
		expect(head).toEqual({ total: 3, lastId: 3 });
		expect(rows.map((r) => r.id)).toEqual([3, 2, 1]);
	});

	it('reads what a page of the newest records reads, whatever the writes made of segments', async () => {
		const db = await freshDb();
		let id = 0;
		const write = (count: number) =>
			putBatch(
				db,
				Array.from({ length: count }, () => record('a', ++id))
			);
		// A flood's full segments, then a trickle one at a time (a tail moved into the body every
		// 32), then batches of a few: checked after each stage.
		for (const stage of [
			async () => write(1_000),
			async () => {
				for (let i = 0; i < 70; i++) await write(1);
			},
			async () => {
				for (let i = 0; i < 40; i++) await write(3);
			},
			async () => write(950)
		]) {
			await stage();
			const { head, rows } = await readNewest(db, 'a', 100);
			const page = await readPage(db, { profileId: 'a', maxId: head.lastId, skip: 0, limit: 100 });
			expect(rows.map((r) => r.id)).toEqual(page.map((r) => r.id));
			expect(rows[0].id).toBe(id);
		}
	});
});
