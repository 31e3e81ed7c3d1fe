import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '$lib/shared/engine-api';
import type { Latest, LatestBackfill, LatestSpec } from '$lib/shared/live/live-spec';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { topicMatches } from '$lib/shared/mqtt/topic';

/** An in-memory history and the engine's event listeners. */
const fake = vi.hoisted(() => ({
	records: [] as MessageRecord[],
	listeners: [] as ((events: EngineEvent[]) => void)[],
	reads: 0,
	watches: 0
}));

vi.mock('$lib/state/engine', () => ({
	engine: () => ({
		historyHead: async () => ({
			total: fake.records.length,
			lastId: Math.max(0, ...fake.records.map((r) => r.id))
		}),
		// The engine's reading over an in-memory history (its extraction is tested in the engine).
		readLatest: async (_: string, spec: LatestSpec, upToId: number): Promise<LatestBackfill> => {
			fake.reads++;
			const records = fake.records
				.filter((r) => r.id <= upToId && topicMatches(spec.topicFilter, r.topic))
				.sort((a, b) => b.id - a.id);
			const byTopic = new Map<string, Latest>();
			for (const record of records) {
				const latest = valuesOf(record, spec.path);
				if (byTopic.has(record.topic) || (spec.path && latest.value === undefined)) continue;
				byTopic.set(record.topic, latest);
			}
			return { latest: [...byTopic.values()], scanned: records.length, complete: true };
		},
		watchLive: async () => `live-${++fake.watches}`,
		unwatchLive: async () => undefined
	}),
	onEngineRestart: () => () => undefined,
	on: (type: string, profileId: string, handler: (event: EngineEvent) => void) => {
		const listener = (events: EngineEvent[]) =>
			events.filter((e) => e.type === type && e.profileId === profileId).forEach((e) => handler(e));
		fake.listeners.push(listener);
		return () => (fake.listeners = fake.listeners.filter((l) => l !== listener));
	}
}));

const { watchLatest } = await import('./latest-values');
const { REFRESH_MS, RefreshSchedule } = await import('$lib/ui/app/refresh-schedule');

/** A refresh of its own for one test, every `ms` on the (fakeable) Date clock. */
function refreshEvery(ms: number) {
	return new RefreshSchedule(
		{
			timer: (callback, wait) => setTimeout(callback, wait),
			soon: (callback) => queueMicrotask(callback),
			now: () => Date.now()
		},
		ms
	);
}

const encoder = new TextEncoder();

function add(id: number, topic: string, payload: unknown): void {
	fake.records.push({
		profileId: 'p',
		id,
		direction: 'in',
		topic,
		payload: encoder.encode(JSON.stringify(payload)),
		qos: 0,
		retain: false,
		dup: false,
		time: id * 1000
	});
}

const head = () => ({
	total: fake.records.length,
	lastId: Math.max(...fake.records.map((r) => r.id))
});
const emit = (events: EngineEvent[]) => fake.listeners.forEach((l) => l(events));
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A tile's values of a record, as the engine sends them (flat JSON objects only here). */
function valuesOf(record: MessageRecord, path?: string): Latest {
	const payload = JSON.parse(new TextDecoder().decode(record.payload)) as Record<string, unknown>;
	const value = path === undefined ? undefined : payload[path];
	return {
		topic: record.topic,
		id: record.id,
		time: record.time,
		value: typeof value === 'number' ? value : undefined
	};
}

/** The engine's live event for records just committed, as its registry makes it for a tile. */
function live(records: MessageRecord[], path?: string): EngineEvent {
	const byTopic = new Map<string, Latest>();
	for (const record of records) {
		const latest = valuesOf(record, path);
		if (path === undefined || latest.value !== undefined) byTopic.set(record.topic, latest);
	}
	return {
		type: 'live',
		profileId: 'p',
		firstId: records[0].id,
		lastId: records.at(-1)!.id,
		updates: [{ kind: 'latest', id: `live-${fake.watches}`, latest: [...byTopic.values()] }]
	};
}

const tile = (topicFilter: string, path?: string): LatestSpec => ({
	kind: 'latest',
	topicFilter,
	path
});

describe('watchLatest', () => {
	beforeEach(() => {
		fake.records = [];
		fake.listeners = [];
		fake.reads = 0;
	});

	it('reads history once, then follows live updates without reading', async () => {
		add(1, 'd/1/t', { temperature: 20 });
		let seen: [string, number][] = [];
		const stop = watchLatest(
			'p',
			tile('d/+/t'),
			(list) => (seen = list.map((l) => [l.topic, l.id])),
			refreshEvery(0)
		);
		await settle();
		expect(seen).toEqual([['d/1/t', 1]]);
		const reads = fake.reads;

		add(2, 'd/2/t', { temperature: 7 });
		add(3, 'd/1/t', { temperature: 21 });
		emit([live(fake.records.slice(1))]);
		await settle();
		expect(seen).toEqual([
			['d/1/t', 3],
			['d/2/t', 2]
		]);
		expect(fake.reads).toBe(reads);
		stop();
	});

	it('keeps its values through retention pruning and starts over after a clear', async () => {
		add(1, 'd/1/t', { temperature: 20 });
		let seen: number[] = [];
		const stop = watchLatest(
			'p',
			tile('d/+/t'),
			(list) => (seen = list.map((l) => l.id)),
			refreshEvery(0)
		);
		await settle();
		expect(seen).toEqual([1]);

		const reads = fake.reads;
		emit([
			{ type: 'history-pruned', profileId: 'p', head: head(), removed: 1, reason: 'retention' }
		]);
		emit([{ type: 'history-pruned', profileId: 'p', head: head(), removed: 1, reason: 'quota' }]);
		await settle();
		expect(seen).toEqual([1]);
		expect(fake.reads).toBe(reads);

		// Cleared: history is read again from its new head.
		fake.records = [];
		add(1, 'd/2/t', { temperature: 5 });
		emit([{ type: 'history-pruned', profileId: 'p', head: head(), removed: 1, reason: 'cleared' }]);
		await settle();
		expect(seen).toEqual([1]);
		expect(fake.reads).toBe(reads + 1);
		add(2, 'd/2/t', { temperature: 6 });
		emit([live([fake.records[1]])]);
		await settle();
		expect(seen).toEqual([2]);
		stop();
	});

	it('with a number path, keeps per topic the newest message that has the value', async () => {
		add(1, 'd/1/t', { temperature: 20 });
		add(2, 'd/1/t', { status: 'ok' });
		let values: (number | undefined)[] = [];
		const stop = watchLatest(
			'p',
			tile('d/1/t', 'temperature'),
			(list) => (values = list.map((l) => l.value)),
			refreshEvery(0)
		);
		await settle();
		expect(values).toEqual([20]);

		add(3, 'd/1/t', { status: 'still ok' });
		emit([live([fake.records[2]], 'temperature')]);
		await settle();
		expect(values).toEqual([20]);

		add(4, 'd/1/t', { temperature: 21 });
		add(5, 'd/1/t', { status: 'ok' });
		emit([live(fake.records.slice(3), 'temperature')]);
		await settle();
		expect(values).toEqual([21]);
		stop();
	});

	it('shows live values at most once a refresh, then the newest of what came between', async () => {
		add(1, 'd/1/t', { temperature: 20 });
		const shown: number[][] = [];
		const stop = watchLatest(
			'p',
			tile('d/+/t'),
			(list) => shown.push(list.map((l) => l.id)),
			refreshEvery(REFRESH_MS)
		);
		await settle();
		vi.useFakeTimers();
		try {
			shown.length = 0;
			add(2, 'd/1/t', { temperature: 22 });
			emit([live([fake.records.at(-1)!])]);
			// Shown as the batch's task ends, with every other tile the batch changed.
			expect(shown).toEqual([]);
			await Promise.resolve();
			expect(shown).toEqual([[2]]);
			for (let id = 3; id <= 5; id++) {
				add(id, 'd/1/t', { temperature: 20 + id });
				emit([live([fake.records.at(-1)!])]);
				await Promise.resolve();
			}
			// The three after it together at the next refresh.
			expect(shown).toEqual([[2]]);
			vi.advanceTimersByTime(REFRESH_MS - 1);
			expect(shown).toEqual([[2]]);
			vi.advanceTimersByTime(1);
			expect(shown).toEqual([[2], [5]]);

			// A change waiting when the tile goes is dropped with it.
			add(6, 'd/1/t', { temperature: 26 });
			emit([live([fake.records.at(-1)!])]);
			stop();
			vi.advanceTimersByTime(REFRESH_MS);
			await Promise.resolve();
			expect(shown).toEqual([[2], [5]]);
		} finally {
			vi.useRealTimers();
		}
	});
});
