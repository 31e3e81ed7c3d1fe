import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { MessageProperties, MessageRecord } from '$lib/shared/engine-api';
import type { Profile, QoS } from '$lib/shared/profile';
import { localDemoProfile } from '$lib/shared/demo-profile';

/** One entry of a profile's publish history, kept so a publish can be sent again in one click. */
export interface PublishHistoryEntry {
	profileId: string;
	/** Milliseconds since the epoch of the publish; also orders the history. */
	id: number;
	topic: string;
	/** The payload as the user typed it, and how it was encoded. */
	text: string;
	format: string;
	payload: Uint8Array;
	qos: QoS;
	retain: boolean;
	properties?: MessageProperties;
}

/** A QoS 1/2 packet MQTT.js has in flight, kept so a reload does not lose it. */
export interface InflightRow {
	profileId: string;
	/** 'out': our publishes and PUBRELs awaiting acknowledgement; 'in': QoS 2 receipts. */
	direction: 'in' | 'out';
	messageId: number;
	packet: Record<string, unknown>;
	/** The history record of a publish, so its state can be updated after a reload. */
	recordId?: number;
}

/** The IndexedDB layout shared by the UI thread (profiles) and the engine worker (messages). */
export interface ScopeDB extends DBSchema {
	profiles: { key: string; value: Profile };
	messages: {
		/** [profileId, id]: one profile's history is one contiguous key range, in arrival order. */
		key: [string, number];
		value: MessageRecord;
		indexes: { 'by-topic': [string, string, number] };
	};
	publishes: { key: [string, number]; value: PublishHistoryEntry };
	inflight: { key: [string, string, number]; value: InflightRow };
}

/** The database name; tests use another to stay isolated. */
export const DB_NAME = 'mqtt-scope';
const DB_VERSION = 3;

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
			if (oldVersion < 2) {
				db.createObjectStore('publishes', { keyPath: ['profileId', 'id'] });
			}
			if (oldVersion < 3) {
				db.createObjectStore('inflight', { keyPath: ['profileId', 'direction', 'messageId'] });
			}
		},
		blocking(_current, _blocked, event) {
			// Another tab wants a newer schema: step aside instead of blocking its upgrade.
			(event.target as IDBDatabase).close();
		}
	});
}
