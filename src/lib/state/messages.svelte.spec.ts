// The page's first screen is read on its own IndexedDB connection (here fake-indexeddb, empty);
// the engine is faked: it runs in a worker.
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '$lib/shared/engine-api';
import type { MessageRecord } from '$lib/shared/mqtt/message';

/** The engine as the page sees it: what it was told about live rows, and pages it serves. */
const fake = vi.hoisted(() => ({
	handlers: [] as { type: string; handler: (event: EngineEvent) => void }[],
	restarts: [] as (() => void)[],
	rowsFor: [] as (string | null)[],
	pages: [] as { skip: number; limit: number }[]
}));

vi.mock('./engine', () => ({
	anyProfile: Symbol('any profile'),
	engine: () => ({
		showLiveRows: async (profileId: string | null) => void fake.rowsFor.push(profileId),
		readPage: async ({ skip, limit, maxId }: { skip: number; limit: number; maxId: number }) => {
			fake.pages.push({ skip, limit });
			return Array.from({ length: limit }, (_, i) => record(maxId - skip - i));
		}
	}),
	on: (type: string, _profileId: unknown, handler: (event: EngineEvent) => void) => {
		fake.handlers.push({ type, handler });
		return () => undefined;
	},
	onEngineRestart: (listener: () => void) => {
		fake.restarts.push(listener);
		return () => undefined;
	}
}));

// The class listens to the engine only in a browser.
(globalThis as { window?: unknown }).window ??= globalThis;
const { MessagesState } = await import('./messages.svelte');

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const emit = (event: EngineEvent) =>
	fake.handlers.filter((r) => r.type === event.type).forEach((r) => r.handler(event));

function record(id: number): MessageRecord {
	return {
		profileId: 'p',
		id,
		direction: 'in',
		topic: `t/${id}`,
		payload: new Uint8Array(0),
		qos: 0,
		retain: false,
		dup: false,
		time: id
	};
}

beforeEach(() => {
	fake.handlers = [];
	fake.restarts = [];
	fake.rowsFor = [];
	fake.pages = [];
});

describe('MessagesState live rows', () => {
	it('asks for rows while a list is shown, once however many lists show them', async () => {
		const state = new MessagesState();
		await state.open('p');
		expect(fake.rowsFor).toEqual([]);
		const hideFirst = state.showRows();
		const hideSecond = state.showRows();
		expect(fake.rowsFor).toEqual(['p']);
		hideFirst();
		hideFirst();
		expect(fake.rowsFor).toEqual(['p']);
		hideSecond();
		expect(fake.rowsFor).toEqual(['p', null]);
	});

	it('moves the rows to the profile opened while a list shows, and tells a new engine again', async () => {
		const state = new MessagesState();
		await state.open('p');
		state.showRows();
		await state.open('q');
		expect(fake.rowsFor).toEqual(['p', 'q']);
		fake.restarts.forEach((listener) => listener());
		expect(fake.rowsFor).toEqual(['p', 'q', 'q']);
	});

	it('takes the head of a batch without rows, and reads the rows from history when asked', async () => {
		const state = new MessagesState();
		await state.open('p');
		emit({ type: 'messages', profileId: 'p', head: { total: 3, lastId: 3 }, newest: [] });
		expect(state.total).toBe(3);
		// Shown again: the newest row is not cached, so its chunk is read once.
		expect(state.row(0)).toBeUndefined();
		expect(state.row(1)).toBeUndefined();
		await settle();
		expect(fake.pages).toEqual([{ skip: 0, limit: 3 }]);
		expect(state.row(0)?.id).toBe(3);
		expect(state.row(2)?.id).toBe(1);
		// Rows that come with a batch are cached as they are.
		emit({ type: 'messages', profileId: 'p', head: { total: 4, lastId: 4 }, newest: [record(4)] });
		expect(state.row(0)?.id).toBe(4);
		expect(fake.pages).toHaveLength(1);
	});
});
