import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { openDB, type IDBPDatabase } from 'idb';
import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { recordBytes, retentionPruner, type RetentionPolicy } from '$lib/shared/history/retention';
import { overviewSample } from '$lib/shared/charts/overview';
import {
	isFull,
	openScopeDB,
	SEGMENT_BYTES,
	SEGMENT_SIZE,
	standsFor,
	type HistoryMeta,
	type ScopeDB
} from './db';
import {
	clearHistory,
	clearTopic,
	pruneOldest,
	putBatch,
	readHead,
	readMeta,
	readPage,
	readRecord
} from './messages';
import { eraseProfile } from './profile-erase';

let dbCount = 0;
const freshDb = () => openScopeDB(`segments-test-${++dbCount}`);

function record(id: number, payloadBytes = 20, profileId = 'a'): MessageRecord {
	return {
		profileId,
		id,
		direction: 'in',
		topic: `t/${id % 5}`,
		payload: new Uint8Array(payloadBytes).fill(id % 256),
		qos: 0,
		retain: false,
		dup: false,
		time: 1_700_000_000_000 + id * 1000
	};
}

/** The meta row as it should be, summed from every stored segment of a profile. */
async function metaFromContents(db: IDBPDatabase<ScopeDB>, profileId: string) {
	const range = IDBKeyRange.bound([profileId, -Infinity], [profileId, Infinity]);
	const segments = await db.getAll('segments', range);
	const heads = await db.getAll('segment-heads', range);
	const records = segments.flatMap((s) => s.records);
	// A segment's key is at most its first id and above every id of the segment before it, so
	// finding the segment of an id by key finds the right one.
	segments.forEach((s, i) => {
		expect(s.firstId).toBeLessThanOrEqual(s.records[0].id);
		if (i > 0) expect(s.firstId).toBeGreaterThan(segments[i - 1].records.at(-1)?.id ?? 0);
	});
	// Each head says what its segment holds.
	expect(heads.map((h) => [h.firstId, h.count, h.bytes])).toEqual(
		segments.map((s) => [s.firstId, s.records.length, s.bytes])
	);
	// Every full segment has a sample that stands for it, and no other sample is left (of a
	// segment removed, or rewritten with fewer records).
	const samples = await db.getAll('segment-samples', range);
	expect(samples.map((s) => s.firstId)).toEqual(
		segments.filter((s) => isFull(s) && overviewSample(s.records)).map((s) => s.firstId)
	);
	for (const sample of samples) {
		const head = heads.find((h) => h.firstId === sample.firstId)!;
		expect(standsFor(sample, head)).toBe(true);
		expect(sample.records).toEqual(overviewSample(segments[heads.indexOf(head)].records));
	}
	return {
		total: records.length,
		bytes: records.reduce((sum, r) => sum + recordBytes(r.payload.byteLength, r.topic.length), 0),
		segments: segments.length,
		firstId: segments[0]?.firstId ?? 0,
		firstTime: records[0]?.time ?? 0
	};
}

/** The part of a meta row that follows from the contents. */
function comparable(meta: HistoryMeta | undefined) {
	return {
		total: meta?.total ?? 0,
		bytes: meta?.bytes ?? 0,
		segments: meta?.segments ?? 0,
		firstId: meta?.firstId ?? 0,
		firstTime: meta?.firstTime ?? 0
	};
}

const ids = (rows: MessageRecord[]) => rows.map((r) => r.id);

describe('segments independent of arrival rate', () => {
	it('stores a slow stream (one message a batch) in full segments', async () => {
		const db = await freshDb();
		for (let id = 1; id <= 5000; id++) await putBatch(db, [record(id)]);
		const meta = await readMeta(db, 'a');
		expect(meta?.segments).toBeLessThanOrEqual(6);
		expect(await db.count('segments')).toBe(meta?.segments);
		expect(comparable(meta)).toEqual(await metaFromContents(db, 'a'));
		expect(await readHead(db, 'a')).toEqual({ total: 5000, lastId: 5000 });
		const oldest = await readPage(db, { profileId: 'a', maxId: 5000, skip: 4998, limit: 5 });
		expect(ids(oldest)).toEqual([2, 1]);
	}, 60_000);

	it('lays out a flood and a trickle of the same records alike', async () => {
		const flood = await freshDb();
		const trickle = await freshDb();
		const all = Array.from({ length: 2600 }, (_, i) => record(i + 1));
		await putBatch(flood, all);
		for (let i = 0; i < all.length; i += 7) await putBatch(trickle, all.slice(i, i + 7));
		const heads = async (db: IDBPDatabase<ScopeDB>) =>
			(await db.getAll('segment-heads')).map((h) => [h.firstId, h.count]);
		expect(await heads(flood)).toEqual([
			[1, 1000],
			[1001, 1000],
			[2001, 600]
		]);
		// The trickle's newest 600 may still be split between the body and the tail.
		const trickled = await heads(trickle);
		expect(trickled.slice(0, 2)).toEqual([
			[1, 1000],
			[1001, 1000]
		]);
		expect(trickled.length).toBeLessThanOrEqual(4);
	}, 30_000);

	it('closes a segment at its byte limit, and holds a record larger than the limit alone', async () => {
		const db = await freshDb();
		const big = Math.floor(SEGMENT_BYTES / 3);
		for (let id = 1; id <= 4; id++) await putBatch(db, [record(id, big)]);
		await putBatch(db, [record(5, SEGMENT_BYTES * 2)]);
		await putBatch(db, [record(6)]);
		const counts = (await db.getAll('segment-heads')).map((h) => h.count);
		expect(counts).toEqual([2, 2, 1, 1]);
		expect(comparable(await readMeta(db, 'a'))).toEqual(await metaFromContents(db, 'a'));
	});

	it('rewrites the tail and the meta row in one transaction: a failed batch keeps neither', async () => {
		const db = await freshDb();
		await putBatch(db, [record(1), record(2)]);
		const before = await readMeta(db, 'a');
		const tailBefore = await db.get('segments', ['a', 1]);
		// Profile a's tail is rewritten first, then profile b's record cannot be stored.
		const unstorable = { ...record(1, 1, 'b'), topic: (() => 'x') as unknown as string };
		await expect(putBatch(db, [record(3), unstorable])).rejects.toThrow();
		expect(await readMeta(db, 'a')).toEqual(before);
		expect(await db.get('segments', ['a', 1])).toEqual(tailBefore);
		expect(await readMeta(db, 'b')).toBeUndefined();
		await putBatch(db, [record(3)]);
		expect(await readHead(db, 'a')).toEqual({ total: 3, lastId: 3 });
	});
});

describe('history meta', () => {
	it('stays equal to the contents after writes, retention, a cleared topic, clear and delete', async () => {
		const db = await freshDb();
		for (let i = 0; i < 3500; i += 250) {
			await putBatch(
				db,
				Array.from({ length: 250 }, (_, j) => record(i + j + 1))
			);
		}
		await putBatch(db, [record(1, 5, 'other')]);
		expect(comparable(await readMeta(db, 'a'))).toEqual(await metaFromContents(db, 'a'));

		const policy: RetentionPolicy = { maxMessages: 2000, maxMegabytes: 500, maxAgeDays: 0 };
		const removed = await pruneOldest(db, 'a', (size) => retentionPruner(size, policy, 0));
		expect(removed).toBe(2000);
		expect(comparable(await readMeta(db, 'a'))).toEqual(await metaFromContents(db, 'a'));
		expect(await pruneOldest(db, 'a', (size) => retentionPruner(size, policy, 0))).toBe(0);

		expect(await clearTopic(db, 'a', 't/0')).toBe(300);
		expect(comparable(await readMeta(db, 'a'))).toEqual(await metaFromContents(db, 'a'));
		expect(await readHead(db, 'a')).toEqual({ total: 1200, lastId: 3500 });

		await clearHistory(db, 'a');
		expect(await readMeta(db, 'a')).toBeUndefined();
		expect(await metaFromContents(db, 'a')).toEqual(comparable(undefined));
		await eraseProfile(db, 'other');
		expect(await readMeta(db, 'other')).toBeUndefined();
	});

	it('prunes across many segments in one pass, oldest first', async () => {
		const db = await freshDb();
		// Two hours apart: each record closes the segment before it (SEGMENT_SPAN_MS).
		const hoursApart = Array.from({ length: 150 }, (_, i) => ({
			...record(i + 1),
			time: record(1).time + i * 7_200_000
		}));
		await putBatch(db, hoursApart);
		expect((await readMeta(db, 'a'))?.segments).toBe(150);
		const policy: RetentionPolicy = { maxMessages: 20, maxMegabytes: 500, maxAgeDays: 0 };
		expect(await pruneOldest(db, 'a', (size) => retentionPruner(size, policy, 0))).toBe(131);
		expect(comparable(await readMeta(db, 'a'))).toEqual(await metaFromContents(db, 'a'));
		const oldest = await readPage(db, { profileId: 'a', maxId: 150, skip: 18, limit: 5 });
		expect(ids(oldest)).toEqual([132]);
	});

	it('keeps ids growing after retention empties the history', async () => {
		const db = await freshDb();
		await putBatch(db, [record(1), record(2)]);
		const all: RetentionPolicy = { maxMessages: 0, maxMegabytes: 500, maxAgeDays: 0 };
		expect(await pruneOldest(db, 'a', (size) => retentionPruner(size, all, 0))).toBe(2);
		expect(await readHead(db, 'a')).toEqual({ total: 0, lastId: 2 });
		await putBatch(db, [record(3)]);
		expect(comparable(await readMeta(db, 'a'))).toEqual(await metaFromContents(db, 'a'));
	});

	it('is built from existing segments when a version 5 database is opened', async () => {
		const name = `migrate-v5-${++dbCount}`;
		const v5 = await openDB(name, 5, {
			upgrade(db) {
				for (const store of ['profiles', 'dashboards'])
					db.createObjectStore(store, { keyPath: 'id' });
				const segments = db.createObjectStore('segments', { keyPath: ['profileId', 'firstId'] });
				segments.createIndex('by-topic', 'topicKeys', { multiEntry: true });
				db.createObjectStore('segment-heads', { keyPath: ['profileId', 'firstId'] });
				// Version 3's in-flight store: a batch write ends QoS 2 receipts in it.
				db.createObjectStore('inflight', { keyPath: ['profileId', 'direction', 'messageId'] });
			}
		});
		// Version 5 wrote one segment per batch, and heads without firstTime.
		const tx = v5.transaction(['segments', 'segment-heads'], 'readwrite');
		for (let id = 1; id <= 30; id++) {
			const r = record(id);
			const head = {
				profileId: 'a',
				firstId: id,
				lastId: id,
				count: 1,
				lastTime: r.time,
				bytes: recordBytes(r.payload.byteLength, r.topic.length)
			};
			void tx.objectStore('segment-heads').put(head);
			void tx
				.objectStore('segments')
				.put({ ...head, records: [r], topicKeys: [`a\u0000${r.topic}`] });
		}
		await tx.done;
		v5.close();

		const db = await openScopeDB(name);
		const meta = await readMeta(db, 'a');
		expect(comparable(meta)).toEqual(await metaFromContents(db, 'a'));
		expect(meta?.lastId).toBe(30);
		expect(meta?.firstTime).toBe(record(1).time);
		const page = await readPage(db, { profileId: 'a', maxId: 30, skip: 27, limit: 5 });
		expect(ids(page)).toEqual([3, 2, 1]);
		// New records fill segments again; the old one-record segments stay as they are.
		await putBatch(db, [record(31), record(32)]);
		expect(comparable(await readMeta(db, 'a'))).toEqual(await metaFromContents(db, 'a'));
		db.close();
	});
});

describe('reads equal a simple model', () => {
	type Step =
		| { kind: 'write'; sizes: number[] }
		| { kind: 'prune'; keep: number }
		| { kind: 'clearTopic'; topic: number };

	const step: fc.Arbitrary<Step> = fc.oneof(
		{
			arbitrary: fc.record({
				kind: fc.constant('write' as const),
				sizes: fc.array(
					fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 1500 })),
					{
						minLength: 1,
						maxLength: 6
					}
				)
			}),
			weight: 5
		},
		{
			arbitrary: fc.record({ kind: fc.constant('prune' as const), keep: fc.nat(3000) }),
			weight: 1
		},
		{
			arbitrary: fc.record({ kind: fc.constant('clearTopic' as const), topic: fc.nat(4) }),
			weight: 1
		}
	);

	it('keeps head, meta and pages equal to an array of records', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(step, { minLength: 1, maxLength: 8 }),
				fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(300), fc.nat(150)), {
					minLength: 1,
					maxLength: 4
				}),
				async (steps, pages) => {
					const db = await freshDb();
					let model: MessageRecord[] = [];
					let nextId = 1;
					for (const s of steps) {
						if (s.kind === 'write') {
							for (const size of s.sizes) {
								const batch = Array.from({ length: size }, () =>
									record(nextId++, (nextId * 7) % 90)
								);
								await putBatch(db, batch);
								model.push(...batch);
							}
						} else if (s.kind === 'prune') {
							const policy = { maxMessages: s.keep, maxMegabytes: 500, maxAgeDays: 0 };
							const removed = await pruneOldest(db, 'a', (size) =>
								retentionPruner(size, policy, 0)
							);
							// Whole segments go, oldest first.
							model = model.slice(removed);
							expect(model.length).toBeLessThanOrEqual(Math.max(s.keep, SEGMENT_SIZE + s.keep));
						} else {
							const removed = await clearTopic(db, 'a', `t/${s.topic}`);
							const kept = model.filter((r) => r.topic !== `t/${s.topic}`);
							expect(removed).toBe(model.length - kept.length);
							model = kept;
						}
					}
					expect(await readHead(db, 'a')).toEqual({ total: model.length, lastId: nextId - 1 });
					expect(comparable(await readMeta(db, 'a'))).toEqual(await metaFromContents(db, 'a'));
					for (const r of model.filter((_, i) => i % 97 === 0)) {
						expect((await readRecord(db, 'a', r.id))?.id).toBe(r.id);
					}
					for (const [at, skip, limit] of pages) {
						// A snapshot at any stored id: pages count from it, newest first.
						const maxId = model.length ? model[Math.floor(at * (model.length - 1))].id : 0;
						const eligible = model.filter((r) => r.id <= maxId).reverse();
						const page = await readPage(db, { profileId: 'a', maxId, skip, limit });
						expect(ids(page)).toEqual(ids(eligible.slice(skip, skip + limit)));
					}
					db.close();
				}
			),
			{ numRuns: 40 }
		);
	}, 120_000);
});
