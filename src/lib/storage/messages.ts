import { unwrap, type IDBPDatabase } from 'idb';
import type {
	HistoryHead,
	HistoryPageQuery,
	MessageRecord,
	TopicQuery
} from '$lib/shared/engine-api';
import type { ScopeDB } from './db';

type DB = IDBPDatabase<ScopeDB>;

/** The key range that holds one profile's whole history. */
function profileRange(profileId: string, maxId = Infinity): IDBKeyRange {
	return IDBKeyRange.bound([profileId, -Infinity], [profileId, maxId]);
}

/**
 * Writes a batch in one readwrite transaction. Every put is issued before the first await,
 * so the transaction cannot auto-commit half way; a failed put or a full quota aborts the
 * transaction and rejects `tx.done`. Relaxed durability: a crash may lose the last batch,
 * never corrupt history.
 */
export async function putBatch(db: DB, records: readonly MessageRecord[]): Promise<void> {
	const tx = db.transaction('messages', 'readwrite', { durability: 'relaxed' });
	// The raw store: idb's per-request promise costs a third of the time at thousands a second.
	const store = unwrap(tx.store);
	for (const record of records) store.put(record);
	await tx.done;
}

/** How many records a profile has and the id of the newest. */
export async function readHead(db: DB, profileId: string): Promise<HistoryHead> {
	const tx = db.transaction('messages');
	const [total, last] = await Promise.all([
		tx.store.count(profileRange(profileId)),
		tx.store.openKeyCursor(profileRange(profileId), 'prev')
	]);
	return { total, lastId: last ? last.primaryKey[1] : 0 };
}

/** A page of history newest first, pinned to records with id ≤ maxId. */
export async function readPage(db: DB, query: HistoryPageQuery): Promise<MessageRecord[]> {
	const rows: MessageRecord[] = [];
	let cursor = await db
		.transaction('messages')
		.store.openCursor(profileRange(query.profileId, query.maxId), 'prev');
	if (cursor && query.skip > 0) cursor = await cursor.advance(query.skip);
	while (cursor && rows.length < query.limit) {
		rows.push(cursor.value);
		cursor = await cursor.continue();
	}
	return rows;
}

/** The newest `limit` records of one topic with id > afterId, oldest first. */
export async function readTopic(db: DB, query: TopicQuery): Promise<MessageRecord[]> {
	const { profileId, topic } = query;
	const range = IDBKeyRange.bound(
		[profileId, topic, query.afterId],
		[profileId, topic, Infinity],
		true
	);
	const rows: MessageRecord[] = [];
	let cursor = await db.transaction('messages').store.index('by-topic').openCursor(range, 'prev');
	while (cursor && rows.length < query.limit) {
		rows.push(cursor.value);
		cursor = await cursor.continue();
	}
	return rows.reverse();
}

/** Deletes one profile's whole history. */
export async function clearHistory(db: DB, profileId: string): Promise<void> {
	await db.delete('messages', profileRange(profileId));
}

/** One record by its id, if it is still in history. */
export async function readRecord(
	db: DB,
	profileId: string,
	id: number
): Promise<MessageRecord | undefined> {
	return db.get('messages', [profileId, id]);
}
