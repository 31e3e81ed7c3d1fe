/**
 * Nothing acknowledged is lost (issue #10): a Node publisher floods a private Mosquitto
 * (persistence on) at about 2,000 messages/s while the app, on a persistent session (clean
 * start off, fixed client ID, session expiry 1 h), is reloaded, closed and reopened, or sees
 * the broker stopped with SIGTERM and started again. Afterwards the app's own NDJSON export is
 * counted against what the broker acknowledged to the publisher: at QoS 1 every acknowledged
 * message is in the history (at least once), at QoS 2 exactly once. The app acknowledges a
 * message only once its history batch is in IndexedDB, so whatever the broker let go of is
 * stored, and whatever was not stored is still at the broker.
 *
 * A storage quota that fills up mid-flood (CDP Storage.overrideQuotaForOrigin) makes the app
 * say storage is full; the messages it could not store stay unacknowledged at the broker and
 * arrive once there is room and the app reconnects.
 */
import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from '@playwright/test';
import type { MqttClient } from 'mqtt';
import { connect, connectionState, openApp, uniquePrefix } from '../support/app';
import { createConnectionProfile, randomId } from '../support/connection-profile';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test, type Broker } from '../support/fixtures';
import { launchOwnChromium } from '../support/own-chromium';

/** About 2,000 messages/s: 20 every 10 ms. */
const PER_TICK = 20;
const TICK_MS = 10;

/** What a flood ends with: the numbers the broker acknowledged, and how many were sent. */
interface FloodResult {
	acknowledged: Set<number>;
	sent: number;
}

/**
 * Publishes `{"seq":n}` on `topic` at about 2,000 messages/s from Node over TCP, reconnecting
 * (a new connection, so nothing is ever resent) when the broker goes away. A number counts
 * once the broker acknowledged it (PUBACK, or PUBCOMP at QoS 2).
 */
function flood(port: number, topic: string, qos: 1 | 2) {
	const acknowledged = new Set<number>();
	let sent = 0;
	let client: MqttClient | undefined;
	let connecting = false;
	let stopped = false;
	const reconnect = async () => {
		if (connecting || stopped) return;
		connecting = true;
		try {
			client = await connectExternal(port);
			client.on('error', () => undefined);
		} catch {
			client = undefined;
		} finally {
			connecting = false;
		}
	};
	const timer = setInterval(() => {
		if (!client?.connected) {
			if (client) void closeExternal(client);
			client = undefined;
			void reconnect();
			return;
		}
		for (let i = 0; i < PER_TICK; i++) {
			const seq = ++sent;
			client.publish(topic, JSON.stringify({ seq }), { qos }, (error) => {
				if (!error) acknowledged.add(seq);
			});
		}
	}, TICK_MS);
	void reconnect();
	return {
		/** Stops publishing, waits for the last acknowledgements and closes the publisher. */
		async stop(): Promise<FloodResult> {
			clearInterval(timer);
			stopped = true;
			const deadline = Date.now() + 5_000;
			while (client?.connected && acknowledged.size < sent && Date.now() < deadline) {
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
			if (client) await closeExternal(client);
			return { acknowledged, sent };
		}
	};
}

/** The number in the message count ("16,250"). */
async function messageCount(page: Page): Promise<number> {
	return Number((await page.getByTestId('message-count').innerText()).replace(/\D/g, ''));
}

/**
 * Waits until the count reaches `atLeast` (or gives up after two minutes, so the count of what
 * is missing is reported) and then stays put for a second and a half.
 */
async function settledCount(page: Page, atLeast: number): Promise<number> {
	await expect
		.poll(() => messageCount(page), { timeout: 120_000, intervals: [250] })
		.toBeGreaterThanOrEqual(atLeast)
		.catch(() => undefined);
	let last = -1;
	await expect
		.poll(
			async () => {
				const now = await messageCount(page);
				const still = now === last;
				last = now;
				return still;
			},
			{ timeout: 30_000, intervals: [1_500] }
		)
		.toBe(true);
	return last;
}

/** The sequence numbers in the app's history of `topic`, read through its NDJSON export. */
async function storedSeqs(page: Page, topic: string): Promise<number[]> {
	const panel = page.getByRole('region', { name: 'Export and import' });
	if (!(await panel.isVisible()))
		await page.getByRole('button', { name: 'Export / import' }).click();
	await panel.getByLabel('Format').selectOption('ndjson');
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		panel.getByRole('button', { name: 'Export', exact: true }).click()
	]);
	const text = (await readFile(await download.path())).toString('utf8');
	return text
		.trimEnd()
		.split('\n')
		.slice(1)
		.map((line) => JSON.parse(line) as { topic: string; payloadText: string })
		.filter((m) => m.topic === topic)
		.map((m) => (JSON.parse(m.payloadText) as { seq: number }).seq);
}

/** A persistent-session profile on `broker`, connected and subscribed to `prefix/#` at `qos`. */
async function connectPersistent(
	page: Page,
	broker: Broker,
	prefix: string,
	qos: 1 | 2,
	path = '/'
) {
	await openApp(page, path);
	await createConnectionProfile(page, {
		name: 'Chaos',
		url: broker.wsUrl,
		clientId: randomId('chaos'),
		cleanStart: false,
		sessionExpiry: 3600,
		subscriptions: [{ filter: `${prefix}/#`, qos }]
	});
	await connect(page);
	await expect(page.getByTestId('subscription').filter({ hasText: `${prefix}/#` })).toContainText(
		`QoS ${qos}`
	);
}

/** What the chaos does to the app mid-flood; returns the page the app then runs in. */
type Chaos = (page: Page, context: BrowserContext, broker: Broker) => Promise<Page>;

const chaoses: Record<string, Chaos> = {
	'reload mid-flood': async (page) => {
		await page.reload();
		await expectReconnectedOnOpen(page);
		return page;
	},
	'close the page and reopen it mid-flood': async (page, context) => {
		await page.close();
		const reopened = await context.newPage();
		await openApp(reopened);
		await expectReconnectedOnOpen(reopened);
		return reopened;
	},
	'broker SIGTERM and restart mid-flood': async (page, _context, broker) => {
		await broker.restart();
		await expect(connectionState(page)).toHaveAttribute('data-state', 'connected', {
			timeout: 30_000
		});
		return page;
	}
};

/** The app connected the profile again by itself and said so. */
async function expectReconnectedOnOpen(page: Page): Promise<void> {
	await expect(page.getByTestId('reconnect-notice')).toContainText('Reconnected “Chaos”', {
		timeout: 15_000
	});
	await expect(connectionState(page)).toHaveAttribute('data-state', 'connected');
}

for (const qos of [1, 2] as const) {
	for (const [name, chaos] of Object.entries(chaoses)) {
		test(`QoS ${qos}, ${name}: nothing the broker acknowledged is lost${qos === 2 ? ' or stored twice' : ''}`, async ({
			page,
			context,
			startBroker
		}) => {
			test.setTimeout(240_000);
			const broker = await startBroker({ persistence: true, maxQueued: 1_000_000 });
			const prefix = uniquePrefix('chaos');
			const topic = `${prefix}/n`;
			await connectPersistent(page, broker, prefix, qos);

			const stream = flood(broker.mqttPort, topic, qos);
			let result: FloodResult | undefined;
			try {
				await expect.poll(() => messageCount(page), { timeout: 20_000 }).toBeGreaterThan(2_000);
				page = await chaos(page, context, broker);
				// The flood goes on for a while after the app is back.
				const back = await messageCount(page);
				await expect
					.poll(() => messageCount(page), { timeout: 30_000 })
					.toBeGreaterThan(back + 4_000);
			} finally {
				result = await stream.stop();
			}
			const { acknowledged, sent } = result;
			const total = await settledCount(page, acknowledged.size);
			const seqs = await storedSeqs(page, topic);
			expect(seqs).toHaveLength(total);

			const stored = new Set(seqs);
			const lost = [...acknowledged].filter((seq) => !stored.has(seq));
			const duplicated = seqs.length - stored.size;
			test.info().annotations.push({
				type: 'chaos',
				description: JSON.stringify({
					qos,
					name,
					sent,
					acknowledged: acknowledged.size,
					stored: seqs.length,
					lost: lost.length,
					duplicated
				})
			});
			console.log(
				`chaos QoS ${qos} ${name}: sent ${sent}, acknowledged ${acknowledged.size}, ` +
					`stored ${seqs.length}, lost ${lost.length}, duplicated ${duplicated}`
			);
			// The flood mattered: over 2,000 stored before the chaos and 4,000 more after it (how many
			// that is in all depends on the machine's pace, so no tighter figure).
			expect(acknowledged.size).toBeGreaterThan(5_000);
			expect(lost).toEqual([]);
			if (qos === 2) expect(duplicated).toBe(0);
		});
	}
}

// FIXME: Chromium 156 takes the quota override (Storage.getUsageAndQuota then reports quota 1,
// overrideActive true) but neither navigator.storage.estimate() nor IndexedDB writes honour it,
// in Playwright's contexts or in a Chromium with a real profile, so storage never fills here.
// What this would show is unit-tested: ack-gate.spec.ts (a failed batch is never acknowledged,
// a QoS 2 receipt is kept) and history-keeper.spec.ts (a quota error reaches the ingest).
test.fixme('storage full mid-flood: the app says so and the messages it could not store stay at the broker', async ({
	startBroker,
	appUrl
}) => {
	test.setTimeout(180_000);
	// Chromium applies a quota override only to a real profile, not to Playwright's incognito
	// contexts: this test runs in a Chromium of its own.
	const chromium = await launchOwnChromium();
	try {
		const page = await chromium.context.newPage();
		await page.setViewportSize({ width: 1280, height: 800 });
		const broker = await startBroker({ persistence: true, maxQueued: 1_000_000 });
		const prefix = uniquePrefix('quota');
		const topic = `${prefix}/n`;
		await connectPersistent(page, broker, prefix, 1, `${appUrl}/`);
		// Less room than the site already uses, from an empty history (so the app has nothing
		// old to remove to make room): every message write fails.
		const cdp = await chromium.context.newCDPSession(page);
		const origin = new URL(appUrl).origin;
		await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
		const { quota, overrideActive } = await cdp.send('Storage.getUsageAndQuota', { origin });
		expect({ quota, overrideActive }).toEqual({ quota: 1, overrideActive: true });

		const stream = flood(broker.mqttPort, topic, 1);
		let result: FloodResult | undefined;
		try {
			await expect(page.getByRole('alert').filter({ hasText: 'Storage is full' })).toBeVisible({
				timeout: 20_000
			});
			await new Promise((resolve) => setTimeout(resolve, 2_000));
			expect(await messageCount(page)).toBe(0);
		} finally {
			result = await stream.stop();
		}
		const { acknowledged } = result;
		expect(acknowledged.size).toBeGreaterThan(2_000);

		// Room again; the user reconnects as the notice says, and the broker sends what it kept.
		await cdp.send('Storage.overrideQuotaForOrigin', { origin });
		const bar = page.getByRole('region', { name: 'Connection' });
		await bar.getByRole('button', { name: 'Disconnect' }).click();
		await expect(connectionState(page)).toHaveAttribute('data-state', 'disconnected');
		await connect(page);
		await settledCount(page, acknowledged.size);
		const stored = new Set(await storedSeqs(page, topic));
		const lost = [...acknowledged].filter((seq) => !stored.has(seq));
		console.log(
			`chaos storage full: acknowledged ${acknowledged.size}, stored ${stored.size}, lost ${lost.length}`
		);
		expect(lost).toEqual([]);
	} finally {
		await chromium.close();
	}
});
