import type { IDBPDatabase } from 'idb';
import { withDefaults, type Profile } from '$lib/shared/profile/profile';
import type { ScopeDB } from './db';

/** Saved connection profiles, oldest first. */
export async function listProfiles(db: IDBPDatabase<ScopeDB>): Promise<Profile[]> {
	const all = await db.getAll('profiles');
	return all.map((p) => withDefaults(p)).sort((a, b) => a.createdAt - b.createdAt);
}

/**
 * Saves a profile without its password: a remembered one is sealed in the vault (vault.ts
 * storePassword), never kept in plain text here.
 */
export async function saveProfile(db: IDBPDatabase<ScopeDB>, profile: Profile): Promise<void> {
	const stored: Profile = { ...profile, password: '' };
	delete stored.temporary;
	await db.put('profiles', stored);
}

/**
 * Deletes a profile, its whole message history, dashboard, alert log and remembered password in
 * one transaction.
 */
export async function deleteProfile(db: IDBPDatabase<ScopeDB>, id: string): Promise<void> {
	const history = IDBKeyRange.bound([id, -Infinity], [id, Infinity]);
	const tx = db.transaction(
		['profiles', 'segments', 'segment-heads', 'dashboards', 'alert-log', 'secrets'],
		'readwrite'
	);
	await Promise.all([
		tx.objectStore('profiles').delete(id),
		tx.objectStore('secrets').delete(`password:${id}`),
		tx.objectStore('dashboards').delete(id),
		tx.objectStore('alert-log').delete(history),
		tx.objectStore('segments').delete(history),
		tx.objectStore('segment-heads').delete(history),
		tx.done
	]);
}
