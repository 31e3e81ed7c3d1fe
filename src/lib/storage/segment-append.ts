import type { IDBPTransaction } from 'idb';
import { unwrap } from 'idb';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import {
	bytesOf,
	isFull,
	SEGMENT_BYTES,
	SEGMENT_SIZE,
	SEGMENT_SPAN_MS,
	writeSegment,
	type HistoryMeta,
	type ScopeDB,
	type SegmentHead
} from './db';

/**
 * The stores a write of new records touches, always together. `inflight` too: a batch ends the
 * QoS 2 receipts of the messages it records, in the same transaction.
 */
export const WRITE_STORES = [
	'segments',
	'segment-heads',
	'segment-samples',
	'history-meta',
	'inflight'
] as const;

/** A readwrite transaction over WRITE_STORES. */
export type WriteTx = IDBPTransaction<ScopeDB, (typeof WRITE_STORES)[number][], 'readwrite'>;

/** The key range that holds one profile's segments, optionally only those starting ≤ maxFirstId. */
export function profileRange(profileId: string, maxFirstId = Infinity): IDBKeyRange {
	return IDBKeyRange.bound([profileId, -Infinity], [profileId, maxFirstId]);
}

/**
 * Most records in the tail: the small newest segment that a write of a few records rewrites.
 * A slow stream thus rewrites at most this many records a message, and moves a full tail into
 * the body (the open segment before it) once every TAIL_SIZE messages: about 30 records
 * rewritten a message instead of 500 for a single open segment.
 */
export const TAIL_SIZE = 32;
/** Most retention bytes in the tail. */
const TAIL_BYTES = SEGMENT_BYTES / TAIL_SIZE;

/** Whether a segment is small enough to be the tail (it is one if it is also the newest). */
function isTail(head: SegmentHead): boolean {
	return head.count < TAIL_SIZE && head.bytes < TAIL_BYTES;
}

/** Whether a list of records is small enough to be the tail. */
function fitsTail(records: readonly MessageRecord[]): boolean {
	return (
		records.length < TAIL_SIZE &&
		records[records.length - 1].time - records[0].time <= SEGMENT_SPAN_MS &&
		records.reduce((sum, r) => sum + bytesOf(r), 0) < TAIL_BYTES
	);
}

/**
 * How many of the leading records fit in `count` more records and `bytes` more bytes, none
 * later than `until`.
 */
function fitting(
	records: readonly MessageRecord[],
	count: number,
	bytes: number,
	until: number
): number {
	let n = 0;
	let used = 0;
	while (n < records.length && n < count && records[n].time <= until) {
		used += bytesOf(records[n]);
		if (used > bytes) break;
		n++;
	}
	return n;
}

/** What a write adds to and removes from a profile's totals. */
class Totals {
	count = 0;
	bytes = 0;
	segments = 0;
	first: SegmentHead | undefined;
	last: SegmentHead | undefined;

	add(head: SegmentHead): void {
		this.count += head.count;
		this.bytes += head.bytes;
		this.segments += 1;
		this.first ??= head;
		this.last = head;
	}

	remove(head: SegmentHead): void {
		this.count -= head.count;
		this.bytes -= head.bytes;
		this.segments -= 1;
	}
}

/**
 * Appends records of one profile (in id order, newer than any stored) to its history, so that
 * segments fill to their limits (SEGMENT_SIZE records, SEGMENT_BYTES, SEGMENT_SPAN_MS) however
 * the records arrive, one at a time or in floods:
 * - a few records go into the tail, which is rewritten (at most TAIL_SIZE records);
 * - once the tail is full, it and the new records fill the body (the open segment before it),
 *   which is rewritten, and what is left starts new segments.
 * The meta row is updated in the same transaction.
 */
export async function appendRecords(tx: WriteTx, records: readonly MessageRecord[]): Promise<void> {
	const { profileId } = records[0];
	const raw = unwrap(tx);
	const segments = tx.objectStore('segments');
	const heads = tx.objectStore('segment-heads');
	const [stored, cursor] = await Promise.all([
		tx.objectStore('history-meta').get(profileId),
		heads.openCursor(profileRange(profileId), 'prev')
	]);
	const base = stored?.total ? stored : undefined;
	const totals = new Totals();
	const newest = base ? cursor?.value : undefined;
	const tailHead = newest && isTail(newest) ? newest : undefined;
	const tail = tailHead && (await segments.get([profileId, tailHead.firstId]));
	let pending = tail ? tail.records.concat(records) : records.slice();

	if (fitsTail(pending)) {
		if (tailHead) totals.remove(tailHead);
		totals.add(writeSegment(raw, pending, tail?.firstId));
	} else {
		const bodyHead = tail ? (await cursor?.continue())?.value : newest;
		if (bodyHead && !isFull(bodyHead)) {
			const body = await segments.get([profileId, bodyHead.firstId]);
			const until = (body?.records[0]?.time ?? 0) + SEGMENT_SPAN_MS;
			const room = body
				? fitting(pending, SEGMENT_SIZE - body.count, SEGMENT_BYTES - body.bytes, until)
				: 0;
			if (body && room > 0) {
				totals.remove(bodyHead);
				totals.add(writeSegment(raw, body.records.concat(pending.slice(0, room)), body.firstId));
				pending = pending.slice(room);
			}
		}
		// The tail's records that did not move to the body keep its key (ids below it are gone).
		let key = tail && pending[0] === tail.records[0] ? tail.firstId : undefined;
		if (tail && tailHead) {
			totals.remove(tailHead);
			void segments.delete([profileId, tail.firstId]);
			void heads.delete([profileId, tail.firstId]);
		}
		while (pending.length) {
			const until = pending[0].time + SEGMENT_SPAN_MS;
			const size = Math.max(1, fitting(pending, SEGMENT_SIZE, SEGMENT_BYTES, until));
			totals.add(writeSegment(raw, pending.slice(0, size), key));
			key = undefined;
			pending = pending.slice(size);
		}
	}
	await tx.objectStore('history-meta').put(merged(profileId, stored, totals));
}
/** The meta row after a write: the stored one (if history was not empty) and the change. */
function merged(profileId: string, stored: HistoryMeta | undefined, totals: Totals): HistoryMeta {
	const base = stored?.total ? stored : undefined;
	const first = totals.first as SegmentHead;
	const last = totals.last as SegmentHead;
	return {
		profileId,
		total: (base?.total ?? 0) + totals.count,
		bytes: (base?.bytes ?? 0) + totals.bytes,
		segments: (base?.segments ?? 0) + totals.segments,
		firstId: base ? base.firstId : first.firstId,
		firstTime: base ? base.firstTime : (first.firstTime ?? 0),
		// Ids never go back, even after retention or a cleared topic emptied the history.
		lastId: Math.max(stored?.lastId ?? 0, last.lastId),
		lastTime: last.lastTime
	};
}

/** Splits records into runs of one profile, as they come. */
export function profileRuns(records: readonly MessageRecord[]): MessageRecord[][] {
	const runs: MessageRecord[][] = [];
	let run: MessageRecord[] = [];
	for (const record of records) {
		if (run.length && run[0].profileId !== record.profileId) {
			runs.push(run);
			run = [];
		}
		run.push(record);
	}
	if (run.length) runs.push(run);
	return runs;
}
