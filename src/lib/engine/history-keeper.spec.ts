import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { DEFAULT_RETENTION } from '$lib/shared/history/retention';
import { openScopeDB } from '$lib/storage/db';
import { putBatch, readHead, readPage } from '$lib/storage/messages';
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
