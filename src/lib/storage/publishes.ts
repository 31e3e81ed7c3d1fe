import type { IDBPDatabase } from 'idb';
import type { PublishHistoryEntry, ScopeDB } from './db';

type DB = IDBPDatabase<ScopeDB>;

/** How many past publishes each profile keeps. */
export const PUBLISH_HISTORY_LIMIT = 50;

/** The key range of one profile's publish history. */
function profileRange(profileId: string): IDBKeyRange {
	return IDBKeyRange.bound([profileId, -Infinity], [profileId, Infinity]);
}

/**
 * Stores a publish and deletes the profile's oldest ones beyond `keep`, in one transaction so
 * two tabs adding at once cannot leave more than `keep` behind.
 */
export async function addPublish(
	db: DB,
	entry: PublishHistoryEntry,
	keep = PUBLISH_HISTORY_LIMIT
): Promise<void> {
	const tx = db.transaction('publishes', 'readwrite');
	const put = tx.store.put(entry);
	const trim = (async () => {
		await put;
		const keys = await tx.store.getAllKeys(profileRange(entry.profileId));
		// Keys sort by [profileId, id], so the oldest come first.
		const excess = keys.slice(0, Math.max(0, keys.length - keep));
		await Promise.all(excess.map((key) => tx.store.delete(key)));
	})();
	await Promise.all([trim, tx.done]);
}

/** A profile's publish history, newest first. */
export async function listPublishes(db: DB, profileId: string): Promise<PublishHistoryEntry[]> {
	const rows = await db.getAll('publishes', profileRange(profileId));
	return rows.reverse();
}

/** Deletes one past publish. */
export async function removePublish(db: DB, profileId: string, id: number): Promise<void> {
	await db.delete('publishes', [profileId, id]);
}

/** Deletes a profile's whole publish history. */
export async function clearPublishes(db: DB, profileId: string): Promise<void> {
	await db.delete('publishes', profileRange(profileId));
}
