import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { LOCAL_DEMO_ID } from '$lib/shared/profile/demo-profile';
import { openScopeDB } from './db';
import { readHead, readPage, readTopic } from './messages';

function record(profileId: string, id: number): MessageRecord {
	return {
		profileId,
		id,
		direction: 'in',
		topic: `t/${id % 2}`,
		payload: new Uint8Array([id]),
		qos: 0,
		retain: false,
		dup: false,
		time: id
	};
}

describe('schema migration', () => {
	it('moves version 3 history (one row per message) into segments, losing nothing', async () => {
		const name = 'migrate-v3';
		const v3 = await openDB(name, 3, {
			upgrade(db) {
				db.createObjectStore('profiles', { keyPath: 'id' });
				const messages = db.createObjectStore('messages', { keyPath: ['profileId', 'id'] });
				messages.createIndex('by-topic', ['profileId', 'topic', 'id']);
				db.createObjectStore('publishes', { keyPath: ['profileId', 'id'] });
				db.createObjectStore('inflight', { keyPath: ['profileId', 'direction', 'messageId'] });
			}
		});
		const tx = v3.transaction('messages', 'readwrite');
		for (let id = 1; id <= 2300; id++) void tx.store.put(record('a', id));
		for (let id = 1; id <= 3; id++) void tx.store.put(record('b', id));
		await tx.done;
		v3.close();

		const db = await openScopeDB(name);
		expect(db.objectStoreNames.contains('messages' as never)).toBe(false);
		expect(await readHead(db, 'a')).toEqual({ total: 2300, lastId: 2300 });
		expect(await readHead(db, 'b')).toEqual({ total: 3, lastId: 3 });
		const oldest = await readPage(db, { profileId: 'a', maxId: 2300, skip: 2298, limit: 5 });
		expect(oldest.map((r) => r.id)).toEqual([2, 1]);
		const odd = await readTopic(db, { profileId: 'b', topic: 't/1', afterId: 0, limit: 10 });
		expect(odd.map((r) => r.id)).toEqual([1, 3]);
		db.close();
	});
});

describe('a new database', () => {
	it('gives the demo profile its dashboard', async () => {
		const db = await openScopeDB(`demo-dashboard-${Date.now()}`);
		const dashboard = await db.get('dashboards', LOCAL_DEMO_ID);
		expect(dashboard?.tiles.length).toBeGreaterThan(0);
		db.close();
	});
});
