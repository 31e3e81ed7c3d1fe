import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { openScopeDB } from './db';
import {
	oldestRecordId,
	runAfter,
	runsAfter,
	runsNewestFirst,
	type RecordRun
} from './history-runs';
import { putBatch } from './messages';

let dbCount = 0;
const freshDb = () => openScopeDB(`history-runs-test-${++dbCount}`);

/** Record `id` of a profile: topic by id % 3, rare topic "alarm" on every 97th. */
function record(profileId: string, id: number): MessageRecord {
	return {
		profileId,
		id,
		direction: 'in',
		topic: id % 97 === 0 ? 'alarm' : `t/${id % 3}`,
		payload: new TextEncoder().encode(`m${id}`),
		qos: 0,
		retain: false,
		dup: false,
		time: 1_700_000_000_000 + id * 1000
	};
}

/** History `first`..`last` of profile 'a' (and a little of 'b' between), in batches of 230. */
async function seed(first = 1, last = 2600) {
	const db = await freshDb();
	const all = Array.from({ length: last - first + 1 }, (_, i) => record('a', first + i));
	for (let i = 0; i < all.length; i += 230) {
		await putBatch(db, all.slice(i, i + 230));
		await putBatch(db, [record('b', i + 1)]);
	}
	return { db, all };
}

async function collect(runs: AsyncGenerator<RecordRun>): Promise<RecordRun[]> {
	const list: RecordRun[] = [];
	for await (const run of runs) list.push(run);
	return list;
}

const idsOf = (runs: RecordRun[]) => runs.flatMap((run) => run.records.map((r) => r.id));

describe('runsNewestFirst', () => {
	it('yields every run of the profile, newest first, records in id order within each', async () => {
		const { db, all } = await seed();
		const runs = await collect(runsNewestFirst(db, 'a', Infinity));
		expect(runs.length).toBeGreaterThan(2);
		const keys = runs.map((run) => run.firstId);
		expect(keys).toEqual([...keys].sort((x, y) => y - x));
		expect(idsOf([...runs].reverse())).toEqual(all.map((r) => r.id));
		for (const run of runs) {
			expect(run.lastId).toBe(run.records.at(-1)?.id);
			expect(run.lastTime).toBe(run.records.at(-1)?.time);
			expect(run.records.every((r) => r.profileId === 'a')).toBe(true);
		}
	});

	it('starts at the run holding beforeId - 1', async () => {
		const { db } = await seed();
		for (const beforeId of [2, 500, 1001, 2600]) {
			const runs = await collect(runsNewestFirst(db, 'a', beforeId));
			expect(runs.every((run) => run.firstId < beforeId)).toBe(true);
			expect(runs[0].records.some((r) => r.id === beforeId - 1)).toBe(true);
		}
		expect(await collect(runsNewestFirst(db, 'a', 1))).toEqual([]);
		expect(await collect(runsNewestFirst(db, 'nobody', Infinity))).toEqual([]);
	});

	it('with a topic, yields only the runs below beforeId that hold it, newest first', async () => {
		const { db, all } = await seed();
		const beforeId = 1500;
		const runs = await collect(runsNewestFirst(db, 'a', beforeId, 'alarm'));
		expect(runs.every((run) => run.firstId < beforeId)).toBe(true);
		expect(runs.every((run) => run.records.some((r) => r.topic === 'alarm'))).toBe(true);
		const keys = runs.map((run) => run.firstId);
		expect(keys).toEqual([...keys].sort((x, y) => y - x));
		const found = idsOf(runs).filter((id) => id < beforeId && id % 97 === 0);
		const alarms = all.filter((r) => r.topic === 'alarm' && r.id < beforeId).map((r) => r.id);
		expect(found.sort((x, y) => x - y)).toEqual(alarms);
		expect(await collect(runsNewestFirst(db, 'a', Infinity, 'no/such/topic'))).toEqual([]);
	});
});

describe('runAfter and runsAfter', () => {
	it('walk every run of the profile oldest first, from a run key on', async () => {
		const { db, all } = await seed();
		const one: RecordRun[] = [];
		for (
			let run = await runAfter(db, 'a', -Infinity);
			run;
			run = await runAfter(db, 'a', run.firstId)
		) {
			one.push(run);
		}
		expect(idsOf(one)).toEqual(all.map((r) => r.id));

		const stepped: RecordRun[] = [];
		let after = -Infinity;
		for (;;) {
			const runs = await runsAfter(db, 'a', after, 2);
			stepped.push(...runs);
			if (runs.length < 2) break;
			after = runs[runs.length - 1].firstId;
		}
		expect(stepped.map((run) => run.firstId)).toEqual(one.map((run) => run.firstId));
		expect(await runAfter(db, 'a', one[one.length - 1].firstId)).toBeUndefined();
		expect(await runsAfter(db, 'nobody', -Infinity, 5)).toEqual([]);
	});
});

describe('oldestRecordId', () => {
	it('is the oldest stored id, 0 for an empty history', async () => {
		const { db } = await seed(41, 900);
		expect(await oldestRecordId(db, 'a')).toBe(41);
		expect(await oldestRecordId(db, 'b')).toBe(1);
		expect(await oldestRecordId(db, 'nobody')).toBe(0);
	});
});
