import { unwrap, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type { HistoryHead, HistoryPageQuery, TopicQuery } from '$lib/shared/history/history-query';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { recordBytes } from '$lib/shared/history/retention';
import { SEGMENT_SIZE, topicKey, writeSegment, type ScopeDB, type SegmentHead } from './db';

type DB = IDBPDatabase<ScopeDB>;

/** The key range that holds one profile's segments, optionally only those starting ≤ maxId. */
function profileRange(profileId: string, maxFirstId = Infinity): IDBKeyRange {
	return IDBKeyRange.bound([profileId, -Infinity], [profileId, maxFirstId]);
}

/**
 * Writes a batch of new records (one profile, in id order) and rewrites changed ones, in one
 * readwrite transaction. Every request is issued before the first await, so the transaction
 * cannot auto-commit half way; a failed put or a full quota aborts it and rejects.
 * `receipts` are the packet ids of QoS 2 messages among the records whose in-flight receipts
 * end with this write: in the same transaction, so a message is either recorded or still held
 * for the broker's resent PUBREL, never both, never neither.
 * Relaxed durability: a crash may lose the last batch, never corrupt history.
 */
export async function putBatch(
	db: DB,
	records: readonly MessageRecord[],
	rewrites: readonly MessageRecord[] = [],
	receipts: readonly number[] = []
): Promise<void> {
	const scope: BatchScope = ['segments', 'segment-heads'];
	if (receipts.length) scope.push('inflight');
	const tx = db.transaction(scope, 'readwrite', { durability: 'relaxed' });
	const raw = unwrap(tx);
	for (const run of segmentRuns(records)) writeSegment(raw, run);
	if (receipts.length) {
		const inflight = raw.objectStore('inflight');
		for (const id of receipts) inflight.delete([records[0].profileId, 'in', id]);
	}
	const done = tx.done;
	if (rewrites.length) await rewriteInTransaction(tx, rewrites);
	await done;
}

/** The stores a batch write may touch. */
type BatchScope = ('segments' | 'segment-heads' | 'inflight')[];

/** Splits records into segments: runs of one profile, at most SEGMENT_SIZE long. */
function segmentRuns(records: readonly MessageRecord[]): MessageRecord[][] {
	const runs: MessageRecord[][] = [];
	let run: MessageRecord[] = [];
	for (const record of records) {
		if (run.length && (run.length >= SEGMENT_SIZE || run[0].profileId !== record.profileId)) {
			runs.push(run);
			run = [];
		}
		run.push(record);
	}
	if (run.length) runs.push(run);
	return runs;
}

/** Replaces records already stored (e.g. a publish whose state changed) in their segments. */
async function rewriteInTransaction(
	tx: IDBPTransaction<ScopeDB, BatchScope, 'readwrite'>,
	rewrites: readonly MessageRecord[]
): Promise<void> {
	const segments = tx.objectStore('segments');
	const heads = tx.objectStore('segment-heads');
	for (const record of rewrites) {
		const head = await heads.openCursor(profileRange(record.profileId, record.id), 'prev');
		if (!head || head.value.lastId < record.id) continue;
		const segment = await segments.get([record.profileId, head.value.firstId]);
		const index = segment?.records.findIndex((r) => r.id === record.id) ?? -1;
		if (!segment || index < 0) continue;
		segment.records[index] = record;
		await segments.put(segment);
	}
}

/** Every segment head of a profile, oldest first. */
function readHeads(db: DB, profileId: string): Promise<SegmentHead[]> {
	return db.getAll('segment-heads', profileRange(profileId));
}

/** How many records a profile has and the id of the newest. */
export async function readHead(db: DB, profileId: string): Promise<HistoryHead> {
	const heads = await readHeads(db, profileId);
	const total = heads.reduce((sum, head) => sum + head.count, 0);
	return { total, lastId: heads.at(-1)?.lastId ?? 0 };
}

/** A page of history newest first, pinned to records with id ≤ maxId. */
export async function readPage(db: DB, query: HistoryPageQuery): Promise<MessageRecord[]> {
	const heads = await db.getAll('segment-heads', profileRange(query.profileId, query.maxId));
	const rows: MessageRecord[] = [];
	let skip = query.skip;
	for (let i = heads.length - 1; i >= 0 && rows.length < query.limit; i--) {
		const head = heads[i];
		// Whole segments below maxId are skipped by their count without being read.
		if (head.lastId <= query.maxId && skip >= head.count) {
			skip -= head.count;
			continue;
		}
		const segment = await db.get('segments', [query.profileId, head.firstId]);
		if (!segment) continue;
		const eligible = segment.records.filter((r) => r.id <= query.maxId);
		for (let j = eligible.length - 1; j >= 0 && rows.length < query.limit; j--) {
			if (skip > 0) skip--;
			else rows.push(eligible[j]);
		}
	}
	return rows;
}

/** The newest `limit` records of one topic with id > afterId, oldest first. */
export async function readTopic(db: DB, query: TopicQuery): Promise<MessageRecord[]> {
	const { profileId, topic } = query;
	const rows: MessageRecord[] = [];
	let cursor = await db
		.transaction('segments')
		.store.index('by-topic')
		.openCursor(IDBKeyRange.only(topicKey(profileId, topic)), 'prev');
	while (cursor && rows.length < query.limit && cursor.value.lastId > query.afterId) {
		const records = cursor.value.records;
		for (let i = records.length - 1; i >= 0 && rows.length < query.limit; i--) {
			const record = records[i];
			if (record.topic === topic && record.id > query.afterId) rows.push(record);
		}
		cursor = await cursor.continue();
	}
	return rows.reverse();
}

/** One record by its id, if it is still in history. */
export async function readRecord(
	db: DB,
	profileId: string,
	id: number
): Promise<MessageRecord | undefined> {
	const tx = db.transaction(['segment-heads', 'segments']);
	const head = await tx
		.objectStore('segment-heads')
		.openCursor(profileRange(profileId, id), 'prev');
	if (!head || head.value.lastId < id) return undefined;
	const segment = await tx.objectStore('segments').get([profileId, head.value.firstId]);
	return segment?.records.find((r) => r.id === id);
}

/** Deletes whole segments (oldest first, as retention picks them); returns the records removed. */
export async function deleteSegments(
	db: DB,
	profileId: string,
	heads: readonly Pick<SegmentHead, 'firstId' | 'count'>[]
): Promise<number> {
	if (!heads.length) return 0;
	const tx = db.transaction(['segments', 'segment-heads'], 'readwrite');
	for (const head of heads) {
		void tx.objectStore('segments').delete([profileId, head.firstId]);
		void tx.objectStore('segment-heads').delete([profileId, head.firstId]);
	}
	await tx.done;
	return heads.reduce((sum, head) => sum + head.count, 0);
}

/** Every segment head of a profile, oldest first (for retention). */
export function listSegments(db: DB, profileId: string): Promise<SegmentHead[]> {
	return readHeads(db, profileId);
}

/**
 * Deletes every record of one topic from a profile's history. Only the segments that hold the
 * topic (the topic index says which) are rewritten, each with its head, in one transaction.
 */
export async function clearTopic(db: DB, profileId: string, topic: string): Promise<number> {
	const tx = db.transaction(['segments', 'segment-heads'], 'readwrite');
	const heads = tx.objectStore('segment-heads');
	const key = topicKey(profileId, topic);
	let removed = 0;
	let cursor = await tx.objectStore('segments').index('by-topic').openCursor(IDBKeyRange.only(key));
	while (cursor) {
		const segment = cursor.value;
		const kept = segment.records.filter((r) => r.topic !== topic);
		removed += segment.records.length - kept.length;
		if (kept.length === 0) {
			void heads.delete([profileId, segment.firstId]);
			await cursor.delete();
		} else {
			const head: SegmentHead = {
				profileId,
				firstId: segment.firstId,
				lastId: segment.lastId,
				count: kept.length,
				lastTime: kept[kept.length - 1].time,
				bytes: kept.reduce((sum, r) => sum + recordBytes(r.payload.byteLength, r.topic.length), 0),
				// The connection was down whichever topics remain.
				...(segment.gaps && { gaps: segment.gaps })
			};
			void heads.put(head);
			const topicKeys = segment.topicKeys.filter((k) => k !== key);
			await cursor.update({ ...segment, ...head, records: kept, topicKeys });
		}
		cursor = await cursor.continue();
	}
	await tx.done;
	return removed;
}

/** Deletes one profile's whole history. */
export async function clearHistory(db: DB, profileId: string): Promise<void> {
	const tx = db.transaction(['segments', 'segment-heads'], 'readwrite');
	await Promise.all([
		tx.objectStore('segments').delete(profileRange(profileId)),
		tx.objectStore('segment-heads').delete(profileRange(profileId)),
		tx.done
	]);
}
