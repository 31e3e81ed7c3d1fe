import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { unlockPasscode } from '$lib/shared/profile/secret-box';
import { withDefaults, type Profile } from '$lib/shared/profile/profile';
import { openScopeDB } from './db';
import { eraseProfile } from './profile-erase';
import { saveProfile } from './profiles';
import {
	deviceKey,
	forgetAll,
	forgetPassword,
	openPasswords,
	passcodeRecord,
	rememberedIds,
	removePasscode,
	sealPlainPasswords,
	setPasscode,
	storePassword
} from './vault';

let dbCount = 0;
const freshDb = () => openScopeDB(`vault-${++dbCount}`);
const FEW = 1000; // PBKDF2 rounds: these tests are about storage, not the round count

/** Every value of every store, as text, to look for a plain password in. */
async function dumpAll(name: string): Promise<string> {
	const db = await openDB(name);
	const parts: string[] = [];
	for (const store of db.objectStoreNames) {
		for (const value of await db.getAll(store)) {
			parts.push(JSON.stringify(value, (_k, v) => (v instanceof Uint8Array ? [...v] : v)));
			parts.push(
				Object.values(value as object)
					.flatMap((v) => (v && typeof v === 'object' && 'data' in v ? [v.data] : []))
					.map((d: Uint8Array) => new TextDecoder().decode(d))
					.join()
			);
		}
	}
	db.close();
	return parts.join('\n');
}

describe('vault', () => {
	it('keeps one non-extractable device key, made on first use', async () => {
		const db = await freshDb();
		const key = await deviceKey(db);
		expect(key.extractable).toBe(false);
		expect(await deviceKey(db)).toStrictEqual(key);
		const row = await db.get('secrets', 'device-key');
		expect(row && 'key' in row && row.key.algorithm).toMatchObject({ name: 'AES-GCM' });
	});

	it('stores a remembered password sealed and opens it again', async () => {
		const name = `vault-${++dbCount}`;
		const db = await openScopeDB(name);
		await storePassword(db, 'p1', 'Zebra-Password-42');
		expect(await openPasswords(db)).toEqual(new Map([['p1', 'Zebra-Password-42']]));
		expect(await rememberedIds(db)).toEqual(new Set(['p1']));
		db.close();
		expect(await dumpAll(name)).not.toContain('Zebra-Password-42');
	});

	it('forgets a password, and an empty one is not stored', async () => {
		const db = await freshDb();
		await storePassword(db, 'p1', 'pw');
		await forgetPassword(db, 'p1');
		await storePassword(db, 'p2', '');
		expect(await openPasswords(db)).toEqual(new Map());
	});

	it('erasing a profile erases its password and keeps the device key', async () => {
		const db = await freshDb();
		const key = await deviceKey(db);
		await storePassword(db, 'p1', 'pw');
		await storePassword(db, 'p2', 'other');
		await eraseProfile(db, 'p1');
		expect(await deviceKey(db)).toStrictEqual(key);
		expect(await openPasswords(db)).toEqual(new Map([['p2', 'other']]));
	});

	it('with a passcode, opens passwords only with its key', async () => {
		const db = await freshDb();
		await storePassword(db, 'p1', 'first');
		const key = await setPasscode(db, '1234', await openPasswords(db), FEW);
		await storePassword(db, 'p2', 'second', key);
		expect(await openPasswords(db)).toEqual(new Map());
		expect(await rememberedIds(db)).toEqual(new Set(['p1', 'p2']));
		const record = await passcodeRecord(db);
		expect(record).toBeDefined();
		expect(await unlockPasscode('9999', record!)).toBeUndefined();
		const unlocked = await unlockPasscode('1234', record!);
		expect(await openPasswords(db, unlocked)).toEqual(
			new Map([
				['p1', 'first'],
				['p2', 'second']
			])
		);
	});

	it('removing the passcode seals the passwords under the device key alone again', async () => {
		const db = await freshDb();
		await storePassword(db, 'p1', 'first');
		const key = await setPasscode(db, '1234', await openPasswords(db), FEW);
		await removePasscode(db, await openPasswords(db, key));
		expect(await passcodeRecord(db)).toBeUndefined();
		expect(await openPasswords(db)).toEqual(new Map([['p1', 'first']]));
	});

	it('forgets every password and the passcode, keeping the device key', async () => {
		const db = await freshDb();
		const key = await deviceKey(db);
		await storePassword(db, 'p1', 'first');
		await setPasscode(db, '1234', await openPasswords(db), FEW);
		await forgetAll(db);
		expect(await passcodeRecord(db)).toBeUndefined();
		expect(await rememberedIds(db)).toEqual(new Set());
		expect(await deviceKey(db)).toStrictEqual(key);
	});
});

describe('version 7 migration', () => {
	it('seals the plain passwords an older version kept in profiles, losing none', async () => {
		const name = `vault-v5-${++dbCount}`;
		// A version 5 database, as the app left it before the vault.
		const old = await openScopeDBAt(name, 5);
		const profile = (id: string, password: string, rememberPassword: boolean): Profile => ({
			...withDefaults({}),
			id,
			password,
			rememberPassword,
			createdAt: 1,
			updatedAt: 1
		});
		await old.put('profiles', profile('keep', 'Zebra-Password-42', true));
		await old.put('profiles', profile('stray', 'not-meant-to-stay', false));
		await old.put('profiles', profile('none', '', false));
		old.close();

		const db = await openScopeDB(name);
		expect(db.objectStoreNames.contains('secrets')).toBe(true);
		expect(await sealPlainPasswords(db)).toBe(2);
		expect(await openPasswords(db)).toEqual(new Map([['keep', 'Zebra-Password-42']]));
		expect((await db.get('profiles', 'keep'))?.rememberPassword).toBe(true);
		expect(await sealPlainPasswords(db)).toBe(0); // once only
		await saveProfile(db, { ...(await db.get('profiles', 'keep'))!, name: 'renamed' });
		db.close();
		const dump = await dumpAll(name);
		expect(dump).not.toContain('Zebra-Password-42');
		expect(dump).not.toContain('not-meant-to-stay');
	});
});

/** Opens the app's database at an older schema version, as that version's app did. */
async function openScopeDBAt(name: string, version: number) {
	return openDB(name, version, {
		upgrade(db) {
			db.createObjectStore('profiles', { keyPath: 'id' });
			db.createObjectStore('publishes', { keyPath: ['profileId', 'id'] });
			db.createObjectStore('inflight', { keyPath: ['profileId', 'direction', 'messageId'] });
			const segments = db.createObjectStore('segments', { keyPath: ['profileId', 'firstId'] });
			segments.createIndex('by-topic', 'topicKeys', { multiEntry: true });
			db.createObjectStore('segment-heads', { keyPath: ['profileId', 'firstId'] });
			db.createObjectStore('dashboards', { keyPath: 'profileId' });
			db.createObjectStore('alert-log', { keyPath: ['profileId', 'id'] });
		}
	});
}
