import 'fake-indexeddb/auto';
import { openDB, type IDBPDatabase } from 'idb';
import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { defaultDraft, type Profile } from '$lib/shared/profile/profile';
import { addAlertEntry } from './alert-log';
import { saveDashboard } from './dashboards';
import { openScopeDB, type ScopeDB } from './db';
import { putBatch } from './messages';
import { eraseProfile } from './profile-erase';
import { saveProfile } from './profiles';
import { storePassword } from './vault';
import { addPublish } from './publishes';

type AnyDB = IDBPDatabase<Record<string, { key: IDBValidKey; value: unknown }>>;

let dbCount = 0;

function record(profileId: string, id: number): MessageRecord {
	return {
		profileId,
		id,
		direction: 'in',
		topic: `t/${id % 3}`,
		payload: new Uint8Array([id]),
		qos: 1,
		retain: false,
		dup: false,
		time: id
	};
}

function profile(id: string): Profile {
	return { ...defaultDraft(), name: id, id, createdAt: 1, updatedAt: 1 };
}

/** Fills the stores the app writes today through their own writers. */
async function fillThroughWriters(db: IDBPDatabase<ScopeDB>, id: string): Promise<void> {
	await saveProfile(db, profile(id));
	await storePassword(db, id, `secret of ${id}`);
	await putBatch(
		db,
		Array.from({ length: 2500 }, (_, i) => record(id, i + 1))
	);
	await addPublish(db, {
		profileId: id,
		id: 1,
		topic: 't',
		text: 'x',
		format: 'text',
		payload: new Uint8Array([1]),
		qos: 1,
		retain: false
	});
	await db.put('inflight', { profileId: id, direction: 'out', messageId: 7, packet: {} });
	await db.put('inflight', { profileId: id, direction: 'in', messageId: 8, packet: {} });
	await saveDashboard(db, { profileId: id, tiles: [], alerts: [], updatedAt: 1 });
	await addAlertEntry(db, {
		profileId: id,
		ruleId: 'r',
		ruleName: 'hot',
		topic: 't',
		message: 'm',
		firedAt: 5
	});
}

/** A row for any store, built from its key path, so a store added later is filled too. */
function genericRow(storeName: string, keyPath: string | string[] | null, id: string) {
	const parts = keyPath === null ? [] : Array.isArray(keyPath) ? keyPath : [keyPath];
	const row: Record<string, unknown> = { profileId: id, filler: true };
	for (const part of parts) {
		if (part === 'profileId' || (storeName === 'profiles' && part === 'id')) row[part] = id;
		// Named after the profile too: a store keyed by its own id ('secrets') gets a row for each.
		else row[part] = `filler-${part}-${id}`;
	}
	return row;
}

async function fillEveryStore(db: AnyDB, id: string): Promise<void> {
	for (const name of db.objectStoreNames) {
		const store = db.transaction(name, 'readwrite').store;
		const keyPath = store.keyPath as string | string[] | null;
		const row = genericRow(name, keyPath, id);
		if (keyPath === null) await store.put(row, `${id}/filler`);
		else await store.put(row);
	}
}

function belongsTo(id: string, key: IDBValidKey, value: unknown): boolean {
	if (key === id || (Array.isArray(key) && key[0] === id)) return true;
	return (value as { profileId?: unknown }).profileId === id;
}

/** Rows of a profile in each store, by walking every row of every store the database has. */
async function rowsPerStore(db: AnyDB, id: string): Promise<Record<string, number>> {
	const counts: Record<string, number> = {};
	for (const name of db.objectStoreNames) {
		counts[name] = 0;
		let cursor = await db.transaction(name).store.openCursor();
		for (; cursor; cursor = await cursor.continue()) {
			if (belongsTo(id, cursor.key, cursor.value)) counts[name]++;
		}
	}
	return counts;
}

/** The app's database plus two stores of a later version, keyed the two ways stores key. */
async function databaseWithLaterStores(): Promise<AnyDB> {
	const name = `erase-${++dbCount}`;
	const current = await openScopeDB(name);
	const version = current.version;
	current.close();
	return openDB(name, version + 1, {
		upgrade(db) {
			db.createObjectStore('later-by-field', { keyPath: 'profileId' });
			db.createObjectStore('later-by-pair', { keyPath: ['profileId', 'name'] });
			db.createObjectStore('later-out-of-line');
		}
	}) as unknown as Promise<AnyDB>;
}

describe('erasing a profile', () => {
	it('leaves no row of it in any store and every row of the other', async () => {
		const db = await databaseWithLaterStores();
		for (const id of ['gone', 'kept']) {
			await fillThroughWriters(db as unknown as IDBPDatabase<ScopeDB>, id);
			await fillEveryStore(db, id);
		}
		// Similar profile ids must not be caught by the key ranges.
		await fillEveryStore(db, 'gone2');
		const keptBefore = await rowsPerStore(db, 'kept');
		const goneBefore = await rowsPerStore(db, 'gone');
		for (const name of db.objectStoreNames) {
			expect(goneBefore[name], `${name} holds rows of the profile to delete`).toBeGreaterThan(0);
		}

		await eraseProfile(db as unknown as IDBPDatabase<ScopeDB>, 'gone');

		const goneAfter = await rowsPerStore(db, 'gone');
		for (const name of db.objectStoreNames) expect(goneAfter[name], name).toBe(0);
		expect(await rowsPerStore(db, 'kept')).toEqual(keptBefore);
		expect(Object.values(await rowsPerStore(db, 'gone2')).every((n) => n === 1)).toBe(true);
		db.close();
	});

	it('deletes nothing when the profile has no rows', async () => {
		const db = await databaseWithLaterStores();
		await fillEveryStore(db, 'kept');
		const before = await rowsPerStore(db, 'kept');
		await eraseProfile(db as unknown as IDBPDatabase<ScopeDB>, 'never-saved');
		expect(await rowsPerStore(db, 'kept')).toEqual(before);
		db.close();
	});
});
