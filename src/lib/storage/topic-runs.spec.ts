import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { openScopeDB } from './db';
import { runsNewestFirst, type RecordRun } from './history-runs';
import { putBatch } from './messages';
import { TopicRunsRead } from './topic-runs';

let dbCount = 0;
const freshDb = () => openScopeDB(`topic-runs-test-${++dbCount}`);

/** Record `id`: "plant/<n>/temp" by id % 4, "plant" itself on every 50th, a gap on every 300th. */
function record(profileId: string, id: number): MessageRecord {
	const r: MessageRecord = {
		profileId,
		id,
		direction: 'in',
		topic: id % 50 === 0 ? 'plant' : id % 4 === 0 ? 'office/temp' : `plant/${id % 4}/temp`,
		payload: new TextEncoder().encode(`${id}`),
		qos: 0,
		retain: false,
		dup: false,
		time: 1_000_000 + id * 1000
	};
	if (id % 300 === 0) r.gapBefore = { from: r.time - 500, to: r.time - 1 };
	return r;
}

async function seed(count = 2000) {
	const db = await freshDb();
	const all = Array.from({ length: count }, (_, i) => record('a', i + 1));
	for (let i = 0; i < all.length; i += 180) await putBatch(db, all.slice(i, i + 180));
	await putBatch(db, [record('b', 1), record('b', 2)]);
	const runs: RecordRun[] = [];
	for await (const run of runsNewestFirst(db, 'a', Infinity)) runs.push(run);
	return { db, all, runs };
}

/** Keys of the runs holding a topic that passes `test`. */
const keysWith = (runs: RecordRun[], test: (topic: string) => boolean) =>
	runs.filter((run) => run.records.some((r) => test(r.topic))).map((run) => run.firstId);

const sorted = (ids: number[]) => [...ids].sort((x, y) => x - y);

describe('TopicRunsRead', () => {
	it('finds the runs holding an exact topic or a prefix, each once', async () => {
		const { db, runs } = await seed();
		const read = new TopicRunsRead(db, 'a');
		const exact = await read.runIdsFor([{ text: 'plant', exact: true }]);
		expect(sorted(exact)).toEqual(sorted(keysWith(runs, (t) => t === 'plant')));
		const prefix = await read.runIdsFor([{ text: 'plant/', exact: false }]);
		expect(sorted(prefix)).toEqual(sorted(keysWith(runs, (t) => t.startsWith('plant/'))));
		const both = await read.runIdsFor([
			{ text: 'plant/', exact: false },
			{ text: 'office/temp', exact: true }
		]);
		expect(new Set(both).size).toBe(both.length);
		expect(sorted(both)).toEqual(runs.map((run) => run.firstId).sort((x, y) => x - y));
		expect(await read.runIdsFor([{ text: 'nothing', exact: false }])).toEqual([]);
	});

	it('reads runs by key in the order asked, undefined for a key that holds none', async () => {
		const { db, runs } = await seed();
		const read = new TopicRunsRead(db, 'a');
		const keys = [runs[2].firstId, runs[0].firstId, 123_456];
		const got = await read.runs(keys);
		expect(got.map((run) => run?.firstId)).toEqual([runs[2].firstId, runs[0].firstId, undefined]);
		expect(got[1]?.records).toEqual(runs[0].records);
	});

	it('lists the gaps of the runs keyed in a range, newest run first, from one transaction', async () => {
		const { db, runs } = await seed(3500);
		const read = new TopicRunsRead(db, 'a');
		// All reads of one object share its transaction: one after another, none fails.
		await read.runIdsFor([{ text: 'plant', exact: true }]);
		await read.runs([runs[0].firstId]);
		// Runs are newest first; each run's gaps in record order.
		const gapsOf = (from: number, before: number) =>
			runs
				.filter((run) => run.firstId >= from && run.firstId < before)
				.flatMap((run) => run.records.flatMap((r) => (r.gapBefore ? [r.gapBefore] : [])));
		expect(await read.gaps(-Infinity, Infinity)).toEqual(gapsOf(-Infinity, Infinity));
		// A middle range: from the second oldest run to below the second newest.
		expect(runs.length).toBeGreaterThan(3);
		const from = runs[runs.length - 2].firstId;
		const before = runs[1].firstId;
		const some = await read.gaps(from, before);
		expect(some.length).toBeGreaterThan(0);
		expect(some).toEqual(gapsOf(from, before));
	});
});
