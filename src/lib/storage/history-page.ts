import type { IDBPTransaction } from 'idb';
import type { HistoryHead, HistoryPageQuery } from '$lib/shared/history/history-query';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { SEGMENT_SIZE, type Database, type ScopeDB, type SegmentHead } from './db';
import { settleJournal } from './journal-settle';
import { profileRange } from './segment-append';

/** A read-only transaction over what a page needs. */
type PageTx = IDBPTransaction<
	ScopeDB,
	('history-meta' | 'segment-heads' | 'segments')[],
	'readonly'
>;

/**
 * Pages that end within this many records of the newest are found by walking heads newest
 * first with a cursor (scrolling down from the top); deeper ones by reading heads oldest first
 * in chunks (a jump to the oldest reads one chunk).
 */
const NEWEST_WALK = 50 * SEGMENT_SIZE;
/** Heads read per request when walking oldest first. */
const HEADS_PER_READ = 1000;

/** A segment a page needs, and the position (from the oldest, 0-based) of its first record. */
interface Span {
	firstId: number;
	from: number;
}

/**
 * A page of history newest first, pinned to records with id ≤ maxId. Positions count from the
 * profile's meta total, so only the heads between the page and the nearer end of history are
 * read, and only the segments the page shows.
 */
export async function pageOf(tx: PageTx, query: HistoryPageQuery): Promise<MessageRecord[]> {
	const { profileId, maxId, skip, limit } = query;
	const meta = await tx.objectStore('history-meta').get(profileId);
	if (!meta?.total || limit <= 0) return [];
	const heads = tx.objectStore('segment-heads');
	const segments = tx.objectStore('segments');

	// Records that arrived after the page's snapshot (id > maxId) have no position.
	let newer = 0;
	let straddling: { firstId: number; eligible: number } | undefined;
	let cursor = await heads.openCursor(profileRange(profileId), 'prev');
	while (cursor && cursor.value.lastId > maxId) {
		const head = cursor.value;
		if (head.firstId > maxId) {
			newer += head.count;
		} else {
			const segment = await segments.get([profileId, head.firstId]);
			const eligible = segment?.records.filter((r) => r.id <= maxId).length ?? 0;
			newer += head.count - eligible;
			straddling = { firstId: head.firstId, eligible };
			break;
		}
		cursor = await cursor.continue();
	}
	const eligible = meta.total - newer;
	if (skip >= eligible) return [];
	const hi = eligible - 1 - skip;
	const lo = Math.max(0, hi - limit + 1);
	const countOf = (head: SegmentHead) =>
		head.firstId === straddling?.firstId ? straddling.eligible : head.count;

	const spans: Span[] = [];
	if (skip + limit <= NEWEST_WALK) {
		let end = eligible;
		let walk = await heads.openCursor(profileRange(profileId, maxId), 'prev');
		while (walk && end > lo) {
			const start = end - countOf(walk.value);
			if (start <= hi) spans.push({ firstId: walk.value.firstId, from: start });
			end = start;
			walk = await walk.continue();
		}
	} else {
		let start = 0;
		let range = profileRange(profileId, maxId);
		while (start <= hi) {
			const chunk = await heads.getAll(range, HEADS_PER_READ);
			for (const head of chunk) {
				const count = countOf(head);
				if (start + count > lo && start <= hi) spans.push({ firstId: head.firstId, from: start });
				start += count;
				if (start > hi) break;
			}
			if (chunk.length < HEADS_PER_READ) break;
			const last = chunk[chunk.length - 1].firstId;
			range = IDBKeyRange.bound([profileId, last], [profileId, maxId], true, false);
		}
	}

	// All gets issued at once: IndexedDB answers them in one go.
	const read = await Promise.all(spans.map((span) => segments.get([profileId, span.firstId])));
	const rows: { position: number; record: MessageRecord }[] = [];
	read.forEach((segment, i) => {
		if (!segment) return;
		let position = spans[i].from;
		for (const record of segment.records) {
			if (record.id > maxId) break;
			if (position >= lo && position <= hi) rows.push({ position, record });
			position++;
		}
	});
	return rows.sort((a, b) => b.position - a.position).map((row) => row.record);
}

/** The head of a profile's history and its newest records, newest first. */
export interface NewestRows {
	head: HistoryHead;
	rows: MessageRecord[];
}

/**
 * The head of a profile's history and its newest `limit` records (newest first), in one
 * read-only transaction: the meta row and the newest segments, walked newest first with one
 * cursor (usually the tail and the segment before it). It is what the first screen of history
 * needs, read by the page while the engine starts; the page is then a few round trips, each of
 * which waits for a main thread busy starting the app.
 * The profile's journal is settled meanwhile, off the first screen's path (its file system
 * calls, and waiting for an engine that holds it, took the first screen 40–50 ms longer):
 * `fresher` gives the rows read again if that may have changed history, else undefined.
 */
export async function readNewest(
	db: Database,
	profileId: string,
	limit: number
): Promise<NewestRows & { fresher: Promise<NewestRows | undefined> }> {
	const settling = settleJournal(db, profileId).catch((error) => {
		console.warn('History journal not settled for the first screen', error);
		return true;
	});
	const first = await newestOf(db, profileId, limit);
	const fresher = settling.then((changed) =>
		changed ? newestOf(db, profileId, limit) : undefined
	);
	return { ...first, fresher };
}

/** readNewest's one transaction. */
async function newestOf(db: Database, profileId: string, limit: number): Promise<NewestRows> {
	const tx = db.transaction(['history-meta', 'segments']);
	// Both asked at once: the segments' order is their records' id order, so no head is needed.
	const [meta, newest] = await Promise.all([
		tx.objectStore('history-meta').get(profileId),
		tx.objectStore('segments').openCursor(profileRange(profileId), 'prev')
	]);
	const head = { total: meta?.total ?? 0, lastId: meta?.lastId ?? 0 };
	const rows: MessageRecord[] = [];
	let cursor = head.total ? newest : null;
	while (cursor && rows.length < limit) {
		const { records } = cursor.value;
		for (let i = records.length - 1; i >= 0 && rows.length < limit; i--) rows.push(records[i]);
		if (rows.length < limit) cursor = await cursor.continue();
		else cursor = null;
	}
	return { head, rows };
}
