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
import { overviewSample } from '$lib/shared/charts/overview';
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
	/** Time of the oldest record (absent on heads written before version 6). */
	firstTime?: number;
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

/**
 * A few records of a full segment, spread over it and over its topics (see overviewSample): what
 * a chart's overview of a long range reads instead of the whole segment. It stands for the
 * segment only while its count and last id are the segment head's; otherwise the segment is read.
 */
export interface SegmentSample {
	profileId: string;
	firstId: number;
	lastId: number;
	count: number;
	records: MessageRecord[];
}

/** Most records in one segment. */
export const SEGMENT_SIZE = 1000;

/**
 * Most retention bytes (see `recordBytes`) in one segment, so a segment of large payloads stays
 * cheap to rewrite while it is the open tail, and cheap to read.
 */
export const SEGMENT_BYTES = 256 * 1024;

/**
 * Longest time one segment spans: a slow stream closes its tail after this, so retention by age
 * (which removes whole segments) is off by at most this much. At 1 msg/s and more a segment
 * fills first.
 */
export const SEGMENT_SPAN_MS = 3_600_000;

/**
 * The size of one profile's history, kept in step with its segments in every transaction that
 * changes them, so the head of history is one read whatever its length.
 */
export interface HistoryMeta {
	profileId: string;
	/** Records stored, and their retention bytes. */
	total: number;
	bytes: number;
	/** Segment rows stored. */
	segments: number;
	/** Oldest and newest record ids and times; 0 when history is empty (lastId stays). */
	firstId: number;
	firstTime: number;
	lastId: number;
	lastTime: number;
}

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
	/** Full segments' samples, keyed as their segments (see SegmentSample). */
	'segment-samples': { key: [string, number]; value: SegmentSample };
	/** Each segment's size and place, read to find segments without reading their records. */
	'segment-heads': { key: [string, number]; value: SegmentHead };
	/** One row per profile with history: its totals (see HistoryMeta). */
	'history-meta': { key: string; value: HistoryMeta };
	publishes: { key: [string, number]; value: PublishHistoryEntry };
	inflight: { key: [string, string, number]; value: InflightRow };
	/** One dashboard (tiles and alert rules) per profile, keyed by profile id. */
	dashboards: { key: string; value: Dashboard };
	/** When each alert fired and cleared, per profile in time order. */
	'alert-log': { key: [string, number]; value: AlertLogEntry };
	/** Remembered passwords, sealed; the device key and passcode check that open them. */
	secrets: { key: string; value: SecretRow };
}

/** An open database as the engine holds it: handed to storage functions, which alone read its stores. */
export type Database = IDBPDatabase<ScopeDB>;

/** The database name; tests use another to stay isolated. */
export const DB_NAME = 'mqtt-scope';
const DB_VERSION = 8;

/** Opens (and creates or migrates) the database. */
export function openScopeDB(name = DB_NAME): Promise<IDBPDatabase<ScopeDB>> {
	return openDB<ScopeDB>(name, DB_VERSION, {
		upgrade(db, oldVersion, _newVersion, tx) {
			// Migrations that read data run one after another in this one transaction.
			let migrated: Promise<void> = Promise.resolve();
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
				if (oldVersion >= 1) migrated = migrateToSegments(tx);
			}
			if (oldVersion < 5) {
				const dashboards = db.createObjectStore('dashboards', { keyPath: 'profileId' });
				// A new user's demo profile comes with a dashboard for the simulator's devices.
				if (oldVersion < 1) void dashboards.put(localDemoDashboard(Date.now()));
				db.createObjectStore('alert-log', { keyPath: ['profileId', 'id'] });
			}
			if (oldVersion < 6) {
				db.createObjectStore('history-meta', { keyPath: 'profileId' });
				if (oldVersion >= 1) migrated = migrated.then(() => buildHistoryMeta(tx));
			}
			if (oldVersion < 7) {
				// Passwords that versions up to 6 kept in plain text in 'profiles' are sealed into this
				// store by vault.ts sealPlainPasswords on the first load: Web Crypto is asynchronous, and
				// an upgrade transaction commits as soon as it waits on anything but IndexedDB.
				db.createObjectStore('secrets', { keyPath: 'id' });
			}
			if (oldVersion < 8) {
				// Segments written before this version have none: an overview reads them whole.
				db.createObjectStore('segment-samples', { keyPath: ['profileId', 'firstId'] });
			}
			void migrated;
		},
		blocking(_current, _blocked, event) {
			// Another tab wants a newer schema: step aside instead of blocking its upgrade.
			(event.target as IDBDatabase).close();
		}
	});
}

/**
 * Takes over a connection opened before the app's modules ran (boot/open-db.js, inline in the
 * page) when it is at this schema's version; otherwise (none, failed, older) opens it afresh.
 */
export async function adoptScopeDB(
	early: Promise<IDBDatabase | null> | undefined
): Promise<IDBPDatabase<ScopeDB>> {
	const db = await early?.catch(() => null);
	if (db?.version !== DB_VERSION) {
		db?.close();
		return openScopeDB();
	}
	// As openScopeDB's `blocking`: another tab wants a newer schema, so step aside.
	db.onversionchange = () => db.close();
	return wrap(db) as unknown as IDBPDatabase<ScopeDB>;
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

/** Heads read per request while version 6 sums them up. */
const HEADS_PER_READ = 5000;

/**
 * Version 6: sums every profile's segment heads into its history-meta row. Heads are read in
 * chunks, so a history of millions of one-message segments (as version 5 wrote them at low
 * rates) does not have to fit in memory at once.
 */
async function buildHistoryMeta(
	tx: IDBPTransaction<ScopeDB, StoreNames<ScopeDB>[], 'versionchange'>
): Promise<void> {
	const heads = tx.objectStore('segment-heads');
	const metas = new Map<string, HistoryMeta>();
	let after: IDBKeyRange | null = null;
	for (;;) {
		const chunk: SegmentHead[] = await heads.getAll(after, HEADS_PER_READ);
		for (const head of chunk) {
			const meta = metas.get(head.profileId);
			if (!meta) metas.set(head.profileId, metaOf(head, 0));
			else addHead(meta, head);
		}
		if (chunk.length < HEADS_PER_READ) break;
		const last = chunk[chunk.length - 1];
		after = IDBKeyRange.lowerBound([last.profileId, last.firstId], true);
	}
	const segments = tx.objectStore('segments');
	for (const meta of metas.values()) {
		// Heads before version 6 lack the oldest time: the oldest segment's first record has it.
		const oldest = await segments.get([meta.profileId, meta.firstId]);
		meta.firstTime = oldest?.records[0]?.time ?? 0;
		await tx.objectStore('history-meta').put(meta);
	}
}

/** A meta row for a history that is one segment. */
export function metaOf(head: SegmentHead, firstTime = head.firstTime ?? 0): HistoryMeta {
	return {
		profileId: head.profileId,
		total: head.count,
		bytes: head.bytes,
		segments: 1,
		firstId: head.firstId,
		firstTime,
		lastId: head.lastId,
		lastTime: head.lastTime
	};
}

/** Adds a newer segment to a meta row (in place). */
export function addHead(meta: HistoryMeta, head: SegmentHead): void {
	meta.total += head.count;
	meta.bytes += head.bytes;
	meta.segments += 1;
	meta.lastId = head.lastId;
	meta.lastTime = head.lastTime;
}

/**
 * Puts one segment and its head (records of one profile, in id order) in a transaction, and
 * its sample once it is full (a segment still filling is rewritten often, and read whole).
 */
export function writeSegment(
	tx: IDBTransaction,
	records: MessageRecord[],
	firstId = records[0].id
): SegmentHead {
	const { profileId } = records[0];
	// A segment keeps its key when rewritten, even if its first records were cleared.
	const head = { ...headOf(records), firstId };
	// Topics deduplicated first: a segment has a few topics and a thousand records.
	const topics = new Set(records.map((r) => r.topic));
	const topicKeys = [...topics].map((topic) => topicKey(profileId, topic));
	tx.objectStore('segments').put({ ...head, records, topicKeys });
	tx.objectStore('segment-heads').put(head);
	const sample = isFull(head) ? overviewSample(records) : undefined;
	if (sample) {
		const { lastId, count } = head;
		tx.objectStore('segment-samples').put({ profileId, firstId, lastId, count, records: sample });
	}
	return head;
}

/** Whether a segment takes no more records (by count or bytes). */
export function isFull(head: SegmentHead): boolean {
	return head.count >= SEGMENT_SIZE || head.bytes >= SEGMENT_BYTES;
}

/** Whether a sample still stands for the segment with this head (see SegmentSample). */
export function standsFor(sample: SegmentSample | undefined, head: SegmentHead): boolean {
	return sample?.count === head.count && sample.lastId === head.lastId;
}

/** The head of a segment holding `records` (one profile, in id order, at least one). */
export function headOf(records: readonly MessageRecord[]): SegmentHead {
	const first = records[0];
	const last = records[records.length - 1];
	const head: SegmentHead = {
		profileId: first.profileId,
		firstId: first.id,
		lastId: last.id,
		count: records.length,
		firstTime: first.time,
		lastTime: last.time,
		bytes: records.reduce((sum, r) => sum + bytesOf(r), 0)
	};
	const gaps = records.flatMap((r) => (r.gapBefore ? [r.gapBefore] : []));
	if (gaps.length) head.gaps = gaps;
	return head;
}

/** A record's retention bytes. */
export function bytesOf(record: MessageRecord): number {
	return recordBytes(record.payload.byteLength, record.topic.length);
}
