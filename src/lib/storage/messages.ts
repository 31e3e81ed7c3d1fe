import type { IDBPDatabase } from 'idb';
import type { HistoryHead, HistoryPageQuery, TopicQuery } from '$lib/shared/history/history-query';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import type { Pruner } from '$lib/shared/history/retention';
import { headOf, topicKey, type HistoryMeta, type ScopeDB, type SegmentHead } from './db';
import {
	appendRecords,
	profileRange,
	profileRuns,
	WRITE_STORES,
	type WriteTx
} from './segment-append';
import { pageOf } from './history-page';

type DB = IDBPDatabase<ScopeDB>;

/**
 * Writes a batch of new records (in id order) and rewrites changed ones, in one readwrite
 * transaction that also keeps each profile's meta row in step; resolves once it committed.
 * A failed put or a full quota aborts the whole transaction and rejects.
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
	const tx = db.transaction([...WRITE_STORES], 'readwrite', { durability: 'relaxed' });
	await inTransaction(tx, async () => {
		for (const run of profileRuns(records)) await appendRecords(tx, run);
		if (rewrites.length) await rewriteInTransaction(tx, rewrites);
		const inflight = tx.objectStore('inflight');
		for (const id of receipts) await inflight.delete([records[0].profileId, 'in', id]);
	});
}

/**
 * Runs `work` in a transaction and waits for the commit. If the work throws, the transaction
 * is aborted, so nothing of it is kept.
 */
async function inTransaction(
	tx: { done: Promise<void>; abort(): void },
	work: () => Promise<void>
): Promise<void> {
	const done = tx.done;
	try {
		await work();
	} catch (error) {
		try {
			tx.abort();
		} catch {
			// Already aborted by the failed request.
		}
		await done.catch(() => undefined);
		throw error;
	}
	await done;
}

/** Replaces records already stored (e.g. a publish whose state changed) in their segments. */
async function rewriteInTransaction(
	tx: WriteTx,
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

/** The size of a profile's history (undefined when it never had any). */
export function readMeta(db: DB, profileId: string): Promise<HistoryMeta | undefined> {
	return db.get('history-meta', profileId);
}

/** How many records a profile has and the id of the newest: one read. */
export async function readHead(db: DB, profileId: string): Promise<HistoryHead> {
	const meta = await readMeta(db, profileId);
	return { total: meta?.total ?? 0, lastId: meta?.lastId ?? 0 };
}

/** A page of history newest first, pinned to records with id ≤ maxId. */
export async function readPage(db: DB, query: HistoryPageQuery): Promise<MessageRecord[]> {
	return pageOf(db.transaction(['history-meta', 'segment-heads', 'segments']), query);
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

/** Heads read per request while retention walks from the oldest. */
const PRUNE_HEADS_PER_READ = 64;

/**
 * Deletes the oldest segments while `pruner` (made from the history's size) says so, and
 * updates the meta row in the same transaction; returns the records removed. Reads heads from
 * the oldest in small chunks and deletes what goes as one key range, so a pass that removes
 * nothing reads the meta row and one chunk, and one that removes a day issues two deletes.
 */
export async function pruneOldest(
	db: DB,
	profileId: string,
	pruner: (size: HistoryMeta) => Pruner
): Promise<number> {
	const tx = db.transaction([...WRITE_STORES], 'readwrite');
	let removed = 0;
	await inTransaction(tx, async () => {
		const meta = await tx.objectStore('history-meta').get(profileId);
		if (!meta?.total) return;
		const prune = pruner(meta);
		const heads = tx.objectStore('segment-heads');
		let bytes = 0;
		let count = 0;
		let lastPruned: number | undefined;
		let oldest: SegmentHead | undefined;
		let range = profileRange(profileId);
		walk: for (;;) {
			const chunk = await heads.getAll(range, PRUNE_HEADS_PER_READ);
			for (const head of chunk) {
				if (!prune(head)) {
					oldest = head;
					break walk;
				}
				removed += head.count;
				bytes += head.bytes;
				count++;
				lastPruned = head.firstId;
			}
			if (chunk.length < PRUNE_HEADS_PER_READ) break;
			const last = chunk[chunk.length - 1].firstId;
			range = IDBKeyRange.bound([profileId, last], [profileId, Infinity], true, false);
		}
		if (lastPruned === undefined) return;
		const gone = profileRange(profileId, lastPruned);
		void tx.objectStore('segments').delete(gone);
		void tx.objectStore('segment-samples').delete(gone);
		void heads.delete(gone);
		await tx.objectStore('history-meta').put({
			...meta,
			total: meta.total - removed,
			bytes: meta.bytes - bytes,
			segments: meta.segments - count,
			firstId: oldest?.firstId ?? 0,
			firstTime: oldest ? await firstTimeOf(tx, oldest) : 0
		});
	});
	return removed;
}

/** The time of a segment's oldest record (heads from before version 6 do not carry it). */
async function firstTimeOf(tx: WriteTx, head: SegmentHead): Promise<number> {
	if (head.firstTime !== undefined) return head.firstTime;
	const segment = await tx.objectStore('segments').get([head.profileId, head.firstId]);
	return segment?.records[0]?.time ?? 0;
}

/**
 * Deletes every record of one topic from a profile's history. Only the segments that hold the
 * topic (the topic index says which) are rewritten, each with its head, in one transaction.
 */
export async function clearTopic(db: DB, profileId: string, topic: string): Promise<number> {
	const tx = db.transaction([...WRITE_STORES], 'readwrite');
	const heads = tx.objectStore('segment-heads');
	const key = topicKey(profileId, topic);
	let removed = 0;
	await inTransaction(tx, async () => {
		let bytes = 0;
		let dropped = 0;
		let cursor = await tx
			.objectStore('segments')
			.index('by-topic')
			.openCursor(IDBKeyRange.only(key));
		while (cursor) {
			const segment = cursor.value;
			const kept = segment.records.filter((r) => r.topic !== topic);
			removed += segment.records.length - kept.length;
			// Fewer records than it was made from: the segment's sample no longer stands for it.
			void tx.objectStore('segment-samples').delete([profileId, segment.firstId]);
			if (kept.length === 0) {
				bytes += segment.bytes;
				dropped++;
				void heads.delete([profileId, segment.firstId]);
				await cursor.delete();
			} else {
				const head: SegmentHead = {
					...headOf(kept),
					firstId: segment.firstId,
					lastId: segment.lastId,
					// The connection was down whichever topics remain.
					...(segment.gaps && { gaps: segment.gaps })
				};
				bytes += segment.bytes - head.bytes;
				void heads.put(head);
				const topicKeys = segment.topicKeys.filter((k) => k !== key);
				await cursor.update({ ...segment, ...head, records: kept, topicKeys });
			}
			cursor = await cursor.continue();
		}
		const meta = await tx.objectStore('history-meta').get(profileId);
		if (!meta || !removed) return;
		const [oldest, newest] = await Promise.all([
			heads.openCursor(profileRange(profileId)),
			heads.openCursor(profileRange(profileId), 'prev')
		]);
		await tx.objectStore('history-meta').put({
			...meta,
			total: meta.total - removed,
			bytes: meta.bytes - bytes,
			segments: meta.segments - dropped,
			firstId: oldest?.value.firstId ?? 0,
			firstTime: oldest ? await firstTimeOf(tx, oldest.value) : 0,
			lastTime: newest?.value.lastTime ?? 0
		});
	});
	return removed;
}

/** Deletes one profile's whole history. */
export async function clearHistory(db: DB, profileId: string): Promise<void> {
	const tx = db.transaction([...WRITE_STORES], 'readwrite');
	await Promise.all([
		tx.objectStore('segments').delete(profileRange(profileId)),
		tx.objectStore('segment-heads').delete(profileRange(profileId)),
		tx.objectStore('segment-samples').delete(profileRange(profileId)),
		tx.objectStore('history-meta').delete(profileId),
		tx.done
	]);
}
