// The live path: what the registry makes of a batch, and a connected profile runtime (Aedes
// in process, fake-indexeddb) keeping charts, tiles and lists current without reading history.
import 'fake-indexeddb/auto';
import mqtt from 'mqtt';
import { WebSocket as NodeWebSocket } from 'ws';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EngineEvent, LiveEvent } from '$lib/shared/engine-api';
import { LIVE_FILTER_CAP, type LiveUpdateOf } from '$lib/shared/live/live-spec';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { defaultDraft, type Profile } from '$lib/shared/profile/profile';
import { openScopeDB } from '$lib/storage/db';
import { startDemoBroker } from '../../../scripts/demo-broker.js';
import { LiveRegistry } from './live-registry';
import { ProfileRuntime } from './profile-runtime';

const encoder = new TextEncoder();

function record(id: number, topic: string, payload: string, extra: Partial<MessageRecord> = {}) {
	return {
		profileId: 'p',
		id,
		direction: 'in',
		topic,
		payload: encoder.encode(payload),
		qos: 0,
		retain: false,
		dup: false,
		time: 1000 + id,
		...extra
	} satisfies MessageRecord;
}

describe('LiveRegistry', () => {
	it('gives each registration what the batch holds for it, and nothing to the others', () => {
		const registry = new LiveRegistry();
		const chart = registry.watch({
			kind: 'series',
			series: [
				{ topicFilter: 'dev/+/t', path: 'v' },
				{ topicFilter: 'other/#', path: 'v' }
			]
		});
		const tile = registry.watch({ kind: 'latest', topicFilter: 'dev/+/t', path: 'v' });
		const list = registry.watch({ kind: 'filter', filter: { topicFilter: 'dev/a/t', text: 'x' } });
		const diff = registry.watch({ kind: 'topic', topic: 'dev/b/t' });
		const idle = registry.watch({ kind: 'topic', topic: 'nothing/here' });

		const updates = registry.collect([
			record(1, 'dev/a/t', '{"v":1,"note":"x"}'),
			record(2, 'dev/b/t', '{"v":2}'),
			record(3, 'dev/a/t', '{"status":"no number"}', { gapBefore: { from: 5, to: 6 } }),
			record(4, 'dev/b/t', '{"v":4}'),
			record(5, 'dev/b/t', '{"v":5}')
		]);

		expect(updates.map((u) => u.id).sort()).toEqual([chart, tile, list, diff].sort());
		expect(updates.some((u) => u.id === idle)).toBe(false);
		const series = updates.find((u) => u.id === chart) as LiveUpdateOf<'series'>;
		const points = series.lines.map((l) => [l.series, l.topic, [...l.values]]);
		expect(points).toEqual([
			[0, 'dev/a/t', [1]],
			[0, 'dev/b/t', [2, 4, 5]]
		]);
		expect(series.gaps).toEqual([{ from: 5, to: 6 }]);
		expect(series.matched).toEqual(['dev/a/t', null]);
		const latest = updates.find((u) => u.id === tile) as LiveUpdateOf<'latest'>;
		// dev/a/t's newest message has no number at v: the tile keeps the one that had.
		expect(latest.latest.map((l) => [l.topic, l.id, l.value])).toEqual([
			['dev/a/t', 1, 1],
			['dev/b/t', 5, 5]
		]);
		const filtered = updates.find((u) => u.id === list) as LiveUpdateOf<'filter'>;
		expect(filtered.records.map((r) => r.id)).toEqual([1]);
		const topic = updates.find((u) => u.id === diff) as LiveUpdateOf<'topic'>;
		expect(topic.records.map((r) => r.id)).toEqual([4, 5]);

		registry.unwatch(chart);
		expect(registry.collect([record(6, 'dev/a/t', '{"v":6}')]).map((u) => u.id)).toEqual([tile]);
	});

	it('parses a payload once however many registrations read it', () => {
		const registry = new LiveRegistry();
		for (let i = 0; i < 6; i++) {
			registry.watch({ kind: 'series', series: [{ topicFilter: '#', path: 'v' }] });
			registry.watch({ kind: 'latest', topicFilter: '+', path: 'v' });
		}
		const parse = vi.spyOn(JSON, 'parse');
		registry.collect([record(1, 'a', '{"v":1}'), record(2, 'b', '{"v":2}')]);
		expect(parse).toHaveBeenCalledTimes(2);
		parse.mockRestore();
	});

	it("reads a tile's topics from their newest message back, not every message of the batch", () => {
		const registry = new LiveRegistry();
		const tile = registry.watch({ kind: 'latest', topicFilter: 'dev/+', path: 'v' });
		const batch = Array.from({ length: 100 }, (_, i) =>
			record(i + 1, i % 2 ? 'dev/a' : 'dev/b', `{"v":${i + 1}}`)
		);
		// dev/a's newest has no number: the tile goes back to the one before it, and no further.
		batch.push(record(101, 'dev/a', '{"state":"idle"}'));
		const parse = vi.spyOn(JSON, 'parse');
		const [update] = registry.collect(batch) as LiveUpdateOf<'latest'>[];
		expect(parse).toHaveBeenCalledTimes(3);
		parse.mockRestore();
		expect(update.id).toBe(tile);
		expect(update.latest.map((l) => [l.topic, l.id, l.value])).toEqual([
			['dev/b', 99, 99],
			['dev/a', 100, 100]
		]);
	});

	it('tells a filtered list to search again when a batch holds more matches than it sends', () => {
		const registry = new LiveRegistry();
		const id = registry.watch({ kind: 'filter', filter: { topicFilter: 'a' } });
		const batch = Array.from({ length: LIVE_FILTER_CAP + 5 }, (_, i) => record(i + 1, 'a', '1'));
		const [update] = registry.collect(batch) as LiveUpdateOf<'filter'>[];
		expect(update.id).toBe(id);
		expect(update.overflow).toBe(true);
		expect(update.records).toHaveLength(LIVE_FILTER_CAP);
		expect(update.records[0].id).toBe(LIVE_FILTER_CAP + 5);
	});
});

describe('live batches of a connected profile', () => {
	beforeAll(() => {
		(globalThis as { WebSocket?: unknown }).WebSocket ??= NodeWebSocket;
	});
	const cleanups: (() => Promise<unknown>)[] = [];
	afterEach(async () => {
		while (cleanups.length) await cleanups.pop()!();
	});

	it('keep 4 charts, 8 tiles, a filtered list and a topic diff current without reading history', async () => {
		const broker = await startDemoBroker({ wsPort: 0, mqttPort: 0 });
		cleanups.push(() => broker.stop());
		const db = await openScopeDB('live-registry-runtime');
		const events: EngineEvent[] = [];
		const runtime = new ProfileRuntime({
			db,
			profileId: 'p',
			emit: (event) => events.push(event),
			pageProtocol: 'http:',
			lock: async () => () => undefined
		});
		cleanups.push(() => runtime.dispose());
		const profile: Profile = {
			...defaultDraft(),
			id: 'p',
			url: broker.wsUrl,
			protocolVersion: 4,
			subscriptions: [{ filter: 'plant/#', qos: 0 }],
			createdAt: 0,
			updatedAt: 0
		};
		await runtime.connect(profile, '');
		await expect.poll(() => runtime.session?.status.state, { timeout: 5000 }).toBe('connected');
		const publisher = await mqtt.connectAsync(broker.mqttUrl);
		cleanups.push(() => publisher.endAsync());
		const fields = ['temp', 'hum', 'power', 'flow'];
		const charts = fields.map((path) =>
			runtime.live.watch({ kind: 'series', series: [{ topicFilter: 'plant/+/data', path }] })
		);
		const tiles = [...fields, ...fields].map((path, i) =>
			runtime.live.watch({ kind: 'latest', topicFilter: `plant/+/${i < 4 ? 'data' : '#'}`, path })
		);
		const list = runtime.live.watch({ kind: 'filter', filter: { topicFilter: 'plant/m1/+' } });
		const diff = runtime.live.watch({ kind: 'topic', topic: 'plant/m2/data' });

		const live = () => events.filter((e): e is LiveEvent => e.type === 'live');
		const updates = <K extends 'series' | 'latest' | 'filter' | 'topic'>(id: string) =>
			live().flatMap((e) => e.updates.filter((u) => u.id === id)) as LiveUpdateOf<K>[];
		const pointsOf = (id: string) =>
			updates<'series'>(id).reduce(
				(n, u) => n + u.lines.reduce((m, l) => m + l.values.length, 0),
				0
			);
		const send = async (round: number) => {
			for (const machine of ['m1', 'm2', 'm3']) {
				const reading = { temp: round, hum: round + 0.5, power: round * 10, flow: -round };
				await publisher.publishAsync(`plant/${machine}/data`, JSON.stringify(reading));
			}
			await expect.poll(() => pointsOf(charts[0]), { timeout: 5000 }).toBe(3 * (round + 1));
		};
		// The first batch may meet the retention check's read; count from the next ones on.
		await send(0);
		await new Promise((resolve) => setTimeout(resolve, 50));

		const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction');
		const before = live().length;
		const rounds = 5;
		for (let round = 1; round <= rounds; round++) await send(round);
		const reads = transaction.mock.calls.filter(([, mode]) => (mode ?? 'readonly') === 'readonly');
		const writes = transaction.mock.calls.length - reads.length;
		transaction.mockRestore();

		expect(live().length - before).toBeGreaterThanOrEqual(rounds);
		expect(writes).toBeGreaterThanOrEqual(rounds);
		expect(reads).toHaveLength(0);
		const machines = ['plant/m1/data', 'plant/m2/data', 'plant/m3/data'];
		for (const [i, id] of charts.entries()) {
			const expected = [rounds, rounds + 0.5, rounds * 10, -rounds][i];
			const lastOf = (topic: string) =>
				updates<'series'>(id)
					.flatMap((u) => u.lines.filter((l) => l.topic === topic))
					.at(-1)
					?.values.at(-1);
			expect(machines.map(lastOf)).toEqual([expected, expected, expected]);
		}
		for (const [i, id] of tiles.entries()) {
			const expected = [rounds, rounds + 0.5, rounds * 10, -rounds][i % 4];
			const newest = (topic: string) =>
				updates<'latest'>(id)
					.flatMap((u) => u.latest.filter((l) => l.topic === topic))
					.at(-1)?.value;
			expect(machines.map(newest)).toEqual([expected, expected, expected]);
		}
		const listed = updates<'filter'>(list).flatMap((u) => u.records);
		expect(listed.map((r) => r.topic)).toEqual(Array(rounds + 1).fill('plant/m1/data'));
		const diffed = updates<'topic'>(diff).flatMap((u) => u.records);
		expect(diffed).toHaveLength(rounds + 1);
	});
});
