// Deleting a profile through the engine, against a real broker (the Aedes demo broker, in
// process) and IndexedDB (fake-indexeddb): the session ends, the engine forgets the profile and
// no store keeps a row of it, while another profile is left alone.
import 'fake-indexeddb/auto';
import { WebSocket as NodeWebSocket } from 'ws';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '$lib/shared/engine-api';
import { defaultDraft, type Profile } from '$lib/shared/profile/profile';
import { openScopeDB } from '$lib/storage/db';
import { saveProfile } from '$lib/storage/profiles';
import { startDemoBroker } from '../../../scripts/demo-broker.js';
import { Engine } from './engine';

beforeAll(() => {
	// Node 20 has no global WebSocket; the session opens one as a browser would.
	(globalThis as { WebSocket?: unknown }).WebSocket ??= NodeWebSocket;
});

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
	while (cleanups.length) await cleanups.pop()!();
});

function profile(id: string, url: string): Profile {
	return {
		...defaultDraft(),
		id,
		name: id,
		url,
		protocolVersion: 4,
		subscriptions: [{ filter: `${id}/#`, qos: 1 }],
		createdAt: 0,
		updatedAt: 0
	};
}

describe('Engine.deleteProfile', () => {
	it('ends the session, drops the topic index and leaves no row of the profile', async () => {
		const broker = await startDemoBroker({ wsPort: 0, mqttPort: 0 });
		cleanups.push(() => broker.stop());
		const db = await openScopeDB('engine-delete');
		const engine = new Engine(Promise.resolve(db), 'http:');
		const events: EngineEvent[] = [];
		engine.listen((batch) => events.push(...batch));
		const connected = (id: string) =>
			events.some(
				(e) => e.type === 'status' && e.profileId === id && e.status.state === 'connected'
			);
		for (const id of ['gone', 'kept']) {
			await saveProfile(db, profile(id, broker.wsUrl));
			await engine.connect(profile(id, broker.wsUrl), '');
			cleanups.push(() => engine.disconnect(id));
			await expect.poll(() => connected(id), { timeout: 5000 }).toBe(true);
			await engine.publish(id, {
				topic: `${id}/reading`,
				payload: new TextEncoder().encode('21.5'),
				qos: 1,
				retain: false
			});
			// Sent, and received back through the profile's subscription: both are stored.
			await expect
				.poll(async () => (await engine.historyHead(id)).total, { timeout: 5000 })
				.toBe(2);
		}
		await expect.poll(async () => (await engine.topicTree('gone', [], 0, 10)).topics).toBe(1);

		await engine.deleteProfile('gone');

		expect(await engine.connectedProfiles()).toEqual(['kept']);
		// A fresh index, built from a history that is no longer there.
		await expect.poll(async () => (await engine.topicTree('gone', [], 0, 10)).building).toBe(false);
		expect((await engine.topicTree('gone', [], 0, 10)).topics).toBe(0);
		const left: Record<string, number> = {};
		for (const name of db.objectStoreNames) {
			let cursor = await db.transaction(name).store.openCursor();
			for (; cursor; cursor = await cursor.continue()) {
				const key = cursor.key as IDBValidKey;
				const owner = Array.isArray(key)
					? key[0]
					: ((cursor.value as { profileId?: string }).profileId ?? key);
				if (owner === 'gone' || owner === 'kept')
					left[`${name}:${owner}`] = (left[`${name}:${owner}`] ?? 0) + 1;
			}
		}
		expect(Object.keys(left).filter((k) => k.endsWith(':gone'))).toEqual([]);
		expect(left['profiles:kept']).toBe(1);
		expect(left['segments:kept']).toBeGreaterThan(0);
		expect((await engine.historyHead('kept')).total).toBeGreaterThanOrEqual(2);
	});
});
