import type { IDBPDatabase } from 'idb';
import { withDefaults, type Profile } from '$lib/shared/profile/profile';
import type { ScopeDB } from './db';

/** Saved connection profiles, oldest first. */
export async function listProfiles(db: IDBPDatabase<ScopeDB>): Promise<Profile[]> {
	const all = await db.getAll('profiles');
	return all.map((p) => withDefaults(p)).sort((a, b) => a.createdAt - b.createdAt);
}

/** Saves a profile; its password is dropped unless the user asked to remember it. */
export async function saveProfile(db: IDBPDatabase<ScopeDB>, profile: Profile): Promise<void> {
	const stored: Profile = {
		...profile,
		password: profile.rememberPassword ? profile.password : ''
	};
	delete stored.temporary;
	await db.put('profiles', stored);
}

/** Deletes a profile, its whole message history, dashboard and alert log in one transaction. */
export async function deleteProfile(db: IDBPDatabase<ScopeDB>, id: string): Promise<void> {
	const history = IDBKeyRange.bound([id, -Infinity], [id, Infinity]);
	const tx = db.transaction(
		['profiles', 'segments', 'segment-heads', 'history-meta', 'dashboards', 'alert-log'],
		'readwrite'
	);
	await Promise.all([
		tx.objectStore('profiles').delete(id),
		tx.objectStore('dashboards').delete(id),
		tx.objectStore('alert-log').delete(history),
		tx.objectStore('segments').delete(history),
		tx.objectStore('segment-heads').delete(history),
		tx.objectStore('history-meta').delete(id),
		tx.done
	]);
}
