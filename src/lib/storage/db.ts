import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { MessageRecord } from '$lib/shared/engine-api';
import type { Profile } from '$lib/shared/profile';
import { localDemoProfile } from '$lib/shared/demo-profile';

/** The IndexedDB layout shared by the UI thread (profiles) and the engine worker (messages). */
export interface ScopeDB extends DBSchema {
	profiles: { key: string; value: Profile };
	messages: {
		/** [profileId, id]: one profile's history is one contiguous key range, in arrival order. */
		key: [string, number];
		value: MessageRecord;
		indexes: { 'by-topic': [string, string, number] };
	};
}

/** The database name; tests use another to stay isolated. */
export const DB_NAME = 'mqtt-scope';
const DB_VERSION = 1;

/** Opens (and creates or migrates) the database. */
export function openScopeDB(name = DB_NAME): Promise<IDBPDatabase<ScopeDB>> {
	return openDB<ScopeDB>(name, DB_VERSION, {
		upgrade(db, oldVersion, _newVersion, tx) {
			if (oldVersion < 1) {
				db.createObjectStore('profiles', { keyPath: 'id' });
				const messages = db.createObjectStore('messages', { keyPath: ['profileId', 'id'] });
				messages.createIndex('by-topic', ['profileId', 'topic', 'id']);
				// A new user finds a ready profile for `npm start`'s demo broker.
				void tx.objectStore('profiles').put(localDemoProfile(Date.now()));
			}
		},
		blocking(_current, _blocked, event) {
			// Another tab wants a newer schema: step aside instead of blocking its upgrade.
			(event.target as IDBDatabase).close();
		}
	});
}
