import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { LatestSpec, LiveUpdateOf } from '$lib/shared/live/live-spec';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { MAX_PARSE_BYTES } from '$lib/shared/payload/numeric-fields';
import { openScopeDB } from '$lib/storage/db';
import { putBatch } from '$lib/storage/messages';
import { latestOf, MAX_STATUS_CHARS } from './latest-extract';
import { readLatest } from './latest-read';
import { LiveRegistry } from './live-registry';

let dbCount = 0;
const encoder = new TextEncoder();

function record(id: number, topic: string, payload: string | Uint8Array): MessageRecord {
	return {
		profileId: 'p',
		id,
		direction: 'in',
		topic,
		payload: typeof payload === 'string' ? encoder.encode(payload) : payload,
		qos: 0,
		retain: false,
		dup: false,
		time: 1000 + id
	};
}

/** Mixed shapes on three topics: numbers, strings, booleans, text, nesting, a missing field. */
const history = [
	record(1, 'dev/a/state', '{"v":1,"s":{"mode":"auto"}}'),
	record(2, 'dev/b/state', '"online"'),
	record(3, 'dev/a/state', '{"v":true,"s":{"mode":"manual"}}'),
	record(4, 'dev/c/state', 'plain text'),
	record(5, 'dev/b/state', '{"s":{"mode":42}}'),
	record(6, 'dev/a/state', '{"s":{"mode":["x"]}}'),
	record(7, 'dev/c/state', '21.5')
];

const specs: LatestSpec[] = [
	{ kind: 'latest', topicFilter: 'dev/+/state', path: 'v' },
	{ kind: 'latest', topicFilter: 'dev/+/state', path: '$' },
	{ kind: 'latest', topicFilter: 'dev/+/state', statusPath: '' },
	{ kind: 'latest', topicFilter: 'dev/+/state', statusPath: 's.mode' },
	{ kind: 'latest', topicFilter: 'dev/a/state', path: 'v', statusPath: 's.mode' }
];

/** What the live registry sends a tile for the records as one committed batch, by topic. */
function liveValues(records: MessageRecord[], spec: LatestSpec) {
	const registry = new LiveRegistry();
	registry.watch(spec);
	const [update] = registry.collect(records.map((r) => ({ ...r }))) as LiveUpdateOf<'latest'>[];
	return (update?.latest ?? []).sort((a, b) => (a.topic < b.topic ? -1 : 1));
}

async function stored(records: MessageRecord[]) {
	const db = await openScopeDB(`latest-read-test-${++dbCount}`);
	await putBatch(
		db,
		records.map((r) => ({ ...r }))
	);
	return db;
}

describe('readLatest', () => {
	it('gives a tile the same values from history as the live registry does', async () => {
		const db = await stored(history);
		for (const spec of specs) {
			const backfill = await readLatest(db, 'p', spec, 7);
			const sorted = backfill.latest.sort((a, b) => (a.topic < b.topic ? -1 : 1));
			expect(sorted, JSON.stringify(spec)).toEqual(liveValues(history, spec));
			expect(backfill.complete).toBe(true);
		}
		// The values themselves, for one number tile and one status tile.
		const numbers = await readLatest(db, 'p', specs[0], 7);
		expect(numbers.latest.map((l) => [l.topic, l.id, l.value])).toEqual([['dev/a/state', 3, 1]]);
		const status = await readLatest(db, 'p', specs[2], 7);
		// Newest first, as history is read.
		expect(status.latest.map((l) => [l.topic, l.status])).toEqual([
			['dev/c/state', '21.5'],
			['dev/a/state', '{"s":{"mode":["x"]}}'],
			['dev/b/state', '{"s":{"mode":42}}']
		]);
	});

	it('reads only up to the backfill cut', async () => {
		const db = await stored(history);
		const backfill = await readLatest(db, 'p', specs[3], 4);
		expect(backfill.latest.map((l) => [l.topic, l.id, l.status])).toEqual([
			['dev/c/state', 4, undefined],
			['dev/a/state', 3, 'manual'],
			['dev/b/state', 2, undefined]
		]);
	});

	it('stops a wildcard read at its budget and says it is incomplete', async () => {
		const many = Array.from({ length: 1200 }, (_, i) => record(i + 1, `t/${i % 3}`, `${i}`));
		const db = await stored(many);
		const backfill = await readLatest(db, 'p', { kind: 'latest', topicFilter: 't/+' }, 1200, 500);
		expect(backfill.complete).toBe(false);
		expect(backfill.scanned).toBeLessThan(1200);
		expect(backfill.latest.map((l) => l.id).sort()).toEqual([1198, 1199, 1200]);
	});
});

describe('latestOf', () => {
	const status: LatestSpec = { kind: 'latest', topicFilter: '#', path: 'v', statusPath: '' };

	it('explains a payload over the parse limit and sends only a row of its text', () => {
		const big = new Uint8Array(MAX_PARSE_BYTES + 1).fill(0x61);
		const latest = latestOf(record(1, 'big', big), status);
		expect(latest.value).toBeUndefined();
		expect(latest.note).toMatch(/^Payload of 1\.0 MB is larger than the 1 MB tiles read\.$/);
		expect(latest.status).toHaveLength(MAX_STATUS_CHARS + 1);
		expect(latest.status?.endsWith('…')).toBe(true);
	});

	it('reads a 1 MB, deeply nested payload without throwing, bounded', () => {
		const depth = 500_000;
		const nested = record(1, 'deep', `${'['.repeat(depth)}${']'.repeat(depth)}`);
		const latest = latestOf(nested, { ...status, path: '0.0.0.0' });
		expect(latest.value).toBeUndefined();
		expect(latest.status).toHaveLength(MAX_STATUS_CHARS + 1);
		expect(structuredClone(latest)).toEqual(latest);

		const deepObject = record(2, 'deep', `${'{"a":'.repeat(100_000)}7${'}'.repeat(100_000)}`);
		const path = Array(100_000).fill('a').join('.');
		expect(latestOf(deepObject, { kind: 'latest', topicFilter: '#', path }).value).toBe(7);
	});

	it('explains a field read from a payload that is not JSON', () => {
		const latest = latestOf(record(1, 'x', 'on fire'), {
			kind: 'latest',
			topicFilter: '#',
			statusPath: 'state'
		});
		expect(latest.status).toBeUndefined();
		expect(latest.note).toBe('Payload is not JSON or a number, so no field can be read from it.');
		// The whole payload as a status needs no JSON.
		expect(latestOf(record(2, 'x', ' on fire '), status)).toMatchObject({ status: 'on fire' });
	});
});
