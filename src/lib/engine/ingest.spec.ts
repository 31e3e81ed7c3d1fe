import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HistoryHead } from '$lib/shared/history/history-query';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { openScopeDB } from '$lib/storage/db';
import { putBatch, readHead, readPage } from '$lib/storage/messages';
import { Ingest } from './ingest';

let dbCount = 0;

function record(ingest: Ingest, topic = 'a/b'): MessageRecord {
	return {
		profileId: 'p',
		id: ingest.nextId(),
		direction: 'in',
		topic,
		payload: new Uint8Array([1, 2, 3]),
		qos: 0,
		retain: false,
		dup: false,
		time: Date.now()
	};
}

describe('Ingest (history batching)', () => {
	beforeEach(() => {
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	async function setup(head: HistoryHead = { total: 0, lastId: 0 }) {
		const db = await openScopeDB(`ingest-${++dbCount}`);
		const batches: number[] = [];
		const committed: { head: HistoryHead; newest: MessageRecord[] }[] = [];
		const failures: unknown[] = [];
		const settled: { ids: number[]; saved: boolean }[] = [];
		const ingest = new Ingest({
			head,
			newestCap: 50,
			persist: async (records, rewrites) => {
				batches.push(records.length + rewrites.length);
				await putBatch(db, records, rewrites);
			},
			committed: (h, newest) => committed.push({ head: h, newest }),
			failed: (error) => failures.push(error),
			settled: (records, saved) => settled.push({ ids: records.map((r) => r.id), saved })
		});
		return { db, ingest, batches, committed, failures, settled };
	}

	it('writes a burst of messages as one batch, not one transaction each', async () => {
		const { db, ingest, batches, committed } = await setup();
		for (let i = 0; i < 1000; i++) ingest.add(record(ingest));
		expect(batches).toEqual([]); // nothing is written before the batch interval
		await vi.advanceTimersByTimeAsync(100);
		await ingest.flush();
		expect(batches).toEqual([1000]);
		expect(await readHead(db, 'p')).toEqual({ total: 1000, lastId: 1000 });
		expect(committed).toHaveLength(1);
		expect(committed[0].head).toEqual({ total: 1000, lastId: 1000 });
		// Only the newest records travel to the UI; the rest is read from history.
		expect(committed[0].newest.map((r) => r.id)).toEqual(
			Array.from({ length: 50 }, (_, i) => 951 + i)
		);
	});

	it('flushes at most once per interval, however fast records arrive', async () => {
		const { ingest, batches } = await setup();
		ingest.add(record(ingest));
		await vi.advanceTimersByTimeAsync(0);
		// A second record while the first write may still be in flight waits for the next batch.
		ingest.add(record(ingest));
		ingest.add(record(ingest));
		await vi.advanceTimersByTimeAsync(50);
		expect(batches).toEqual([1]);
		await vi.advanceTimersByTimeAsync(60);
		await ingest.flush();
		expect(batches).toEqual([1, 2]);
	});

	it('continues ids after the existing history', async () => {
		const { ingest } = await setup({ total: 7, lastId: 41 });
		expect(ingest.nextId()).toBe(42);
	});

	it('rewrites a record whose state changed after it was written', async () => {
		const { db, ingest, committed } = await setup();
		const sent: MessageRecord = { ...record(ingest), direction: 'out', state: 'pending' };
		ingest.add(sent);
		await ingest.flush();
		sent.state = 'acknowledged';
		ingest.rewrite(sent);
		await ingest.flush();
		const [stored] = await readPage(db, { profileId: 'p', maxId: Infinity, skip: 0, limit: 1 });
		expect(stored.state).toBe('acknowledged');
		// A rewrite is not a new message.
		expect(committed.at(-1)?.head.total ?? 0).toBe(1);
		expect(await readHead(db, 'p')).toEqual({ total: 1, lastId: 1 });
	});

	it('reports a failed write instead of throwing, and keeps going', async () => {
		const { ingest, failures, committed } = await setup();
		const bad = { ...record(ingest), profileId: undefined as unknown as string };
		ingest.add(bad);
		await ingest.flush();
		expect(failures).toHaveLength(1);
		ingest.add(record(ingest));
		await ingest.flush();
		expect(committed.at(-1)?.head.total).toBe(1);
	});

	it('tells once per batch, after its write, which records were saved and which were not', async () => {
		const { ingest, settled } = await setup();
		ingest.add(record(ingest));
		ingest.add(record(ingest));
		await ingest.flush();
		ingest.add({ ...record(ingest), profileId: undefined as unknown as string });
		await ingest.flush();
		ingest.add(record(ingest));
		await ingest.flush();
		expect(settled).toEqual([
			{ ids: [1, 2], saved: true },
			{ ids: [3], saved: false },
			{ ids: [4], saved: true }
		]);
	});
});
