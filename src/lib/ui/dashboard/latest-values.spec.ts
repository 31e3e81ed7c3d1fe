import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '$lib/shared/engine-api';
import type { FilteredPage, FilteredPageQuery } from '$lib/shared/history/history-query';
import type { Latest } from '$lib/shared/live/live-spec';
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
		readFiltered: async (query: FilteredPageQuery): Promise<FilteredPage> => {
			fake.reads++;
			const records = fake.records
				.filter((r) => r.id < query.beforeId && r.id > (query.afterId ?? 0))
				.filter((r) => topicMatches(query.filter.topicFilter ?? '#', r.topic))
				.sort((a, b) => b.id - a.id);
			return { records, nextBeforeId: 0, done: true, scanned: records.length };
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

const { numberOf, watchLatest } = await import('./latest-values');

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

/** The engine's live event for records just committed, as its registry makes it for a tile. */
function live(records: MessageRecord[], path?: string): EngineEvent {
	const byTopic = new Map<string, Latest>();
	for (const r of records) {
		const text = new TextDecoder().decode(r.payload);
		const latest: Latest = {
			topic: r.topic,
			id: r.id,
			time: r.time,
			payload: JSON.parse(text),
			text
		};
		if (path === undefined || numberOf(latest, path) !== undefined) byTopic.set(r.topic, latest);
	}
	return {
		type: 'live',
		profileId: 'p',
		firstId: records[0].id,
		lastId: records.at(-1)!.id,
		updates: [{ kind: 'latest', id: `live-${fake.watches}`, latest: [...byTopic.values()] }]
	};
}

describe('watchLatest', () => {
	beforeEach(() => {
		fake.records = [];
		fake.listeners = [];
		fake.reads = 0;
	});

	it('reads history once, then follows live updates without reading', async () => {
		add(1, 'd/1/t', { temperature: 20 });
		let seen: [string, number][] = [];
		const stop = watchLatest('p', 'd/+/t', (list) => (seen = list.map((l) => [l.topic, l.id])));
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
		const stop = watchLatest('p', 'd/+/t', (list) => (seen = list.map((l) => l.id)));
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
			'd/1/t',
			(list) => (values = list.map((l) => numberOf(l, 'temperature'))),
			'temperature'
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
});
