import type { IDBPDatabase } from 'idb';
import { withDefaults, type Profile } from '$lib/shared/profile/profile';
import type { ScopeDB } from './db';

/** Saved connection profiles, oldest first. */
export async function listProfiles(db: IDBPDatabase<ScopeDB>): Promise<Profile[]> {
	const all = await db.getAll('profiles');
	return all.map((p) => withDefaults(p)).sort((a, b) => a.createdAt - b.createdAt);
}

/**
 * Saves a profile (a temporary one too) without its password: a remembered one is sealed in the
 * vault (vault.ts storePassword), never kept in plain text here.
 */
export async function saveProfile(db: IDBPDatabase<ScopeDB>, profile: Profile): Promise<void> {
	const stored: Profile = { ...profile, password: '' };
	if (!stored.temporary) delete stored.temporary;
	await db.put('profiles', stored);
}
