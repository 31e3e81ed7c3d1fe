import { openScopeDB, type Database } from '$lib/storage/db';

let connection: Promise<Database> | undefined;

/**
 * The page's one IndexedDB connection (the engine worker holds its own), opened on first use:
 * profiles, the vault, dashboards, the publish history and the first screen of history share
 * it, so the page opens the database once.
 */
export function pageDB(): Promise<Database> {
	connection ??= openScopeDB();
	return connection;
}
