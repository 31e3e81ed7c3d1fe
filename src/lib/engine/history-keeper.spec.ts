import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { DEFAULT_RETENTION } from '$lib/shared/history/retention';
import { openScopeDB } from '$lib/storage/db';
import { decodeFrames, encodeFrame } from '$lib/storage/journal-codec';
import { settleJournal } from '$lib/storage/journal-settle';
import { putBatch, readHead, readMeta, readPage } from '$lib/storage/messages';
import { memoryJournals } from '../../../tests/support/memory-journals';
import { HistoryKeeper } from './history-keeper';

function records(from: number, count: number, time = Date.now()): MessageRecord[] {
	return Array.from({ length: count }, (_, i) => ({
		profileId: 'p',
		id: from + i,
		direction: 'in' as const,
		topic: 'a/b',
		payload: new Uint8Array(10),
		qos: 0 as const,
		retain: false,
		dup: false,
		time
	}));
}

describe('HistoryKeeper', () => {
	it('removes the oldest segments beyond the retention limit and says how many', async () => {
		const db = await openScopeDB('keeper-1');
		const pruned: [number, string][] = [];
		const keeper = new HistoryKeeper(
			db,
			'p',
			{ ...DEFAULT_RETENTION, maxMessages: 2500 },
			(removed, reason) => pruned.push([removed, reason])
		);
		for (let batch = 0; batch < 4; batch++)
			await keeper.persist(records(batch * 1000 + 1, 1000), []);
		keeper.check(Date.now());
		await expect.poll(() => pruned).toEqual([[2000, 'retention']]);
		expect(await readHead(db, 'p')).toEqual({ total: 2000, lastId: 4000 });
		const oldest = await readPage(db, { profileId: 'p', maxId: 4000, skip: 1999, limit: 1 });
		expect(oldest[0].id).toBe(2001);
	});

	it('removes messages older than the maximum age', async () => {
		const db = await openScopeDB('keeper-2');
		const pruned: number[] = [];
		const keeper = new HistoryKeeper(db, 'p', { ...DEFAULT_RETENTION, maxAgeDays: 1 }, (n) =>
			pruned.push(n)
		);
		const now = Date.now();
		await keeper.persist(records(1, 10, now - 3 * 86_400_000), []);
		await keeper.persist(records(11, 10, now), []);
		keeper.check(now);
		await expect.poll(() => pruned).toEqual([10]);
		expect((await readHead(db, 'p')).total).toBe(10);
	});

	it('checks at most once every few seconds', async () => {
		const db = await openScopeDB('keeper-3');
		const pruned: number[] = [];
		const keeper = new HistoryKeeper(db, 'p', { ...DEFAULT_RETENTION, maxMessages: 1500 }, (n) =>
			pruned.push(n)
		);
		const now = Date.now();
		keeper.check(now);
		await keeper.persist(records(1, 1000), []);
		await keeper.persist(records(1001, 1000), []);
		keeper.check(now + 1000);
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(pruned).toEqual([]);
		keeper.check(now + 6000);
		await expect.poll(() => pruned).toEqual([1000]);
	});

	it('goes on with later retention passes after one failed', async () => {
		const db = await openScopeDB('keeper-failed-pass');
		const pruned: number[] = [];
		const keeper = new HistoryKeeper(db, 'p', { ...DEFAULT_RETENTION, maxMessages: 1500 }, (n) => {
			pruned.push(n);
			if (pruned.length === 1) throw new Error('the first pass fails after removing');
		});
		const now = Date.now();
		await keeper.persist(records(1, 1000), []);
		await keeper.persist(records(1001, 1000), []);
		keeper.check(now);
		await expect.poll(() => pruned).toEqual([1000]);
		await keeper.persist(records(2001, 1000), []);
		await keeper.persist(records(3001, 1000), []);
		keeper.check(now + 6000);
		await expect.poll(() => pruned).toEqual([1000, 2000]);
		expect((await readHead(db, 'p')).total).toBe(1000);
	});

	it('makes room when storage is full: removes the oldest quarter and writes the batch', async () => {
		const db = await openScopeDB('keeper-4');
		const pruned: [number, string][] = [];
		// Chromium's DevTools quota override has no effect in this version, so the quota is
		// simulated: the real store refuses writes beyond 3,000 records, as a full disk would.
		const smallDisk: typeof putBatch = async (database, records, rewrites) => {
			const { total } = await readHead(database, 'p');
			if (total + records.length > 3000) {
				throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
			}
			await putBatch(database, records, rewrites);
		};
		const keeper = new HistoryKeeper(
			db,
			'p',
			DEFAULT_RETENTION,
			(removed, reason) => pruned.push([removed, reason]),
			smallDisk
		);
		for (let batch = 0; batch < 4; batch++)
			await keeper.persist(records(batch * 1000 + 1, 1000), []);
		expect(pruned).toEqual([[1000, 'quota']]);
		// Nothing of the new batch was lost; the oldest segment made room for it.
		expect(await readHead(db, 'p')).toEqual({ total: 3000, lastId: 4000 });
	});

	it('writes a refused batch once storage has given back the room of what it removed', async () => {
		const db = await openScopeDB('keeper-8');
		const pruned: number[] = [];
		// The browser reclaims the room of removed records a moment later: the batch is refused
		// twice more after the oldest quarter went, then finds room.
		let refusals = 3;
		const slowToFree: typeof putBatch = async (database, batch, rewrites) => {
			if (batch[0].id === 1001 && refusals-- > 0) {
				throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
			}
			await putBatch(database, batch, rewrites);
		};
		const keeper = new HistoryKeeper(
			db,
			'p',
			DEFAULT_RETENTION,
			(n) => pruned.push(n),
			slowToFree,
			[0, 1, 1]
		);
		await keeper.persist(records(1, 1000), []);
		await keeper.persist(records(1001, 100), []);
		// One quarter removed, not one per refusal.
		expect(pruned).toEqual([1000]);
		expect(await readHead(db, 'p')).toEqual({ total: 100, lastId: 1100 });
	});

	it('gives a batch up when storage stays full after every pause', async () => {
		const db = await openScopeDB('keeper-9');
		let tries = 0;
		const full: typeof putBatch = async (database, batch, rewrites) => {
			if (batch[0].id > 1000) {
				tries++;
				throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
			}
			await putBatch(database, batch, rewrites);
		};
		const keeper = new HistoryKeeper(db, 'p', DEFAULT_RETENTION, () => undefined, full, [0, 1]);
		await keeper.persist(records(1, 1000), []);
		await expect(keeper.persist(records(1001, 10), [])).rejects.toThrow('quota');
		// The first try, then one after each pause.
		expect(tries).toBe(3);
	});

	it('passes on errors other than a full quota', async () => {
		const db = await openScopeDB('keeper-5');
		const broken: typeof putBatch = async () => {
			throw new DOMException('Disk I/O failed.', 'UnknownError');
		};
		const keeper = new HistoryKeeper(db, 'p', DEFAULT_RETENTION, () => undefined, broken);
		await expect(keeper.persist(records(1, 1), [])).rejects.toThrow('Disk I/O failed.');
	});

	it('checks at once, however recent the last check, when the count is over the limit', async () => {
		const db = await openScopeDB('keeper-6');
		const pruned: number[] = [];
		const keeper = new HistoryKeeper(db, 'p', { ...DEFAULT_RETENTION, maxMessages: 1500 }, (n) =>
			pruned.push(n)
		);
		const now = Date.now();
		keeper.check(now, 0);
		await new Promise((resolve) => setTimeout(resolve, 20));
		await keeper.persist(records(1, 1000), []);
		await keeper.persist(records(1001, 1000), []);
		keeper.check(now + 100, 2000);
		await expect.poll(() => pruned).toEqual([1000]);
	});

	it('keeps batches in id order when one must make room while the next is already on its way', async () => {
		const db = await openScopeDB('keeper-7');
		const pruned: number[] = [];
		// The disk is full for the first try of batch 1001–1100 only; batch 1101–1200, handed over
		// right after it, finds room at once (the failed write freed what it had taken). Small
		// batches, as a live session writes them, share the newest segment.
		let refused = false;
		const fullOnce: typeof putBatch = async (database, batch, rewrites) => {
			if (!refused && batch[0].id === 1001) {
				refused = true;
				throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
			}
			await putBatch(database, batch, rewrites);
		};
		const keeper = new HistoryKeeper(db, 'p', DEFAULT_RETENTION, (n) => pruned.push(n), fullOnce);
		await keeper.persist(records(1, 1000), []);
		await Promise.all([
			keeper.persist(records(1001, 100), []),
			keeper.persist(records(1101, 100), [])
		]);
		expect(pruned).toEqual([1000]);
		// History reads back newest first without a record out of place.
		expect(await readHead(db, 'p')).toEqual({ total: 200, lastId: 1200 });
		const page = await readPage(db, { profileId: 'p', maxId: 1200, skip: 0, limit: 200 });
		expect(page.map((r) => r.id)).toEqual(Array.from({ length: 200 }, (_, i) => 1200 - i));
	});
});

describe('HistoryKeeper with a journal', () => {
	/** One record a batch, as a slow stream arrives. */
	async function trickle(keeper: HistoryKeeper, from: number, count: number) {
		for (let id = from; id < from + count; id++) await keeper.persist(records(id, 1), []);
	}

	it('writes a slow stream to IndexedDB a whole segment at a time', async () => {
		const db = await openScopeDB('keeper-journal-1');
		const place = memoryJournals();
		const keeper = new HistoryKeeper(db, 'p', DEFAULT_RETENTION, () => undefined);
		await keeper.openJournal(place);
		await trickle(keeper, 1, 999);
		expect(await readMeta(db, 'p')).toBeUndefined();
		expect(decodeFrames(place.files.get('p') as Uint8Array)).toHaveLength(999);
		await trickle(keeper, 1000, 1500);
		// Two segments filled and written once each; the rest waits in the journal.
		expect(await readMeta(db, 'p')).toMatchObject({ total: 2000, segments: 2, lastId: 2000 });
		expect(decodeFrames(place.files.get('p') as Uint8Array).map((r) => r.id)).toEqual(
			Array.from({ length: 499 }, (_, i) => 2001 + i)
		);
		// A reader moves the rest first.
		await settleJournal(db, 'p', place);
		expect(await readMeta(db, 'p')).toMatchObject({ total: 2499, segments: 3, lastId: 2499 });
		expect(place.files.get('p')).toHaveLength(0);
		await keeper.close();
	});

	it('writes a batch with QoS 2 receipts, or a large one, straight after what the journal holds', async () => {
		const db = await openScopeDB('keeper-journal-2');
		const keeper = new HistoryKeeper(db, 'p', DEFAULT_RETENTION, () => undefined);
		await keeper.openJournal(memoryJournals());
		await trickle(keeper, 1, 3);
		await keeper.persist(records(4, 1), [], [7]);
		expect(await readHead(db, 'p')).toEqual({ total: 4, lastId: 4 });
		await trickle(keeper, 5, 2);
		await keeper.persist(records(7, 500), []);
		const page = await readPage(db, { profileId: 'p', maxId: 506, skip: 0, limit: 506 });
		expect(page.map((r) => r.id)).toEqual(Array.from({ length: 506 }, (_, i) => 506 - i));
		await keeper.close();
	});

	it('moves what an ended engine left in the journal when it is opened again, once', async () => {
		const db = await openScopeDB('keeper-journal-3');
		const place = memoryJournals();
		const first = new HistoryKeeper(db, 'p', DEFAULT_RETENTION, () => undefined);
		await first.openJournal(place);
		await trickle(first, 1, 10);
		// The engine ends without closing; records 1–4 had already been moved (a crash before the
		// journal was emptied), and the last append was cut short.
		await putBatch(db, records(1, 4));
		const cut = encodeFrame(records(11, 1)).subarray(0, 9);
		(await place.open('p')).append(cut);
		const next = new HistoryKeeper(db, 'p', DEFAULT_RETENTION, () => undefined);
		await next.openJournal(place);
		expect(await readHead(db, 'p')).toEqual({ total: 10, lastId: 10 });
		const page = await readPage(db, { profileId: 'p', maxId: 10, skip: 0, limit: 20 });
		expect(page.map((r) => r.id)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
		expect(place.files.get('p')).toHaveLength(0);
		await next.close();
	});

	it('keeps a full journal when IndexedDB refuses its segment, and saves the batch', async () => {
		const db = await openScopeDB('keeper-journal-5');
		const place = memoryJournals();
		let refuse = true;
		const write: typeof putBatch = (...args) =>
			refuse ? Promise.reject(new Error('disk error')) : putBatch(...args);
		const keeper = new HistoryKeeper(db, 'p', DEFAULT_RETENTION, () => undefined, write);
		await keeper.openJournal(place);
		await trickle(keeper, 1, 1000);
		expect(await readMeta(db, 'p')).toBeUndefined();
		expect(decodeFrames(place.files.get('p') as Uint8Array)).toHaveLength(1000);
		refuse = false;
		await trickle(keeper, 1001, 1);
		expect(await readMeta(db, 'p')).toMatchObject({ total: 1001, segments: 2, lastId: 1001 });
		expect(place.files.get('p')).toHaveLength(0);
		await keeper.close();
	});

	it('counts the journal toward retention limits', async () => {
		const db = await openScopeDB('keeper-journal-4');
		const pruned: number[] = [];
		const keeper = new HistoryKeeper(
			db,
			'p',
			{ ...DEFAULT_RETENTION, maxMessages: 1200 },
			(removed) => pruned.push(removed)
		);
		await keeper.openJournal(memoryJournals());
		await trickle(keeper, 1, 1500);
		// 1,000 in IndexedDB and 500 in the journal: over the limit, so the oldest segment goes.
		keeper.check(Date.now());
		await expect.poll(() => pruned).toEqual([1000]);
		await keeper.close();
		expect(await readHead(db, 'p')).toEqual({ total: 500, lastId: 1500 });
	});
});
