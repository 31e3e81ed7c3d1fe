import {
	openDB,
	unwrap,
	wrap,
	type DBSchema,
	type IDBPDatabase,
	type IDBPTransaction,
	type StoreNames
} from 'idb';
import type { MessageProperties, MessageRecord } from '$lib/shared/mqtt/message';
import type { Profile, QoS } from '$lib/shared/profile/profile';
import type { AlertLogEntry } from '$lib/shared/alerts/alert-rules';
import type { Dashboard } from '$lib/shared/dashboards/dashboard';
import { localDemoDashboard, localDemoProfile } from '$lib/shared/profile/demo-profile';
import { recordBytes } from '$lib/shared/history/retention';
import type { PasscodeRecord, SealedBox } from '$lib/shared/profile/secret-box';

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

/** Where a segment sits in a profile's history. */
export interface SegmentHead {
	profileId: string;
	firstId: number;
	lastId: number;
	count: number;
	/** Time of the newest record, and the retention size of all (see shared/history/retention.ts). */
	lastTime: number;
	bytes: number;
	/**
	 * When the connection was down before records of this segment (their `gapBefore`), so a chart
	 * of any topic can break its lines there without reading every segment.
	 */
	gaps?: { from: number; to: number }[];
}

/** A segment of history: records in id order, and the topics they carry (for the topic index). */
export interface Segment extends SegmentHead {
	records: MessageRecord[];
	/** `topicKey(profileId, topic)` of every topic in the segment, once each. */
	topicKeys: string[];
}

/** Most records in one segment. */
export const SEGMENT_SIZE = 1000;

/** The topic index key: one string, because a multi-entry index takes keys, not key paths. */
export function topicKey(profileId: string, topic: string): string {
	return `${profileId}\u0000${topic}`;
}

/** A row of the secrets store (see vault.ts): the device key, the passcode, or one password. */
export type SecretRow =
	| { id: 'device-key'; key: CryptoKey }
	| { id: 'passcode'; record: PasscodeRecord }
	| {
			/** `password:<profileId>`. */
			id: string;
			profileId: string;
			box: SealedBox;
			/** Sealed under the passcode too (secret-box.ts sealSecret). */
			passcode: boolean;
	  };

/** The IndexedDB layout shared by the UI thread (profiles) and the engine worker (messages). */
export interface ScopeDB extends DBSchema {
	profiles: { key: string; value: Profile };
	/**
	 * Message history in segments: one row holds a written batch of up to SEGMENT_SIZE records.
	 * One row per message caps IndexedDB at ~10k writes a second; a row per batch lets a busy
	 * broker be stored as fast as it is received. [profileId, firstId] keeps one profile's
	 * history one contiguous key range, in arrival order.
	 */
	segments: {
		key: [string, number];
		value: Segment;
		indexes: { 'by-topic': string };
	};
	/** Each segment's size, small enough to read all of a profile's at once for paging. */
	'segment-heads': { key: [string, number]; value: SegmentHead };
	publishes: { key: [string, number]; value: PublishHistoryEntry };
	inflight: { key: [string, string, number]; value: InflightRow };
	/** One dashboard (tiles and alert rules) per profile, keyed by profile id. */
	dashboards: { key: string; value: Dashboard };
	/** When each alert fired and cleared, per profile in time order. */
	'alert-log': { key: [string, number]; value: AlertLogEntry };
	/** Remembered passwords, sealed; the device key and passcode check that open them. */
	secrets: { key: string; value: SecretRow };
}

/** The database name; tests use another to stay isolated. */
export const DB_NAME = 'mqtt-scope';
const DB_VERSION = 7;

/** Opens (and creates or migrates) the database. */
export function openScopeDB(name = DB_NAME): Promise<IDBPDatabase<ScopeDB>> {
	return openDB<ScopeDB>(name, DB_VERSION, {
		upgrade(db, oldVersion, _newVersion, tx) {
			if (oldVersion < 1) {
				db.createObjectStore('profiles', { keyPath: 'id' });
				// A new user finds a ready profile for `npm start`'s demo broker.
				void tx.objectStore('profiles').put(localDemoProfile(Date.now()));
			}
			if (oldVersion < 2) {
				db.createObjectStore('publishes', { keyPath: ['profileId', 'id'] });
			}
			if (oldVersion < 3) {
				db.createObjectStore('inflight', { keyPath: ['profileId', 'direction', 'messageId'] });
			}
			if (oldVersion < 4) {
				const segments = db.createObjectStore('segments', { keyPath: ['profileId', 'firstId'] });
				segments.createIndex('by-topic', 'topicKeys', { multiEntry: true });
				db.createObjectStore('segment-heads', { keyPath: ['profileId', 'firstId'] });
				if (oldVersion >= 1) void migrateToSegments(tx);
			}
			if (oldVersion < 5) {
				const dashboards = db.createObjectStore('dashboards', { keyPath: 'profileId' });
				// A new user's demo profile comes with a dashboard for the simulator's devices.
				if (oldVersion < 1) void dashboards.put(localDemoDashboard(Date.now()));
				db.createObjectStore('alert-log', { keyPath: ['profileId', 'id'] });
			}
			if (oldVersion < 7) {
				// Passwords that versions up to 6 kept in plain text in 'profiles' are sealed into this
				// store by vault.ts sealPlainPasswords on the first load: Web Crypto is asynchronous, and
				// an upgrade transaction commits as soon as it waits on anything but IndexedDB.
				db.createObjectStore('secrets', { keyPath: 'id' });
			}
		},
		blocking(_current, _blocked, event) {
			// Another tab wants a newer schema: step aside instead of blocking its upgrade.
			(event.target as IDBDatabase).close();
		}
	});
}

/** Version 4: moves one-row-per-message history (versions 1–3) into segments. */
async function migrateToSegments(
	tx: IDBPTransaction<ScopeDB, StoreNames<ScopeDB>[], 'versionchange'>
): Promise<void> {
	// The old store is not in today's schema type; it is read once here and deleted.
	const raw = unwrap(tx) as IDBTransaction;
	const old = raw.objectStore('messages');
	let batch: MessageRecord[] = [];
	const flush = () => {
		if (!batch.length) return;
		writeSegment(raw, batch);
		batch = [];
	};
	let cursor = await wrap(old).openCursor();
	while (cursor) {
		const record = cursor.value as MessageRecord;
		if (batch.length && (batch[0].profileId !== record.profileId || batch.length >= SEGMENT_SIZE)) {
			flush();
		}
		batch.push(record);
		cursor = await cursor.continue();
	}
	flush();
	raw.db.deleteObjectStore('messages');
}

/** Puts one segment and its head (records of one profile, in id order) in a transaction. */
export function writeSegment(tx: IDBTransaction, records: MessageRecord[]): void {
	const { profileId } = records[0];
	const head: SegmentHead = {
		profileId,
		firstId: records[0].id,
		lastId: records[records.length - 1].id,
		count: records.length,
		lastTime: records[records.length - 1].time,
		bytes: records.reduce((sum, r) => sum + recordBytes(r.payload.byteLength, r.topic.length), 0)
	};
	const gaps = records.flatMap((r) => (r.gapBefore ? [r.gapBefore] : []));
	if (gaps.length) head.gaps = gaps;
	const topicKeys = [...new Set(records.map((r) => topicKey(profileId, r.topic)))];
	tx.objectStore('segments').put({ ...head, records, topicKeys });
	tx.objectStore('segment-heads').put(head);
}
