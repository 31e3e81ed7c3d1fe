import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { deleteDB, openDB, unwrap } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { adoptScopeDB, DB_NAME, openScopeDB } from './db';

/** Runs src/lib/boot/open-db.js as the page's <script> does, and returns the open it started. */
function runOpenScript(): Promise<IDBDatabase | null> | undefined {
	new Function(readFileSync('src/lib/boot/open-db.js', 'utf8'))();
	const opening = globalThis.mqttScopeOpening;
	globalThis.mqttScopeOpening = undefined;
	return opening;
}

async function currentVersion(): Promise<number> {
	const db = await openScopeDB();
	db.close();
	return db.version;
}

describe('adoptScopeDB', () => {
	beforeEach(() => deleteDB(DB_NAME));

	it('takes over the early open of a database at the current schema', async () => {
		const version = await currentVersion();
		const early = runOpenScript();
		const db = await adoptScopeDB(early);
		expect(unwrap(db)).toBe(await early);
		expect(db.version).toBe(version);
		expect(await db.count('profiles')).toBe(1);
		db.close();
	});

	it('creates the database when the early open found none (without creating an empty one)', async () => {
		const early = runOpenScript();
		expect(await early).toBeNull();
		const db = await adoptScopeDB(early);
		expect(db.objectStoreNames.contains('segments')).toBe(true);
		expect(await db.count('profiles')).toBe(1);
		db.close();
	});

	it('closes an early open of an older schema and migrates it', async () => {
		const old = await openDB(DB_NAME, 3, {
			upgrade(db) {
				db.createObjectStore('profiles', { keyPath: 'id' });
				db.createObjectStore('messages', { keyPath: ['profileId', 'id'] });
				db.createObjectStore('publishes', { keyPath: ['profileId', 'id'] });
				db.createObjectStore('inflight', { keyPath: ['profileId', 'direction', 'messageId'] });
			}
		});
		old.close();
		const early = runOpenScript();
		expect((await early)?.version).toBe(3);
		// Left open, the early connection would block this upgrade for ever.
		const db = await adoptScopeDB(early);
		expect(db.version).toBe(await currentVersion());
		expect(db.objectStoreNames.contains('history-meta')).toBe(true);
		db.close();
	});

	it('opens afresh when the early open did not run', async () => {
		const db = await adoptScopeDB(undefined);
		expect(db.objectStoreNames.contains('segments')).toBe(true);
		db.close();
	});

	it('steps aside for another tab that wants a newer schema', async () => {
		const version = await currentVersion();
		const db = await adoptScopeDB(runOpenScript());
		const newer = await openDB(DB_NAME, version + 1);
		expect(newer.version).toBe(version + 1);
		newer.close();
		void db;
	});
});
