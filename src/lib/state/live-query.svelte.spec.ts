import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent, LiveEvent } from '$lib/shared/engine-api';
import type { LiveUpdateOf } from '$lib/shared/live/live-spec';

/** The engine as the page sees it: commands answered when the test says, events it sends. */
const fake = vi.hoisted(() => ({
	handlers: [] as { type: string; handler: (event: EngineEvent) => void }[],
	restarts: [] as (() => void)[],
	head: 0,
	watched: [] as string[],
	unwatched: [] as string[],
	/** Resolves the pending watchLive call, when the test holds it back. */
	release: undefined as (() => void) | undefined,
	holdWatch: false
}));

vi.mock('./engine', () => ({
	engine: () => ({
		watchLive: async () => {
			const id = `live-${fake.watched.length + 1}`;
			fake.watched.push(id);
			if (fake.holdWatch) await new Promise<void>((resolve) => (fake.release = resolve));
			return id;
		},
		unwatchLive: async (_profileId: string, id: string) => void fake.unwatched.push(id),
		historyHead: async () => ({ total: fake.head, lastId: fake.head })
	}),
	on: (type: string, _profileId: string, handler: (event: EngineEvent) => void) => {
		const route = { type, handler };
		fake.handlers.push(route);
		return () => (fake.handlers = fake.handlers.filter((r) => r !== route));
	},
	onEngineRestart: (listener: () => void) => {
		fake.restarts.push(listener);
		return () => (fake.restarts = fake.restarts.filter((l) => l !== listener));
	}
}));

const { LiveQuery } = await import('./live-query.svelte');

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const emit = (event: EngineEvent) =>
	fake.handlers.filter((r) => r.type === event.type).forEach((r) => r.handler(event));

/** A live batch [firstId, lastId] bringing registration `id` the record ids of the batch. */
function batch(id: string, firstId: number, lastId: number): LiveEvent {
	const ids = Array.from({ length: lastId - firstId + 1 }, (_, i) => firstId + i);
	const records = ids.map((n) => ({ id: n }) as LiveUpdateOf<'filter'>['records'][number]);
	return {
		type: 'live',
		profileId: 'p',
		firstId,
		lastId,
		updates: [{ kind: 'filter', id, records, overflow: false }]
	};
}

/** A view that records what it is given: backfilled ids up to the cut, then live ids. */
function recorder() {
	const seen: number[] = [];
	const log: string[] = [];
	let gate: Promise<void> = Promise.resolve();
	return {
		seen,
		log,
		/** Holds the next backfill until the returned function is called. */
		holdBackfill() {
			let open = () => undefined as void;
			gate = new Promise<void>((resolve) => (open = resolve));
			return open;
		},
		view: {
			async backfill(cut: number, current: () => boolean) {
				await gate;
				if (!current()) return;
				log.push(`backfill ${cut}`);
				for (let id = 1; id <= cut; id++) seen.push(id);
			},
			apply(update: LiveUpdateOf<'filter'>) {
				for (const record of update.records) seen.push(record.id);
			},
			reset() {
				log.push('reset');
				seen.length = 0;
			}
		}
	};
}

describe('LiveQuery', () => {
	beforeEach(() => {
		Object.assign(fake, {
			handlers: [],
			restarts: [],
			head: 0,
			watched: [],
			unwatched: [],
			release: undefined,
			holdWatch: false
		});
	});

	it('applies batches that land during the backfill after it, each record once', async () => {
		fake.head = 5;
		fake.holdWatch = true;
		const r = recorder();
		const open = r.holdBackfill();
		const query = new LiveQuery('p', { kind: 'filter', filter: { topicFilter: 'a' } }, r.view);
		query.start();
		await settle();
		// Committed after the registration but before its answer: the backfill covers it.
		emit(batch('live-1', 5, 5));
		fake.release!();
		await settle();
		// Committed after the head was read: held until the backfill is in.
		emit(batch('live-1', 6, 7));
		expect(query.phase).toBe('loading');
		expect(r.seen).toEqual([]);
		open();
		await settle();
		emit(batch('live-1', 8, 8));
		// Another registration's update is not this view's.
		emit(batch('live-9', 9, 9));
		expect(r.seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		expect(query.phase).toBe('live');
		expect(query.version).toBe(2);
		query.stop();
	});

	it('reads history again when it is replaced, and registers again after an engine restart', async () => {
		fake.head = 2;
		const r = recorder();
		const query = new LiveQuery('p', { kind: 'filter', filter: { topicFilter: 'a' } }, r.view);
		query.start();
		await settle();
		fake.head = 1;
		emit({
			type: 'history-pruned',
			profileId: 'p',
			head: { total: 1, lastId: 1 },
			removed: 2,
			reason: 'cleared'
		});
		await settle();
		// Retention only trims the oldest: what is loaded stays.
		emit({
			type: 'history-pruned',
			profileId: 'p',
			head: { total: 1, lastId: 1 },
			removed: 1,
			reason: 'retention'
		});
		await settle();
		expect(r.log).toEqual(['backfill 2', 'reset', 'backfill 1']);
		expect(fake.watched).toEqual(['live-1']);

		fake.restarts.forEach((listener) => listener());
		await settle();
		expect(fake.watched).toEqual(['live-1', 'live-2']);
		emit(batch('live-1', 2, 2));
		emit(batch('live-2', 3, 3));
		expect(r.seen).toEqual([1, 3]);

		query.stop();
		await settle();
		expect(fake.unwatched).toEqual(['live-2']);
		emit(batch('live-2', 4, 4));
		expect(r.seen).toEqual([1, 3]);
	});
});
