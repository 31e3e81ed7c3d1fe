import { adoptScopeDB, type Database } from '$lib/storage/db';

declare global {
	/** The open $lib/boot/open-db.js started as the page loaded (absent where it did not run). */
	var mqttScopeOpening: Promise<IDBDatabase | null> | undefined;
}

let connection: Promise<Database> | undefined;

/**
 * The page's one IndexedDB connection (the engine worker holds its own), opened on first use:
 * profiles, the vault, dashboards, the publish history and the first screen of history share
 * it, so the page opens the database once. The open begun by the page's inline script
 * (boot/open-db.js) before the app's modules ran is used when it fits.
 */
export function pageDB(): Promise<Database> {
	connection ??= adoptScopeDB(globalThis.mqttScopeOpening);
	globalThis.mqttScopeOpening = undefined;
	return connection;
}
