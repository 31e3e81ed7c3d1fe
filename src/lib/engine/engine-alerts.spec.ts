// Alert rules handed to the engine before a profile has a runtime (the first page does this
// before any connect) wait in the engine and are the ones watched once it connects, against a
// real broker (the Aedes demo broker, in process) and IndexedDB (fake-indexeddb).
import 'fake-indexeddb/auto';
import { WebSocket as NodeWebSocket } from 'ws';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AlertRule } from '$lib/shared/alerts/alert-rules';
import type { EngineEvent } from '$lib/shared/engine-api';
import { defaultDraft, type Profile } from '$lib/shared/profile/profile';
import { openScopeDB } from '$lib/storage/db';
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

const offline = (id: string, name: string): AlertRule => ({
	id,
	name,
	series: { topicFilter: 'door/status', path: '' },
	condition: { kind: 'status', equals: 'offline' },
	enabled: true
});

async function connectedEngine(name: string) {
	const broker = await startDemoBroker({ wsPort: 0, mqttPort: 0 });
	cleanups.push(() => broker.stop());
	const engine = new Engine(Promise.resolve(await openScopeDB(name)), 'http:');
	const events: EngineEvent[] = [];
	engine.listen((batch) => events.push(...batch));
	const profile: Profile = {
		...defaultDraft(),
		id: 'p',
		url: broker.wsUrl,
		protocolVersion: 4,
		subscriptions: [{ filter: 'door/#', qos: 1 }],
		createdAt: 0,
		updatedAt: 0
	};
	const connect = async () => {
		await engine.connect(profile, '');
		cleanups.push(() => engine.disconnect('p'));
		await expect
			.poll(() => events.some((e) => e.type === 'status' && e.status.state === 'connected'), {
				timeout: 5000
			})
			.toBe(true);
		await engine.publish('p', {
			topic: 'door/status',
			payload: new TextEncoder().encode('offline'),
			qos: 1,
			retain: false
		});
	};
	const fired = () =>
		events.flatMap((e) => (e.type === 'alert' && !e.entry.clearedAt ? [e.entry.ruleName] : []));
	return { engine, connect, fired };
}

describe('Engine.setAlerts before the profile has a runtime', () => {
	it(
		'watches the rules handed over last once the profile connects',
		{ timeout: 15_000 },
		async () => {
			const { engine, connect, fired } = await connectedEngine('engine-alerts-pending');
			await engine.setAlerts('p', [offline('old', 'Old rule')]);
			await engine.setAlerts('p', [offline('door', 'Door offline')]);

			await connect();

			await expect.poll(fired, { timeout: 5000 }).toEqual(['Door offline']);
			expect((await engine.alertLog('p', 10)).map((e) => e.ruleName)).toEqual(['Door offline']);
		}
	);

	it('forgets waiting rules of a deleted profile', { timeout: 15_000 }, async () => {
		const { engine, connect, fired } = await connectedEngine('engine-alerts-deleted');
		await engine.setAlerts('p', [offline('door', 'Door offline')]);
		await engine.deleteProfile('p');

		await connect();
		// The message is stored (the subscription echoes it) before any alert could have fired.
		await expect.poll(async () => (await engine.historyHead('p')).total, { timeout: 5000 }).toBe(2);

		expect(fired()).toEqual([]);
	});
});
