import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { LOCAL_DEMO_ID } from '$lib/shared/profile/demo-profile';
import { openScopeDB } from './db';
import {
	clearHistory,
	clearTopic,
	putBatch,
	readHead,
	readPage,
	readRecord,
	readTopic
} from './messages';
import { eraseProfile } from './profile-erase';
import { listProfiles, saveProfile } from './profiles';

let dbCount = 0;
const freshDb = () => openScopeDB(`test-${++dbCount}`);

function record(profileId: string, id: number, topic = `t/${id % 3}`): MessageRecord {
	return {
		profileId,
		id,
		direction: 'in',
		topic,
		payload: new TextEncoder().encode(`m${id}`),
		qos: 0,
		retain: false,
		dup: false,
		time: 1_000 + id
	};
}

const ids = (rows: MessageRecord[]) => rows.map((r) => r.id);

describe('message history', () => {
	it('reads the head of each profile separately', async () => {
		const db = await freshDb();
		await putBatch(
			db,
			[1, 2, 3].map((id) => record('a', id))
		);
		await putBatch(
			db,
			[1, 2].map((id) => record('b', id))
		);
		expect(await readHead(db, 'a')).toEqual({ total: 3, lastId: 3 });
		expect(await readHead(db, 'b')).toEqual({ total: 2, lastId: 2 });
		expect(await readHead(db, 'c')).toEqual({ total: 0, lastId: 0 });
	});

	it('pages newest first, pinned to a snapshot so later appends do not shift pages', async () => {
		const db = await freshDb();
		await putBatch(
			db,
			Array.from({ length: 10 }, (_, i) => record('a', i + 1))
		);
		const head = await readHead(db, 'a');
		await putBatch(db, [record('a', 11), record('a', 12)]);
		const page = await readPage(db, { profileId: 'a', maxId: head.lastId, skip: 2, limit: 3 });
		expect(ids(page)).toEqual([8, 7, 6]);
		const tail = await readPage(db, { profileId: 'a', maxId: head.lastId, skip: 8, limit: 5 });
		expect(ids(tail)).toEqual([2, 1]);
	});

	it('reads one topic after an id, oldest first, keeping the newest when limited', async () => {
		const db = await freshDb();
		await putBatch(
			db,
			Array.from({ length: 9 }, (_, i) => record('a', i + 1))
		);
		const all = await readTopic(db, { profileId: 'a', topic: 't/0', afterId: 0, limit: 100 });
		expect(ids(all)).toEqual([3, 6, 9]);
		const after = await readTopic(db, { profileId: 'a', topic: 't/0', afterId: 3, limit: 100 });
		expect(ids(after)).toEqual([6, 9]);
		const newest = await readTopic(db, { profileId: 'a', topic: 't/0', afterId: 0, limit: 2 });
		expect(ids(newest)).toEqual([6, 9]);
	});

	it('keeps payload bytes and rewrites a record in place', async () => {
		const db = await freshDb();
		const sent = { ...record('a', 1), direction: 'out' as const, state: 'pending' as const };
		await putBatch(db, [sent]);
		await putBatch(db, [record('a', 2)], [{ ...sent, state: 'acknowledged' }]);
		const stored = await readRecord(db, 'a', 1);
		expect(stored?.state).toBe('acknowledged');
		expect(new TextDecoder().decode(stored?.payload)).toBe('m1');
		expect(await readHead(db, 'a')).toEqual({ total: 2, lastId: 2 });
	});

	it('splits a large batch into segments and pages across their edges', async () => {
		const db = await freshDb();
		const many = Array.from({ length: 2500 }, (_, i) => record('a', i + 1));
		await putBatch(db, many.slice(0, 700));
		await putBatch(db, many.slice(700));
		expect(await readHead(db, 'a')).toEqual({ total: 2500, lastId: 2500 });
		const page = await readPage(db, { profileId: 'a', maxId: 2500, skip: 795, limit: 10 });
		expect(ids(page)).toEqual([1705, 1704, 1703, 1702, 1701, 1700, 1699, 1698, 1697, 1696]);
		const oldest = await readPage(db, { profileId: 'a', maxId: 2500, skip: 2495, limit: 10 });
		expect(ids(oldest)).toEqual([5, 4, 3, 2, 1]);
		const topic = await readTopic(db, { profileId: 'a', topic: 't/1', afterId: 2400, limit: 1000 });
		expect(ids(topic)).toEqual(many.filter((r) => r.id > 2400 && r.id % 3 === 1).map((r) => r.id));
		expect((await readRecord(db, 'a', 1001))?.id).toBe(1001);
	});

	it('pins a page to maxId inside a segment', async () => {
		const db = await freshDb();
		await putBatch(
			db,
			Array.from({ length: 10 }, (_, i) => record('a', i + 1))
		);
		const page = await readPage(db, { profileId: 'a', maxId: 6, skip: 1, limit: 3 });
		expect(ids(page)).toEqual([5, 4, 3]);
	});

	it('clears one topic across segments, keeping the rest and their order', async () => {
		const db = await freshDb();
		await putBatch(
			db,
			Array.from({ length: 1500 }, (_, i) => record('a', i + 1))
		);
		const removed = await clearTopic(db, 'a', 't/0');
		expect(removed).toBe(500);
		expect(await readHead(db, 'a')).toEqual({ total: 1000, lastId: 1500 });
		const gone = await readTopic(db, { profileId: 'a', topic: 't/0', afterId: 0, limit: 10 });
		expect(gone).toEqual([]);
		const page = await readPage(db, { profileId: 'a', maxId: 1500, skip: 0, limit: 4 });
		expect(ids(page)).toEqual([1499, 1498, 1496, 1495]);
		const kept = await readTopic(db, { profileId: 'a', topic: 't/1', afterId: 0, limit: 1000 });
		expect(kept).toHaveLength(500);
	});

	it('drops a segment that held only the cleared topic', async () => {
		const db = await freshDb();
		await putBatch(db, [record('a', 1, 'only'), record('a', 2, 'only')]);
		await putBatch(db, [record('a', 3, 'other')]);
		expect(await clearTopic(db, 'a', 'only')).toBe(2);
		expect(await readHead(db, 'a')).toEqual({ total: 1, lastId: 3 });
	});

	it('clears one profile without touching another', async () => {
		const db = await freshDb();
		await putBatch(db, [record('a', 1), record('b', 1)]);
		await clearHistory(db, 'a');
		expect((await readHead(db, 'a')).total).toBe(0);
		expect((await readHead(db, 'b')).total).toBe(1);
	});
});

describe('profiles', () => {
	it('ships the Local demo profile in a new database', async () => {
		const db = await freshDb();
		const list = await listProfiles(db);
		expect(list.map((p) => p.id)).toEqual([LOCAL_DEMO_ID]);
		expect(list[0].url).toBe('ws://localhost:9001');
	});

	it('never keeps a password in the profiles store (a remembered one goes to the vault)', async () => {
		const db = await freshDb();
		const base = { ...(await listProfiles(db))[0], password: 'secret' };
		await saveProfile(db, { ...base, id: 'forget', rememberPassword: false });
		await saveProfile(db, { ...base, id: 'keep', rememberPassword: true });
		expect((await db.get('profiles', 'forget'))?.password).toBe('');
		expect((await db.get('profiles', 'keep'))?.password).toBe('');
		expect((await db.get('profiles', 'keep'))?.rememberPassword).toBe(true);
	});

	it('keeps a temporary profile marked as such until it is saved as the user’s own', async () => {
		const db = await freshDb();
		const base = (await listProfiles(db))[0];
		await saveProfile(db, { ...base, id: 'temp-1', temporary: true });
		expect((await listProfiles(db)).find((p) => p.id === 'temp-1')?.temporary).toBe(true);
		await saveProfile(db, { ...base, id: 'temp-1', temporary: undefined });
		expect(await db.get('profiles', 'temp-1')).not.toHaveProperty('temporary');
	});

	it('deletes a profile together with its history', async () => {
		const db = await freshDb();
		await putBatch(db, [record(LOCAL_DEMO_ID, 1), record('other', 1)]);
		await eraseProfile(db, LOCAL_DEMO_ID);
		expect(await listProfiles(db)).toEqual([]);
		expect((await readHead(db, LOCAL_DEMO_ID)).total).toBe(0);
		expect((await readHead(db, 'other')).total).toBe(1);
	});
});
