/**
 * Broker clusters: two Mosquitto nodes bridged to each other, and the app surviving the death
 * (SIGKILL) of the node it is connected to, mid-stream. Once with a profile that lists both
 * nodes (the app moves to node 2 and says so), once through HAProxy in front of both (one
 * address; HAProxy moves the connection).
 *
 * The bridge is one bridge connection on node 1 with `topic … both 1`: messages cross it both
 * ways at QoS 1. (A second bridge from node 2 back to node 1 on the same topics would loop every
 * message between the nodes: loop prevention only keeps a bridge from echoing its own.)
 *
 * What is counted: a device publishes a numbered QoS 1 stream to node 2; a witness subscribed
 * on node 2 proves node 2 holds every number. The app is on node 1 (it gets the stream over the
 * bridge) when node 1 is killed. Messages node 2 accepted while the app had no subscription on
 * any node (after node 1 died, before the app's SUBSCRIBE on node 2) are not held for the app
 * by anyone: that is the gap, and it must be marked. Everything else must be in the app's
 * history, in order: one unbroken run from 1 up to the kill, one unbroken run from the first
 * message on node 2 up to the last number published, and exactly one hole between them, whose
 * first message after it carries the gap marker.
 */
import type { Page } from '@playwright/test';
import { connect, connectionBar, connectionState, openApp, uniquePrefix } from '../support/app';
import { createConnectionProfile, randomId } from '../support/connection-profile';
import { closeExternal, connectExternal, subscribeExternal } from '../support/external-client';
import { expect, test, type Broker, type BrokerOptions } from '../support/fixtures';
import { startHaproxy } from '../support/haproxy';
import { exportedHistory, messageCount, numberedStream } from '../support/numbered-stream';

/** The topics every node bridges; test prefixes (uniquePrefix) live under it. */
const BRIDGED = 'e2e/#';

/** Node 2 alone, then node 1 with its bridge to node 2; resolves once messages cross it. */
async function startCluster(
	startBroker: (options?: BrokerOptions) => Promise<Broker>,
	prefix: string
) {
	const node2 = await startBroker();
	const node1 = await startBroker({
		extraConfig: [
			'connection node1-to-node2',
			`address 127.0.0.1:${node2.mqttPort}`,
			`topic ${BRIDGED} both 1`,
			'cleansession true',
			'restart_timeout 1',
			'notifications false'
		]
	});
	// Published on node 2 until seen on node 1: the bridge connects and subscribes on its own.
	const probe = await connectExternal(node1.mqttPort);
	const device = await connectExternal(node2.mqttPort);
	try {
		await subscribeExternal(probe, `${prefix}/probe`);
		let crossed = false;
		probe.on('message', () => (crossed = true));
		await expect
			.poll(
				async () => {
					await device.publishAsync(`${prefix}/probe`, 'bridge?', { qos: 1 });
					return crossed;
				},
				{ timeout: 20_000 }
			)
			.toBe(true);
	} finally {
		await closeExternal(probe);
		await closeExternal(device);
	}
	return { node1, node2 };
}

interface StreamRecord {
	seq: number;
	time: number;
	gapBefore?: { from: number; to: number };
}

/**
 * Kills node 1 mid-stream with the app on it, waits for the app to be back (on node 2) and
 * checks the history against what node 2 holds, as the file comment says.
 */
async function survivesNodeDeath(
	page: Page,
	cluster: { node1: Broker; node2: Broker },
	prefix: string,
	whenBack: () => Promise<void>
): Promise<void> {
	const topic = `${prefix}/stream`;
	const witness = await connectExternal(cluster.node2.mqttPort);
	const device = await connectExternal(cluster.node2.mqttPort);
	const held: number[] = [];
	witness.on('message', (_t, payload) => held.push(JSON.parse(payload.toString()).seq ?? 0));
	try {
		await subscribeExternal(witness, topic, { qos: 1 });
		const stream = numberedStream(device, topic);
		await expect.poll(() => messageCount(page), { timeout: 20_000 }).toBeGreaterThan(40);

		process.kill(cluster.node1.pid()!, 'SIGKILL');
		await expect(connectionState(page)).toHaveAttribute('data-state', 'reconnecting', {
			timeout: 15_000
		});
		await expect(connectionState(page)).toHaveAttribute('data-state', 'connected', {
			timeout: 30_000
		});
		await whenBack();
		const countBack = await messageCount(page);
		await expect.poll(() => messageCount(page), { timeout: 20_000 }).toBeGreaterThan(countBack + 5);
		const last = await stream.stop();
		await device.publishAsync(topic, JSON.stringify({ end: true }), { qos: 1 });

		// Node 2 holds the whole stream: its witness got every number, once, in order.
		await expect.poll(() => held.length, { timeout: 10_000 }).toBe(last + 1);
		expect(held.slice(0, last)).toEqual(Array.from({ length: last }, (_, i) => i + 1));

		// The end marker is the last message node 2 sends the app: once stored, all before it are.
		let history: Record<string, unknown>[] = [];
		await expect
			.poll(
				async () => {
					history = await exportedHistory(page);
					return history.some((m) => m.payloadText === '{"end":true}');
				},
				{ timeout: 20_000 }
			)
			.toBe(true);
		const seen = new Set<number>();
		const records: StreamRecord[] = [];
		for (const m of history) {
			if (m.topic !== topic || m.payloadText === '{"end":true}') continue;
			const seq = JSON.parse(String(m.payloadText)).seq as number;
			// QoS 1 is at least once: a repeat would not be a loss, and is not counted twice.
			if (seen.has(seq)) continue;
			seen.add(seq);
			records.push({
				seq,
				time: m.time as number,
				gapBefore: m.gapBefore as StreamRecord['gapBefore']
			});
		}
		const seqs = records.map((r) => r.seq);
		const holes = seqs.flatMap((seq, i) => (i > 0 && seq !== seqs[i - 1] + 1 ? [i] : []));
		// In order, from the first number to the last one node 2 acknowledged, broken once.
		expect(seqs[0]).toBe(1);
		expect(seqs.at(-1)).toBe(last);
		expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
		expect(holes).toHaveLength(1);
		const [firstBack] = holes;
		const before = records[firstBack - 1];
		const after = records[firstBack];
		expect(before.seq).toBeGreaterThan(40);
		expect(last - after.seq).toBeGreaterThanOrEqual(5);
		// The gap is marked on the first message after it, and only there, spanning the outage.
		expect(records.filter((r) => r.gapBefore).map((r) => r.seq)).toEqual([after.seq]);
		expect(after.gapBefore!.from).toBeGreaterThanOrEqual(before.time);
		expect(after.gapBefore!.to).toBeLessThanOrEqual(after.time);
		const lost = after.seq - before.seq - 1;
		test.info().annotations.push({
			type: 'counted',
			description: `${last} published and held by node 2; ${seqs.length} in the app's history; ${lost} (numbers ${before.seq + 1}–${after.seq - 1}) published while the app had no subscription on any node, inside the marked gap`
		});

		// On screen too: the first message after the gap, found by its number, shows the marker.
		const filter = page.getByRole('search', { name: 'Filter messages' });
		await filter.getByLabel('Payload text').fill(`"seq":${after.seq}}`);
		const row = page.getByTestId('filtered-list').getByTestId('message-row');
		await expect(row).toHaveCount(1, { timeout: 15_000 });
		await expect(row.getByTestId('gap-marker')).toBeVisible();
	} finally {
		await closeExternal(witness);
		await closeExternal(device);
	}
}

test.describe('a broker cluster loses a node mid-stream', () => {
	test.setTimeout(150_000);

	test('a profile listing both nodes moves to node 2, shows it, marks the gap and loses nothing node 2 holds', async ({
		page,
		startBroker
	}) => {
		const p = uniquePrefix('cluster');
		const cluster = await startCluster(startBroker, p);
		await openApp(page);
		await createConnectionProfile(page, {
			name: 'Cluster',
			url: cluster.node1.wsUrl,
			failoverUrls: [cluster.node2.wsUrl],
			clientId: randomId('cluster'),
			backoffMin: 1,
			backoffMax: 2,
			subscriptions: [{ filter: `${p}/stream`, qos: 1 }]
		});
		await connect(page);
		const bar = connectionBar(page);
		await expect(bar.getByTestId('connection-node')).toHaveText('· node 1');
		await expect(bar.getByTestId('connection-url')).toHaveText(
			`${cluster.node1.wsUrl} (node 1 of 2)`
		);

		await survivesNodeDeath(page, cluster, p, async () => {
			await expect(bar.getByTestId('connection-node')).toHaveText('· node 2');
			await expect(bar.getByTestId('connection-url')).toHaveText(
				`${cluster.node2.wsUrl} (node 2 of 2)`
			);
		});
	});

	test('a profile through HAProxy in front of both nodes reconnects through it, marks the gap and loses nothing node 2 holds', async ({
		page,
		startBroker
	}) => {
		const p = uniquePrefix('haproxy');
		const cluster = await startCluster(startBroker, p);
		const haproxy = await startHaproxy([cluster.node1.wsPort, cluster.node2.wsPort]);
		try {
			await openApp(page);
			await createConnectionProfile(page, {
				name: 'Behind HAProxy',
				url: haproxy.wsUrl,
				clientId: randomId('haproxy'),
				backoffMin: 1,
				backoffMax: 2,
				subscriptions: [{ filter: `${p}/stream`, qos: 1 }]
			});
			await connect(page);
			// One address: there is no node of the profile's to name.
			await expect(connectionBar(page).getByTestId('connection-node')).toHaveCount(0);
			await survivesNodeDeath(page, cluster, p, async () => {
				await expect(connectionBar(page).getByTestId('connection-url')).toHaveText(haproxy.wsUrl);
			});
		} finally {
			await haproxy.stop();
		}
	});
});
