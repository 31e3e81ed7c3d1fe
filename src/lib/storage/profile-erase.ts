// Deleting a profile removes every row keyed by it, from every store the database has. The stores
// are read from the database itself, not listed here, so a store added later is covered without
// anyone remembering to add it to a delete.
import type { IDBPDatabase } from 'idb';
import type { ScopeDB } from './db';

/** How a store ties its rows to a profile, read from its key path. */
type ProfileKeying = 'own-key' | 'first-key-part' | 'field';

/** The store of profiles themselves: its key is the profile's id. */
const PROFILES_STORE = 'profiles';

function keyingOf(storeName: string, keyPath: string | string[] | null): ProfileKeying {
	if (storeName === PROFILES_STORE || keyPath === 'profileId') return 'own-key';
	if (Array.isArray(keyPath) && keyPath[0] === 'profileId') return 'first-key-part';
	// Keyed some other way (or out of line): rows that name the profile are found by reading.
	return 'field';
}

/**
 * Every array key whose first part is `profileId`: `[id]` up to, not including, `[id + '\0']`,
 * the next string after `id`, so no other profile's keys fall inside whatever follows.
 */
export function profileKeyRange(profileId: string): IDBKeyRange {
	return IDBKeyRange.bound([profileId], [`${profileId}\u0000`], false, true);
}

/** Deletes a profile and every row of it in every store, in one transaction (all or nothing). */
export async function eraseProfile(db: IDBPDatabase<ScopeDB>, profileId: string): Promise<void> {
	// The stores are whatever this database holds, typed as a list idb accepts.
	const names = [...db.objectStoreNames];
	const tx = db.transaction(names, 'readwrite');
	const work = names.map(async (name) => {
		const store = tx.objectStore(name);
		const keying = keyingOf(name, store.keyPath as string | string[] | null);
		if (keying === 'own-key') return store.delete(profileId);
		if (keying === 'first-key-part') return store.delete(profileKeyRange(profileId));
		for (let cursor = await store.openCursor(); cursor; cursor = await cursor.continue()) {
			if ((cursor.value as { profileId?: unknown }).profileId === profileId) {
				await cursor.delete();
			}
		}
	});
	await Promise.all([...work, tx.done]);
}
