import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { openScopeDB } from './db';
import { putBatch } from './messages';
import { readSpread } from './segment-spread';
import type { TopicPrefix, TopicQuery } from './topic-runs';

let dbCount = 0;
const T0 = 1_700_000_000_000;
const S = 1000;

/** Record `id` of profile "a", one a second on d/0 and d/1 in turn; 2,500 and 10,500 are on "rare". */
function record(id: number): MessageRecord {
	return {
		profileId: 'a',
		id,
		direction: 'in',
		topic: id === 2500 || id === 10_500 ? 'rare' : `d/${id % 2}`,
		payload: new TextEncoder().encode(`${id}`),
		qos: 0,
		retain: false,
		dup: false,
		time: T0 + id * S,
		// The connection was down before record 6,001 (the first of the seventh run).
		...(id === 6001 ? { gapBefore: { from: T0 + 6000 * S + 1, to: T0 + 6001 * S - 1 } } : {})
	};
}

/** 12,000 records of "a" in 12 full runs keyed 1, 1,001 … 11,001, and two of "b". */
async function seed() {
	const db = await openScopeDB(`segment-spread-test-${++dbCount}`);
	for (let first = 1; first <= 12_000; first += 1000) {
		await putBatch(
			db,
			Array.from({ length: 1000 }, (_, i) => record(first + i))
		);
	}
	await putBatch(
		db,
		[1, 2].map((id) => ({ ...record(id), profileId: 'b' }))
	);
	return db;
}

const all = { span: 0, slots: 100, skipUpTo: 0 };

/** A topic query wanting every topic its prefixes hold. */
const query = (prefixes: TopicPrefix[]): TopicQuery => ({
	prefixes,
	wanted: (topic) => prefixes.some((p) => (p.exact ? topic === p.text : topic.startsWith(p.text)))
});

describe('readSpread', () => {
	it('picks at most `slots` runs, the first to end in each equal part of the range', async () => {
		const db = await seed();
		const spread = await readSpread(db, 'a', { ...all, slots: 4 });
		expect(spread.from).toBe(T0 + 1 * S);
		expect(spread.to).toBe(T0 + 12_000 * S);
		expect(spread.inRange).toBe(12);
		// Quarters of 1 s … 12,000 s: runs ending at 1,000, 4,000, 7,000 and 10,000 s open them.
		expect(spread.runs.map((run) => run.firstId)).toEqual([1, 3001, 6001, 9001]);
		// A sample of the range's runs: each read as its sample, 8 records of each topic spread
		// through it (the last kept), not its 1,000.
		for (const run of spread.runs) {
			expect(run.records).toHaveLength(16);
			expect(run.records.every((r) => r.id >= run.firstId && r.id <= run.lastId)).toBe(true);
			expect(run.records.filter((r) => r.topic === 'd/0')).toHaveLength(8);
			expect(run.records.at(-1)?.id).toBe(run.lastId);
		}
		expect(spread.gaps).toEqual([{ from: T0 + 6000 * S + 1, to: T0 + 6001 * S - 1 }]);
	});

	it('reads every run whole when it reads every run of the range', async () => {
		const db = await seed();
		const spread = await readSpread(db, 'a', all);
		expect(spread.runs).toHaveLength(12);
		expect(spread.runs.every((run) => run.records.length === 1000)).toBe(true);
	});

	it('reads a run whole when its sample does not stand for it', async () => {
		const db = await seed();
		// A run without a sample (as versions before 8 wrote them), and one whose sample is stale.
		await db.delete('segment-samples', ['a', 3001]);
		const stale = (await db.get('segment-samples', ['a', 6001]))!;
		await db.put('segment-samples', { ...stale, count: 999 });
		const spread = await readSpread(db, 'a', { ...all, slots: 4 });
		expect(spread.runs.map((run) => run.records.length)).toEqual([16, 1000, 1000, 16]);
	});

	it('keeps a sample of every topic in a run, however rare', async () => {
		const db = await seed();
		const spread = await readSpread(db, 'a', { ...all, slots: 6 });
		const third = spread.runs.find((run) => run.firstId === 2001);
		expect(third?.records.filter((r) => r.topic === 'rare').map((r) => r.id)).toEqual([2500]);
	});

	it('for topics few enough to walk, picks over every head and moves picks on to their runs', async () => {
		const db = await seed();
		const under = await readSpread(db, 'a', {
			...all,
			topics: query([{ text: 'd/', exact: false }])
		});
		expect(under.inRange).toBe(12);
		// "rare" is walked ("x/" holds nothing): every head of the range is a candidate and each
		// pick moves on to the first run holding "rare".
		const rareOrUnder = query([
			{ text: 'rare', exact: true },
			{ text: 'x/', exact: false }
		]);
		const walked = await readSpread(db, 'a', { ...all, topics: rareOrUnder });
		expect(walked.inRange).toBe(12);
		expect(walked.runs.map((run) => run.firstId)).toEqual([2001, 10_001]);
	});

	it('for too many topics to walk, picks only among the runs the topic index lists', async () => {
		const db = await seed();
		// One more run holding 40 topics under "many/": more than a read walks one by one.
		await putBatch(
			db,
			Array.from({ length: 40 }, (_, i) => ({ ...record(12_001 + i), topic: `many/${i}` }))
		);
		const listed = await readSpread(db, 'a', {
			...all,
			topics: query([
				{ text: 'many/', exact: false },
				{ text: 'rare', exact: true }
			])
		});
		expect(listed.inRange).toBe(3);
		expect(listed.runs.map((run) => run.firstId)).toEqual([2001, 10_001, 12_001]);
		// Wanting one of them walks it again.
		const one = await readSpread(db, 'a', {
			...all,
			topics: { prefixes: [{ text: 'many/', exact: false }], wanted: (t) => t === 'many/7' }
		});
		expect(one.inRange).toBe(13);
		expect(one.runs.map((run) => run.firstId)).toEqual([12_001]);
	});

	it('for one exact topic picks over the range and moves each pick on to a run holding it', async () => {
		const db = await seed();
		const rare = [{ text: 'rare', exact: true }];
		// Every run of the range is a candidate: the index is asked only about the picks.
		const spread = await readSpread(db, 'a', { ...all, topics: query(rare) });
		expect(spread.inRange).toBe(12);
		expect(spread.runs.map((run) => run.firstId)).toEqual([2001, 10_001]);
		// Quarters pick 1, 3,001, 6,001 and 9,001; of the runs from each to the next pick, the
		// first holding "rare": 2,001 and 10,001; none from 3,001 or 6,001.
		const quarters = await readSpread(db, 'a', { ...all, topics: query(rare), slots: 4 });
		expect(quarters.runs.map((run) => run.firstId)).toEqual([2001, 10_001]);
		const dense = await readSpread(db, 'a', {
			...all,
			topics: query([{ text: 'd/1', exact: true }]),
			slots: 4
		});
		expect(dense.runs.map((run) => run.firstId)).toEqual([1, 3001, 6001, 9001]);
		const none = await readSpread(db, 'a', { ...all, topics: query([{ text: 'd', exact: true }]) });
		expect(none.runs).toEqual([]);
		// Gaps come from every head of the range, whatever topics were asked for.
		expect(none.gaps).toHaveLength(1);
	});

	it('covers only the last `span` ms, counting runs that reach into it', async () => {
		const db = await seed();
		const spread = await readSpread(db, 'a', { ...all, span: 3000 * S });
		expect(spread.from).toBe(T0 + 9000 * S);
		// The run ending at 9,000 s touches the range; the gap before 6,001 is outside it.
		expect(spread.runs.map((run) => run.firstId)).toEqual([8001, 9001, 10_001, 11_001]);
		expect(spread.gaps).toEqual([]);
	});

	it('reads no run when the candidates hold at most `skipUpTo` records', async () => {
		const db = await seed();
		const spread = await readSpread(db, 'a', { ...all, skipUpTo: 12_000 });
		expect(spread.inRange).toBe(12);
		expect(spread.runs).toEqual([]);
		const more = await readSpread(db, 'a', { ...all, skipUpTo: 11_999 });
		expect(more.runs).toHaveLength(12);
	});

	it("keeps to the profile's own history, and gives an empty range without one", async () => {
		const db = await seed();
		const b = await readSpread(db, 'b', all);
		expect(b.runs.map((run) => run.records.map((r) => r.id))).toEqual([[1, 2]]);
		const none = await readSpread(db, 'c', all);
		expect(none.from).toBeGreaterThan(none.to);
		expect(none).toMatchObject({ runs: [], gaps: [], inRange: 0 });
	});
});
