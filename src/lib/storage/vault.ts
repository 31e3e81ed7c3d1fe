/**
 * Remembered passwords at rest: sealed with AES-GCM (shared/profile/secret-box.ts) in the
 * 'secrets' store, never in 'profiles'. The device key is a non-extractable CryptoKey kept in the
 * same store; an optional passcode adds a second layer whose key is only ever in memory.
 */
import type { IDBPDatabase } from 'idb';
import type { PasscodeRecord, SealedBox } from '$lib/shared/profile/secret-box';
import type { ScopeDB, SecretRow } from './db';

/** The sealing itself (Web Crypto), fetched once a password is sealed or opened. */
const secretBox = () => import('$lib/shared/profile/secret-box');

type PasswordRow = Extract<SecretRow, { box: SealedBox }>;

const DEVICE_KEY_ID = 'device-key';
const PASSCODE_ID = 'passcode';
const passwordId = (profileId: string) => `password:${profileId}`;
const PASSWORDS = IDBKeyRange.bound('password:', 'password:\uffff');

/** The device key, made and stored on first use (two tabs racing keep the first one stored). */
export async function deviceKey(db: IDBPDatabase<ScopeDB>): Promise<CryptoKey> {
	const stored = await db.get('secrets', DEVICE_KEY_ID);
	if (stored && 'key' in stored) return stored.key;
	const key = await (await secretBox()).newDeviceKey();
	try {
		await db.add('secrets', { id: DEVICE_KEY_ID, key });
		return key;
	} catch {
		// Another tab stored its key between our read and our write: use that one.
		const winner = await db.get('secrets', DEVICE_KEY_ID);
		if (winner && 'key' in winner) return winner.key;
		throw new Error('The browser did not keep the key that protects remembered passwords.');
	}
}

/** The stored passcode check, or undefined when no passcode is set. */
export async function passcodeRecord(
	db: IDBPDatabase<ScopeDB>
): Promise<PasscodeRecord | undefined> {
	const row = await db.get('secrets', PASSCODE_ID);
	return row && 'record' in row ? row.record : undefined;
}

/**
 * Seals and stores a profile's remembered password (an empty one is forgotten). With a passcode
 * set, `passcodeKey` must be its key, so the password is sealed under both.
 */
export async function storePassword(
	db: IDBPDatabase<ScopeDB>,
	profileId: string,
	password: string,
	passcodeKey?: CryptoKey
): Promise<void> {
	if (!password) return forgetPassword(db, profileId);
	const { sealSecret } = await secretBox();
	const box = await sealSecret(await deviceKey(db), password, passcodeKey);
	const row: PasswordRow = { id: passwordId(profileId), profileId, box, passcode: !!passcodeKey };
	await db.put('secrets', row);
}

/** Forgets a profile's remembered password. */
export async function forgetPassword(db: IDBPDatabase<ScopeDB>, profileId: string): Promise<void> {
	await db.delete('secrets', passwordId(profileId));
}

/** Forgets every remembered password and the passcode; the device key stays. */
export async function forgetAll(db: IDBPDatabase<ScopeDB>): Promise<void> {
	const tx = db.transaction('secrets', 'readwrite');
	await Promise.all([tx.store.delete(PASSWORDS), tx.store.delete(PASSCODE_ID), tx.done]);
}

/** The profile ids that have a remembered password, opened or not. */
export async function rememberedIds(db: IDBPDatabase<ScopeDB>): Promise<Set<string>> {
	const keys = await db.getAllKeys('secrets', PASSWORDS);
	return new Set(keys.map((key) => key.slice('password:'.length)));
}

/**
 * Every remembered password that opens with these keys, by profile id. Passwords sealed under
 * a passcode are left out without its key; one that does not open (a damaged row) is skipped.
 */
export async function openPasswords(
	db: IDBPDatabase<ScopeDB>,
	passcodeKey?: CryptoKey
): Promise<Map<string, string>> {
	const rows = (await db.getAll('secrets', PASSWORDS)) as PasswordRow[];
	const opened = new Map<string, string>();
	// Nothing remembered (most first pages): no key to make and nothing to load.
	if (!rows.length) return opened;
	const key = await deviceKey(db);
	const { openSecret } = await secretBox();
	for (const row of rows) {
		if (row.passcode && !passcodeKey) continue;
		try {
			opened.set(
				row.profileId,
				await openSecret(key, row.box, row.passcode ? passcodeKey : undefined)
			);
		} catch {
			// Sealed under another passcode or damaged: the user types that password again.
		}
	}
	return opened;
}

/**
 * Sets (or changes) the passcode: every remembered password is sealed again under it, in one
 * transaction with the new passcode check. `passwords` are the opened ones (openPasswords).
 * Returns the new passcode's key.
 */
export async function setPasscode(
	db: IDBPDatabase<ScopeDB>,
	passcode: string,
	passwords: Map<string, string>,
	iterations?: number
): Promise<CryptoKey> {
	const { key, record } = await (await secretBox()).createPasscode(passcode, iterations);
	await resealAll(db, passwords, key, { id: PASSCODE_ID, record });
	return key;
}

/** Removes the passcode: the opened passwords are sealed under the device key alone again. */
export async function removePasscode(
	db: IDBPDatabase<ScopeDB>,
	passwords: Map<string, string>
): Promise<void> {
	await resealAll(db, passwords, undefined, undefined);
}

async function resealAll(
	db: IDBPDatabase<ScopeDB>,
	passwords: Map<string, string>,
	passcodeKey: CryptoKey | undefined,
	passcode: SecretRow | undefined
): Promise<void> {
	const device = await deviceKey(db);
	const { sealSecret } = await secretBox();
	// Sealed before the transaction opens: it would commit while waiting on Web Crypto.
	const rows: PasswordRow[] = [];
	for (const [profileId, password] of passwords) {
		const box = await sealSecret(device, password, passcodeKey);
		rows.push({ id: passwordId(profileId), profileId, box, passcode: !!passcodeKey });
	}
	const tx = db.transaction('secrets', 'readwrite');
	const store = tx.objectStore('secrets');
	const writes: Promise<unknown>[] = rows.map((row) => store.put(row));
	writes.push(passcode ? store.put(passcode) : store.delete(PASSCODE_ID));
	await Promise.all([...writes, tx.done]);
}

/**
 * Seals the plain-text passwords that versions before 7 kept in 'profiles' (db.ts): each row's
 * sealed password and its cleared profile are written in one transaction, so none is lost.
 * Returns how many were sealed.
 */
export async function sealPlainPasswords(db: IDBPDatabase<ScopeDB>): Promise<number> {
	const plain = (await db.getAll('profiles')).filter((p) => p.password);
	if (!plain.length) return 0;
	const device = await deviceKey(db);
	const { sealSecret } = await secretBox();
	const sealed = await Promise.all(
		plain.map(async (profile) => ({
			profile: { ...profile, password: '' },
			row: {
				id: passwordId(profile.id),
				profileId: profile.id,
				box: await sealSecret(device, profile.password),
				passcode: false
			} satisfies PasswordRow
		}))
	);
	const tx = db.transaction(['profiles', 'secrets'], 'readwrite');
	const writes = sealed.flatMap(({ profile, row }) =>
		// A password the user chose not to remember was never meant to be stored: drop it.
		profile.rememberPassword
			? [tx.objectStore('profiles').put(profile), tx.objectStore('secrets').put(row)]
			: [tx.objectStore('profiles').put(profile)]
	);
	await Promise.all([...writes, tx.done]);
	return plain.length;
}
