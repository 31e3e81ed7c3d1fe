import type { IDBPDatabase } from 'idb';
import { openScopeDB, type ScopeDB } from '$lib/storage/db';

let connection: Promise<IDBPDatabase<ScopeDB>> | undefined;

/**
 * The page's one IndexedDB connection (the engine worker holds its own), opened on first use:
 * profiles, the vault, dashboards and the first screen of history share it, so the page opens
 * the database once.
 */
export function pageDB(): Promise<IDBPDatabase<ScopeDB>> {
	connection ??= openScopeDB();
	return connection;
}
