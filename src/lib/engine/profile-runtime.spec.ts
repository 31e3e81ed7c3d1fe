// A profile runtime against a real broker (the Aedes demo broker, in process) over a real
// WebSocket and IndexedDB (fake-indexeddb): dispose must let go of every part it owns.
import 'fake-indexeddb/auto';
import mqtt from 'mqtt';
import { WebSocket as NodeWebSocket } from 'ws';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '$lib/shared/engine-api';
import { defaultDraft, type Profile } from '$lib/shared/profile/profile';
import { openScopeDB } from '$lib/storage/db';
import { startDemoBroker } from '../../../scripts/demo-broker.js';
import { ProfileRuntime, type LiveModule } from './profile-runtime';

beforeAll(() => {
	// Node 20 has no global WebSocket; the session opens one as a browser would.
	(globalThis as { WebSocket?: unknown }).WebSocket ??= NodeWebSocket;
});

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
	while (cleanups.length) await cleanups.pop()!();
});

let dbCount = 0;

/**
 * A runtime whose lock and $SYS watch report when they are let go; `rowsWanted` says whether
 * the page shows its live list.
 */
async function setup(rowsWanted: () => boolean = () => true) {
	const broker = await startDemoBroker({ wsPort: 0, mqttPort: 0 });
	cleanups.push(() => broker.stop());
	const db = await openScopeDB(`profile-runtime-${++dbCount}`);
	const events: EngineEvent[] = [];
	const released = { lock: 0, sys: 0 };
	const live = async (): Promise<LiveModule> => {
		const real = await import('./live');
		return {
			...real,
			watchSys: (...args: Parameters<LiveModule['watchSys']>) => {
				const stop = real.watchSys(...args);
				return () => {
					released.sys++;
					stop();
				};
			}
		};
	};
	const runtime = new ProfileRuntime({
		db,
		profileId: 'p',
		emit: (event) => events.push(event),
		pageProtocol: 'http:',
		live,
		lock: async () => () => void released.lock++,
		rowsWanted
	});
	cleanups.push(() => runtime.dispose());
	const profile: Profile = {
		...defaultDraft(),
		id: 'p',
		url: broker.wsUrl,
		protocolVersion: 4,
		subscriptions: [{ filter: 'room/#', qos: 1 }],
		createdAt: 0,
		updatedAt: 0
	};
	return { runtime, profile, events, released, broker };
}

/** Publishes one QoS 1 message from a device, as a sensor would. */
async function publishFromDevice(mqttUrl: string, topic: string, payload: string) {
	const device = await mqtt.connectAsync(mqttUrl, { reconnectPeriod: 0 });
	await device.publishAsync(topic, payload, { qos: 1 });
	await device.endAsync();
}

describe('ProfileRuntime', () => {
	it('sends the batch’s rows only while the page shows the live list, and the head always', async () => {
		let shown = false;
		const { runtime, profile, events, broker } = await setup(() => shown);
		await runtime.connect(profile, '');
		await expect.poll(() => runtime.session?.status.state, { timeout: 5000 }).toBe('connected');
		const batches = () => events.filter((e) => e.type === 'messages');

		await publishFromDevice(broker.mqttUrl, 'room/a', 'hidden');
		await expect.poll(() => batches().length, { timeout: 5000 }).toBe(1);
		expect(batches()[0]).toMatchObject({ head: { total: 1 }, newest: [] });

		shown = true;
		await publishFromDevice(broker.mqttUrl, 'room/a', 'shown');
		await expect.poll(() => batches().length, { timeout: 5000 }).toBe(2);
		const second = batches()[1];
		expect(second).toMatchObject({ head: { total: 2 } });
		expect(second.type === 'messages' && second.newest.map((r) => r.topic)).toEqual(['room/a']);
	});

	it('dispose ends the session and the $SYS watch, releases the lock and drops the topic index and alert watch', async () => {
		const { runtime, profile, released } = await setup();
		await runtime.connect(profile, '');
		const session = runtime.session!;
		await expect.poll(() => session.status.state, { timeout: 5000 }).toBe('connected');
		await runtime.watchSys(true);
		const topics = runtime.topics();
		runtime.setAlerts([
			{
				id: 'quiet',
				name: 'Quiet',
				series: { topicFilter: 'room/#', path: '' },
				condition: { kind: 'silence', seconds: 60 },
				enabled: true
			}
		]);
		expect(runtime.alerts.hasRules).toBe(true);

		await runtime.dispose();

		expect(session.status.state).toBe('disconnected');
		expect(runtime.session).toBeUndefined();
		expect(runtime.ingest).toBeUndefined();
		expect(released).toEqual({ lock: 1, sys: 1 });
		expect(runtime.watchingSys).toBe(false);
		expect(topics.disposed).toBe(true);
		expect(runtime.alerts.hasRules).toBe(false);
	});

	it('stop ends the connection but keeps the topic index and alert rules for the profile', async () => {
		const { runtime, profile, released } = await setup();
		await runtime.connect(profile, '');
		const session = runtime.session!;
		await expect.poll(() => session.status.state, { timeout: 5000 }).toBe('connected');
		const topics = runtime.topics();
		runtime.setAlerts([]);

		await runtime.stop();

		expect(session.status.state).toBe('disconnected');
		expect(released.lock).toBe(1);
		expect(runtime.topics()).toBe(topics);
		expect(runtime.alerts.hasRules).toBe(true);
	});

	it('says so in a status event and holds nothing when another tab has the client ID', async () => {
		const { profile, events } = await setup();
		const db = await openScopeDB(`profile-runtime-${++dbCount}`);
		const runtime = new ProfileRuntime({
			db,
			profileId: 'p',
			emit: (event) => events.push(event),
			pageProtocol: 'http:',
			lock: async () => undefined
		});
		await runtime.connect(profile, '');
		expect(runtime.session).toBeUndefined();
		const status = events.find((e) => e.type === 'status');
		expect(status).toMatchObject({ profileId: 'p', status: { state: 'disconnected' } });
	});
});
