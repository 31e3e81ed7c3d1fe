// The session against a real broker (the Aedes demo broker, in process) over a real WebSocket,
// with the reconnect timer under the test's control so backoff can be stepped through.
import mqtt from 'mqtt';
import { WebSocket as NodeWebSocket } from 'ws';
import { vi, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '$lib/shared/mqtt/connection-status';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { defaultDraft, type Profile } from '$lib/shared/profile/profile';
import { startDemoBroker } from '../../../scripts/demo-broker.js';
import { Ingest, type Timers } from './ingest';
import { Session } from './session';

// Real brokers stop and restart in these tests: on a busy 2-core machine that outlasts 5 s.
vi.setConfig({ testTimeout: 20_000 });

type Broker = Awaited<ReturnType<typeof startDemoBroker>>;

beforeAll(() => {
	// Node 20 has no global WebSocket; the session opens one as a browser would.
	(globalThis as { WebSocket?: unknown }).WebSocket ??= NodeWebSocket;
});

/** A reconnect timer the test fires by hand; records each requested delay. */
class SteppedTimers implements Timers {
	delays: number[] = [];
	#next: (() => void) | undefined;
	setTimeout(callback: () => void, ms: number): unknown {
		this.delays.push(ms);
		this.#next = callback;
		return this.delays.length;
	}
	clearTimeout(): void {
		this.#next = undefined;
	}
	/** Whether a timer is set and not yet fired or cleared. */
	get pending(): boolean {
		return this.#next !== undefined;
	}
	fire(): void {
		const next = this.#next;
		this.#next = undefined;
		next?.();
	}
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
	while (cleanups.length) await cleanups.pop()!();
});

/** A clock the test moves by hand, so the times a gap marker carries can be checked exactly. */
class ManualClock {
	time = 1_700_000_000_000;
	now = () => this.time;
}

async function setup(
	broker: Broker,
	changes: Partial<Profile> = {},
	clock?: ManualClock,
	offlineSince?: number
) {
	const timers = new SteppedTimers();
	const statuses: ConnectionStatus[] = [];
	const received: MessageRecord[] = [];
	const publishStates: MessageRecord[] = [];
	const profile: Profile = {
		...defaultDraft(),
		id: 'p',
		url: broker.wsUrl,
		protocolVersion: 4,
		backoffMin: 1,
		backoffMax: 8,
		subscriptions: [{ filter: 'room/#', qos: 1 }],
		createdAt: 0,
		updatedAt: 0,
		...changes
	};
	const ingest = new Ingest({
		head: { total: 0, lastId: 0 },
		persist: async (records, rewrites) => void received.push(...records, ...rewrites),
		committed: () => undefined,
		failed: (error) => {
			throw error;
		}
	});
	const session = new Session({
		profile,
		password: '',
		ingest,
		timers,
		...(clock ? { now: clock.now } : {}),
		offlineSince,
		hooks: {
			status: (status) => statuses.push(status),
			publishState: (record) => publishStates.push({ ...record }),
			subscriptions: () => undefined,
			resentAcknowledged: () => undefined
		}
	});
	cleanups.push(() => session.stop());
	const until = async (state: ConnectionStatus['state']) => {
		await expect.poll(() => session.status.state, { timeout: 5000 }).toBe(state);
		return session.status;
	};
	return { session, timers, statuses, received, publishStates, ingest, until };
}

async function publishFromDevice(broker: Broker, topic: string, payload: string) {
	const device = await mqtt.connectAsync(broker.mqttUrl, { reconnectPeriod: 0 });
	await device.publishAsync(topic, payload, { qos: 1 });
	await device.endAsync();
}

describe('Session', () => {
	it('says at once when a publish fails for want of a connection', async () => {
		const broker = await startDemoBroker({ wsPort: 0, mqttPort: 0 });
		await broker.stop();
		const { session, publishStates } = await setup(broker);
		const record = session.publish({
			topic: 'room/cmd',
			payload: new Uint8Array([1]),
			qos: 1,
			retain: false
		});
		// The publish form follows states only: the list's rows may never reach the page.
		expect(publishStates).toEqual([
			expect.objectContaining({
				id: record.id,
				state: 'failed',
				reason: 'Not connected: the message was not sent.'
			})
		]);
	});

	it('reports a failed first connect in words instead of retrying', async () => {
		const broker = await startDemoBroker({ wsPort: 0, mqttPort: 0 });
		await broker.stop();
		const { session, timers, until } = await setup(broker);
		session.start();
		const status = await until('disconnected');
		expect(status.reason).toMatch(/WebSocket connection to 127\.0\.0\.1:\d+ failed/);
		expect(status.hint).toBeTruthy();
		expect(timers.delays).toEqual([]);
	});

	it('backs off exponentially with jitter up to the cap, then reconnects and resubscribes', async () => {
		let broker = await startDemoBroker({ wsPort: 0, mqttPort: 0 });
		const { wsPort, mqttPort } = broker;
		const { session, timers, received, ingest, until } = await setup(broker);
		session.start();
		await until('connected');
		await broker.stop();

		let status = await until('reconnecting');
		expect(status.attempt).toBe(1);
		expect(status.reason).toBeTruthy();
		for (let attempt = 2; attempt <= 6; attempt++) {
			timers.fire();
			await expect.poll(() => session.status.attempt, { timeout: 5000 }).toBe(attempt);
		}
		status = session.status;
		expect(status.retryAt).toBeGreaterThan(Date.now());
		// 1 s doubling per attempt, ±30 % jitter, capped at 8 s (jitter stays under the cap).
		const [d1, d2, d3, ...capped] = timers.delays;
		expect(d1).toBeGreaterThanOrEqual(700);
		expect(d1).toBeLessThanOrEqual(1300);
		expect(d2).toBeGreaterThanOrEqual(1400);
		expect(d2).toBeLessThanOrEqual(2600);
		expect(d3).toBeGreaterThanOrEqual(2800);
		expect(d3).toBeLessThanOrEqual(5200);
		for (const delay of capped) {
			expect(delay).toBeGreaterThanOrEqual(5600);
			expect(delay).toBeLessThanOrEqual(8000);
		}
		expect(new Set(timers.delays).size).toBeGreaterThan(1);

		broker = await startDemoBroker({ wsPort, mqttPort });
		cleanups.unshift(() => broker.stop());
		timers.fire();
		status = await until('connected');
		expect(status.sessionPresent).toBe(false);
		// No session on the broker: the session subscribed again on its own.
		await expect
			.poll(
				async () => {
					await publishFromDevice(broker, 'room/temp', '21.5');
					await ingest.flush();
					return received.some((r) => r.topic === 'room/temp');
					// Reconnect and resubscribe take more than poll's default second on a busy machine.
				},
				{ timeout: 10_000 }
			)
			.toBe(true);
		// The first message after the outage carries it, so the list can show the gap.
		const first = received.find((r) => r.topic === 'room/temp');
		expect(first?.gapBefore?.from).toBeLessThan(first?.gapBefore?.to ?? 0);
		expect(received.filter((r) => r.gapBefore)).toHaveLength(1);
	});

	it('keeps QoS 1 publishes made while reconnecting and sends them on reconnect', async () => {
		let broker = await startDemoBroker({ wsPort: 0, mqttPort: 0 });
		const { wsPort, mqttPort } = broker;
		const { session, timers, received, ingest, until } = await setup(broker);
		session.start();
		await until('connected');
		await broker.stop();
		await until('reconnecting');

		const queued = session.publish({
			topic: 'room/lamp',
			payload: new TextEncoder().encode('on'),
			qos: 1,
			retain: false
		});
		expect(queued.queuedOffline).toBe(true);
		expect(queued.state).toBe('pending');

		broker = await startDemoBroker({ wsPort, mqttPort });
		cleanups.unshift(() => broker.stop());
		timers.fire();
		await until('connected');
		await expect.poll(() => queued.state, { timeout: 5000 }).toBe('acknowledged');
		await ingest.flush();
		expect(received.filter((r) => r.direction === 'out' && r.topic === 'room/lamp')).toHaveLength(
			2
		);
	});
});

describe('Session back from the pocket', () => {
	/** The first record after the gap, once a device published on `room/…` and it was stored. */
	async function firstAfterGap(broker: Broker, ingest: Ingest, received: MessageRecord[]) {
		// Published until seen: the subscription is made again after a reconnect without a session.
		await expect
			.poll(
				async () => {
					await publishFromDevice(broker, 'room/back', 'hello');
					await ingest.flush();
					return received.some((r) => r.topic === 'room/back');
					// Reconnect and resubscribe take more than poll's default second on a busy machine.
				},
				{ timeout: 10_000 }
			)
			.toBe(true);
		return received.filter((r) => r.gapBefore);
	}

	it('a drop noticed on return is retried at once, with the gap from when the page left', async () => {
		let broker = await startDemoBroker({ wsPort: 0, mqttPort: 0 });
		const { wsPort, mqttPort } = broker;
		const clock = new ManualClock();
		const { session, timers, received, ingest, until } = await setup(broker, {}, clock);
		session.start();
		await until('connected');
		const awaySince = (clock.time += 10_000);
		// The worker thaws and first sees the socket the broker closed while the page was away.
		await broker.stop();
		clock.time += 60_000;
		await until('reconnecting');
		const backoffWait = timers.delays.at(-1);
		expect(backoffWait).toBeGreaterThanOrEqual(700);
		broker = await startDemoBroker({ wsPort, mqttPort });
		cleanups.unshift(() => broker.stop());

		// The page says it is back: no waiting out the backoff (the test never fires that timer).
		session.checkAlive(awaySince);
		await until('connected');
		expect(timers.delays.at(-1)).toBe(backoffWait);
		const marked = await firstAfterGap(broker, ingest, received);
		expect(marked).toHaveLength(1);
		expect(marked[0].gapBefore).toEqual({ from: awaySince, to: clock.time });
	});

	it('a session started after an engine died marks its first message with the gap since then', async () => {
		const broker = await startDemoBroker({ wsPort: 0, mqttPort: 0 });
		cleanups.push(() => broker.stop());
		const clock = new ManualClock();
		const lastHeard = clock.time - 12_000;
		const { session, ingest, received, until } = await setup(broker, {}, clock, lastHeard);
		session.start();
		await until('connected');
		await expect
			.poll(async () => {
				await publishFromDevice(broker, 'room/after', 'hello');
				await ingest.flush();
				return received.length;
			})
			.toBeGreaterThan(0);
		expect(received[0].gapBefore).toEqual({ from: lastHeard, to: clock.time });
		expect(received.filter((r) => r.gapBefore)).toHaveLength(1);
	});

	it('a silent dead connection fails a short probe and is replaced with no backoff wait', async () => {
		const broker = await startDemoBroker({ wsPort: 0, mqttPort: 0 });
		cleanups.unshift(() => broker.stop());
		const clock = new ManualClock();
		const { session, timers, statuses, received, ingest, until } = await setup(broker, {}, clock);
		session.start();
		await until('connected');
		const awaySince = (clock.time += 5000);
		clock.time += 30_000;
		session.checkAlive(awaySince);
		// The probe's PINGRESP timeout is short; firing it now stands for a broker that never answered.
		expect(timers.delays.at(-1)).toBe(1000);
		timers.fire();
		await until('reconnecting');
		expect(timers.delays.at(-1)).toBe(0);
		expect(statuses.at(-1)?.reason).toMatch(/stopped answering/);
		timers.fire();
		await until('connected');
		const marked = await firstAfterGap(broker, ingest, received);
		expect(marked).toHaveLength(1);
		// The app last received before it left: the gap starts when the page did.
		expect(marked[0].gapBefore).toEqual({ from: awaySince, to: clock.time });
	});

	it('a worker that kept receiving while hidden starts the gap at its last packet', async () => {
		const broker = await startDemoBroker({ wsPort: 0, mqttPort: 0 });
		cleanups.unshift(() => broker.stop());
		const clock = new ManualClock();
		const { session, timers, received, ingest, until } = await setup(broker, {}, clock);
		session.start();
		await until('connected');
		const awaySince = (clock.time += 5000);
		// Hidden but not frozen: a message still arrives a minute later.
		const lastPacketAt = (clock.time += 60_000);
		await firstAfterGap(broker, ingest, received);
		clock.time += 30_000;
		session.checkAlive(awaySince);
		timers.fire();
		await until('reconnecting');
		timers.fire();
		await until('connected');
		received.length = 0;
		const marked = await firstAfterGap(broker, ingest, received);
		expect(marked).toHaveLength(1);
		expect(marked[0].gapBefore).toEqual({ from: lastPacketAt, to: clock.time });
	});

	it('a connection that survived the absence answers the probe: no reconnect, no gap', async () => {
		const broker = await startDemoBroker({ wsPort: 0, mqttPort: 0 });
		cleanups.unshift(() => broker.stop());
		const clock = new ManualClock();
		const { session, timers, statuses, received, ingest, until } = await setup(broker, {}, clock);
		session.start();
		await until('connected');
		const statesBefore = statuses.length;
		const awaySince = clock.time;
		clock.time += 30_000;
		session.checkAlive(awaySince);
		expect(timers.pending).toBe(true);
		// PINGRESP clears the probe's timer before it could declare the connection dead.
		await expect.poll(() => timers.pending).toBe(false);
		expect(session.status.state).toBe('connected');
		expect(statuses.length).toBe(statesBefore);
		expect(await firstAfterGap(broker, ingest, received)).toEqual([]);
		expect(received.some((r) => r.topic === 'room/back')).toBe(true);
	});
});

describe('Session over a cluster (several broker nodes)', () => {
	/** Two demo brokers, the nodes of one "cluster", stopped after the test. */
	async function twoNodes() {
		const nodes = [
			await startDemoBroker({ wsPort: 0, mqttPort: 0 }),
			await startDemoBroker({ wsPort: 0, mqttPort: 0 })
		];
		let stopped = [false, false];
		cleanups.unshift(async () => {
			for (const [i, node] of nodes.entries()) if (!stopped[i]) await node.stop();
		});
		const stop = async (i: number) => {
			stopped = stopped.map((s, j) => s || j === i);
			await nodes[i].stop();
		};
		return { nodes, stop };
	}

	it('a first connect refused by node 1 goes on to node 2 at once and says so', async () => {
		const { nodes, stop } = await twoNodes();
		await stop(0);
		const { session, timers, until } = await setup(nodes[0], {
			failoverUrls: [nodes[1].wsUrl]
		});
		session.start();
		await expect.poll(() => timers.pending, { timeout: 5000 }).toBe(true);
		// Node 1's failure is reported while node 2 is tried, with no backoff wait.
		expect(session.status).toMatchObject({ state: 'connecting', url: nodes[1].wsUrl });
		expect(session.status.reason).toMatch(/failed/);
		expect(timers.delays).toEqual([0]);
		timers.fire();
		const status = await until('connected');
		expect(status.url).toBe(nodes[1].wsUrl);
	});

	it('a first connect that no node answers is reported once every node was tried', async () => {
		const { nodes, stop } = await twoNodes();
		await stop(0);
		await stop(1);
		const { session, timers, until } = await setup(nodes[0], {
			failoverUrls: [nodes[1].wsUrl]
		});
		session.start();
		await expect.poll(() => timers.pending, { timeout: 5000 }).toBe(true);
		timers.fire();
		const status = await until('disconnected');
		expect(status.url).toBe(nodes[1].wsUrl);
		expect(status.reason).toMatch(/WebSocket connection to 127\.0\.0\.1:\d+ failed/);
		expect(timers.delays).toEqual([0]);
	});

	it('a lost connection is retried on the next node within the backoff, and the gap is marked', async () => {
		const { nodes, stop } = await twoNodes();
		const { session, timers, received, ingest, until } = await setup(nodes[0], {
			failoverUrls: [nodes[1].wsUrl]
		});
		session.start();
		expect((await until('connected')).url).toBe(nodes[0].wsUrl);
		await stop(0);

		const status = await until('reconnecting');
		expect(status.url).toBe(nodes[1].wsUrl);
		expect(status.attempt).toBe(1);
		// The profile's backoff (1 s, ±30 % jitter) and not an immediate hammering of node 2.
		expect(timers.delays[0]).toBeGreaterThanOrEqual(700);
		expect(timers.delays[0]).toBeLessThanOrEqual(1300);
		timers.fire();
		expect((await until('connected')).url).toBe(nodes[1].wsUrl);
		expect(session.nodeProfile.url).toBe(nodes[1].wsUrl);

		await expect
			.poll(
				async () => {
					await publishFromDevice(nodes[1], 'room/temp', '22');
					await ingest.flush();
					return received.some((r) => r.topic === 'room/temp');
				},
				{ timeout: 10_000 }
			)
			.toBe(true);
		const marked = received.filter((r) => r.gapBefore);
		expect(marked).toHaveLength(1);
		expect(marked[0].topic).toBe('room/temp');
	});

	it('goes round the nodes: after the last comes the first again', async () => {
		const { nodes, stop } = await twoNodes();
		const { session, timers, until } = await setup(nodes[0], {
			failoverUrls: [nodes[1].wsUrl]
		});
		session.start();
		await until('connected');
		await stop(0);
		await until('reconnecting');
		await stop(1);
		timers.fire();
		// Node 2 is down too: the next attempt is node 1 again, after a longer wait.
		await expect.poll(() => session.status.attempt, { timeout: 5000 }).toBe(2);
		expect(session.status.url).toBe(nodes[0].wsUrl);
		expect(timers.delays[1]).toBeGreaterThanOrEqual(1400);
	});

	it('a one-URL profile keeps its one node', async () => {
		const { nodes, stop } = await twoNodes();
		const { session, until } = await setup(nodes[0]);
		session.start();
		await until('connected');
		await stop(0);
		expect((await until('reconnecting')).url).toBe(nodes[0].wsUrl);
	});
});
