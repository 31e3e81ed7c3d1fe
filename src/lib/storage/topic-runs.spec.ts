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

/** The key of run n (1…12) of seedRuns. */
const keyOfRun = (n: number) => (n - 1) * 1000 + 1;

/**
 * Profile a: 12 runs of 1,000 records, each holding "every"; runs 1, 4, 7 and 10 also hold
 * "sparse", runs 2, 7 and 12 "rarer". Profile b: one record on "every".
 */
async function seedRuns() {
	const db = await freshDb();
	for (let n = 1; n <= 12; n++) {
		const batch = Array.from({ length: 1000 }, (_, i) => {
			const r = record('a', keyOfRun(n) + i);
			const topic =
				i === 500 && n % 3 === 1 ? 'sparse' : i === 600 && n % 5 === 2 ? 'rarer' : 'every';
			return { ...r, topic };
		});
		await putBatch(db, batch);
	}
	await putBatch(db, [{ ...record('b', 1), topic: 'every' }]);
	return { db };
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

	it('walks the runs of one topic below a key, newest first, a few at a time', async () => {
		const { db } = await seedRuns();
		const read = new TopicRunsRead(db, 'a');
		/** Every key a walk gives, `count` a call. */
		const walk = async (topic: string, beforeId: number, count: number) => {
			const next = read.topicWalk(topic, beforeId);
			const calls: number[][] = [];
			for (let ids = await next(count); ids.length; ids = await next(count)) calls.push(ids);
			return calls;
		};
		const every = [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1].map(keyOfRun);
		expect(await walk('every', Infinity, 5)).toEqual([
			every.slice(0, 5),
			every.slice(5, 10),
			every.slice(10)
		]);
		// From a key that starts a run, and from one inside a run (the run starting below it).
		expect((await walk('every', keyOfRun(10), 20)).flat()).toEqual(every.slice(3));
		expect((await walk('every', keyOfRun(10) + 1, 20)).flat()).toEqual(every.slice(2));
		// A sparse topic: the runs holding it only, however far apart.
		expect(await walk('sparse', Infinity, 3)).toEqual([[10, 7, 4].map(keyOfRun), [keyOfRun(1)]]);
		expect(await walk('sparse', keyOfRun(9), 1)).toEqual([[keyOfRun(7)], [keyOfRun(4)], [1]]);
		expect(await walk('every', 1, 5)).toEqual([]);
		expect(await walk('nothing', Infinity, 5)).toEqual([]);
		// Profile b's runs are not a's.
		expect(await new TopicRunsRead(db, 'b').topicWalk('every', Infinity)(9)).toEqual([1]);
	});

	it('finds the first run holding a topic in each of a list of key ranges', async () => {
		const { db } = await seedRuns();
		const read = new TopicRunsRead(db, 'a');
		// Ranges of two runs each (1-2, 3-4 … 11-12): "sparse" is in runs 1, 4, 7 and 10.
		const ranges: [number, number][] = [1, 3, 5, 7, 9, 11].map((n) => [
			keyOfRun(n),
			n === 11 ? Infinity : keyOfRun(n + 2)
		]);
		expect(await read.firstRunIdsIn(['sparse'], ranges)).toEqual([1, 4, 7, 10].map(keyOfRun));
		// Ranges of three runs from run 2 on: 4 and 7 open theirs, 10 is the last of its range.
		const threes: [number, number][] = [2, 5, 8].map((n) => [keyOfRun(n), keyOfRun(n + 3)]);
		expect(await read.firstRunIdsIn(['sparse'], threes)).toEqual([4, 7, 10].map(keyOfRun));
		// The first run holding it in each range, not every one.
		expect(await read.firstRunIdsIn(['every'], [[keyOfRun(3), keyOfRun(6)]])).toEqual([
			keyOfRun(3)
		]);
		expect(await read.firstRunIdsIn(['nothing'], ranges)).toEqual([]);
		expect(await read.firstRunIdsIn(['sparse'], [])).toEqual([]);
		// Several topics: the first run holding any of them ("rarer" opens the range 11-12).
		expect(await read.firstRunIdsIn(['sparse', 'rarer'], ranges)).toEqual(
			[1, 4, 7, 10, 12].map(keyOfRun)
		);
		expect(await read.firstRunIdsIn([], ranges)).toEqual([]);
	});

	it('merges the walks of several topics newest first, each run once', async () => {
		const { db } = await seedRuns();
		const read = new TopicRunsRead(db, 'a');
		const calls = async (topics: string[], beforeId: number, count: number) => {
			const next = read.runWalk(topics, beforeId);
			const got: number[][] = [];
			for (let ids = await next(count); ids.length; ids = await next(count)) got.push(ids);
			return got;
		};
		// Run 7 holds both topics and comes once.
		const either = [12, 10, 7, 4, 2, 1].map(keyOfRun);
		expect(await calls(['sparse', 'rarer'], Infinity, 4)).toEqual([
			either.slice(0, 4),
			either.slice(4)
		]);
		expect((await calls(['rarer', 'sparse'], Infinity, 1)).flat()).toEqual(either);
		expect((await calls(['sparse', 'rarer'], keyOfRun(7), 9)).flat()).toEqual(either.slice(3));
		expect((await calls(['sparse', 'every'], Infinity, 5)).flat()).toEqual(
			[12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1].map(keyOfRun)
		);
		expect(await calls(['nothing', 'none'], Infinity, 5)).toEqual([]);
	});

	it('finds the distinct topics a query wants, or none when too many to walk', async () => {
		const { db } = await seed(400);
		// 300 topics under "many/" in one run of a, and one of b's own.
		const many = Array.from({ length: 300 }, (_, i) => ({
			...record('a', 1000 + i),
			topic: `many/${i}`
		}));
		await putBatch(db, many);
		await putBatch(db, [{ ...record('b', 5000), topic: 'many/b-only' }]);
		const read = new TopicRunsRead(db, 'a');
		const under = (text: string, wanted: (topic: string) => boolean) =>
			read.walkableTopics({ prefixes: [{ text, exact: false }], wanted });
		const temps = await under('plant/', (t) => /^plant\/[^/]+\/temp$/.test(t));
		expect(temps?.sort()).toEqual(['plant/1/temp', 'plant/2/temp', 'plant/3/temp']);
		expect(await under('plant/', (t) => t === 'plant/2/temp')).toEqual(['plant/2/temp']);
		// An exact topic is taken as asked, held or not, when the query wants it.
		const exact = (text: string, wanted: boolean) =>
			read.walkableTopics({ prefixes: [{ text, exact: true }], wanted: () => wanted });
		expect(await exact('nothing', true)).toEqual(['nothing']);
		expect(await exact('plant', false)).toEqual([]);
		// "many/1" holds 111 topics: more than 32 wanted lists instead; one wanted is walked.
		expect(await under('many/1', () => true)).toBeUndefined();
		expect(await under('many/1', (t) => t === 'many/150')).toEqual(['many/150']);
		// Over 256 looked at, even if few are wanted.
		expect(await under('many/', (t) => t === 'many/7')).toBeUndefined();
		expect(await under('many/b', () => true)).toEqual([]);
		expect(
			await new TopicRunsRead(db, 'b').walkableTopics({
				prefixes: [{ text: 'many/', exact: false }],
				wanted: () => true
			})
		).toEqual(['many/b-only']);
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
