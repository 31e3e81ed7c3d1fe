import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { PublishHistoryEntry } from './db';
import { openScopeDB } from './db';
import { addPublish, clearPublishes, listPublishes, removePublish } from './publishes';

let dbCount = 0;
const freshDb = () => openScopeDB(`publishes-test-${++dbCount}`);

function entry(profileId: string, id: number): PublishHistoryEntry {
	return {
		profileId,
		id,
		topic: `t/${id}`,
		text: `m${id}`,
		format: 'text',
		payload: new TextEncoder().encode(`m${id}`),
		qos: 1,
		retain: false
	};
}

const ids = (rows: PublishHistoryEntry[]) => rows.map((r) => r.id);

describe('publish history', () => {
	it('lists one profile newest first, keeping bytes and properties', async () => {
		const db = await freshDb();
		await addPublish(db, entry('a', 10));
		await addPublish(db, {
			...entry('a', 30),
			properties: { correlationData: new Uint8Array([1, 2]), userProperties: { k: ['x', 'y'] } }
		});
		await addPublish(db, entry('a', 20));
		await addPublish(db, entry('b', 15));
		const rows = await listPublishes(db, 'a');
		expect(ids(rows)).toEqual([30, 20, 10]);
		expect(Array.from(rows[0].payload)).toEqual(Array.from(new TextEncoder().encode('m30')));
		expect(Array.from(rows[0].properties?.correlationData ?? [])).toEqual([1, 2]);
		expect(rows[0].properties?.userProperties).toEqual({ k: ['x', 'y'] });
		expect(ids(await listPublishes(db, 'b'))).toEqual([15]);
	});

	it('keeps at most the limit per profile, deleting the oldest', async () => {
		const db = await freshDb();
		for (let id = 1; id <= 55; id++) await addPublish(db, entry('a', id));
		await addPublish(db, entry('b', 1));
		const rows = await listPublishes(db, 'a');
		expect(rows).toHaveLength(50);
		expect(rows[0].id).toBe(55);
		expect(rows[49].id).toBe(6);
		expect(ids(await listPublishes(db, 'b'))).toEqual([1]);

		await addPublish(db, entry('a', 100), 3);
		expect(ids(await listPublishes(db, 'a'))).toEqual([100, 55, 54]);
	});

	it('removes one entry, or a whole profile', async () => {
		const db = await freshDb();
		await addPublish(db, entry('a', 1));
		await addPublish(db, entry('a', 2));
		await addPublish(db, entry('b', 1));
		await removePublish(db, 'a', 1);
		expect(ids(await listPublishes(db, 'a'))).toEqual([2]);
		await clearPublishes(db, 'a');
		expect(await listPublishes(db, 'a')).toEqual([]);
		expect(ids(await listPublishes(db, 'b'))).toEqual([1]);
	});
});
