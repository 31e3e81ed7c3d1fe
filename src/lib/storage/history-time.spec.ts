import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { openScopeDB, SEGMENT_SIZE } from './db';
import { positionAtTime } from './history-time';
import { clearTopic, putBatch } from './messages';

let dbCount = 0;
const freshDb = () => openScopeDB(`history-time-${++dbCount}`);

/** Record `id` arrives at 10 s + 10 ms × id. */
function record(profileId: string, id: number): MessageRecord {
	return {
		profileId,
		id,
		direction: 'in',
		topic: `t/${id % 2}`,
		payload: new Uint8Array([id % 256]),
		qos: 0,
		retain: false,
		dup: false,
		time: 10_000 + 10 * id
	};
}

/** Stores ids 1..n in batches of `batch`, as the ingest would. */
async function fill(n: number, batch: number) {
	const db = await freshDb();
	for (let start = 1; start <= n; start += batch) {
		const ids = Array.from({ length: Math.min(batch, n - start + 1) }, (_, i) => start + i);
		await putBatch(
			db,
			ids.map((id) => record('p', id))
		);
	}
	return db;
}

describe('positionAtTime', () => {
	it('finds the newest record at or before a time, across many segments', async () => {
		const db = await fill(2500, 300);
		// Record id k sits at position k - 1.
		expect(await positionAtTime(db, 'p', 10_000 + 10 * 1234)).toBe(1233);
		// Between two records: the earlier one.
		expect(await positionAtTime(db, 'p', 10_000 + 10 * 1234 + 5)).toBe(1233);
		// On a segment's last record and on the next segment's first.
		expect(await positionAtTime(db, 'p', 10_000 + 10 * 300)).toBe(299);
		expect(await positionAtTime(db, 'p', 10_000 + 10 * 301)).toBe(300);
	});

	it('answers the oldest before the history starts and the newest after it ends', async () => {
		const db = await fill(2500, 300);
		expect(await positionAtTime(db, 'p', 0)).toBe(0);
		expect(await positionAtTime(db, 'p', 10_000 + 10 * 2500)).toBe(2499);
		expect(await positionAtTime(db, 'p', Date.UTC(2100, 0))).toBe(2499);
	});

	it('says nothing for an empty history, and keeps profiles apart', async () => {
		const db = await fill(10, 10);
		expect(await positionAtTime(db, 'other', 10_000)).toBeUndefined();
	});

	it('counts records, not ids, after a topic was cleared', async () => {
		const db = await fill(SEGMENT_SIZE, SEGMENT_SIZE);
		await clearTopic(db, 'p', 't/0');
		// Only odd ids remain: id 501 is the 251st record.
		expect(await positionAtTime(db, 'p', 10_000 + 10 * 501)).toBe(250);
	});

	it('agrees with a scan of every record for any time', async () => {
		const db = await fill(1200, 170);
		for (const id of [1, 2, 169, 170, 171, 600, 1199, 1200]) {
			for (const shift of [-1, 0, 1]) {
				const time = 10_000 + 10 * id + shift;
				const scan = Math.max(0, Math.floor((time - 10_000) / 10) - 1);
				expect(await positionAtTime(db, 'p', time)).toBe(Math.min(1199, scan));
			}
		}
	});
});
