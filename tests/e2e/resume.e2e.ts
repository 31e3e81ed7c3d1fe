/**
 * Back from the pocket: a phone freezes the page (and its engine worker) while it is away. The
 * page is frozen for real through the DevTools protocol (Page.setWebLifecycleState), the broker
 * drops the socket meanwhile, and on resume the app finds the dead connection, replaces it at
 * once, marks the time away and receives what its persistent session queued. Timing is measured
 * by bench/resume.js, never asserted here.
 *
 * A WebSocket never survives a real freeze in Chromium 156: on resume the browser closes it
 * (1001 "going away"), whether or not anything arrived meanwhile. What survives is a page that
 * was only hidden (the screen off, another tab in front): that is the no-reconnect case.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { connect, connectionState, openApp, rowsFor, uniquePrefix } from '../support/app';
import { createConnectionProfile, randomId } from '../support/connection-profile';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test as base, type Broker } from '../support/fixtures';
import { launchFreezableBrowser, type FreezableBrowser } from '../support/freezable-browser';

/** The e2e test with a page that can be frozen (its own Chromium, see freezable-browser.ts). */
const test = base.extend<{ pocket: FreezableBrowser }>({
	pocket: async ({ appUrl }, use) => {
		const pocket = await launchFreezableBrowser();
		try {
			await openApp(pocket.page, `${appUrl}/`);
			await use(pocket);
		} finally {
			await pocket.close();
		}
	}
});

/** Publishes one QoS 1 message from a device over TCP. */
async function publishFromDevice(broker: Broker, topic: string, payload: string): Promise<void> {
	const device = await connectExternal(broker.mqttPort);
	try {
		await device.publishAsync(topic, payload, { qos: 1 });
	} finally {
		await closeExternal(device);
	}
}

/** How many times Mosquitto's log (kept across restarts) saw this client connect. */
function connectsOf(broker: Broker, clientId: string): number {
	return readFileSync(broker.logPath, 'utf8')
		.split('\n')
		.filter((line) => line.includes('New client connected') && line.includes(` as ${clientId} `))
		.length;
}

/** Seconds since midnight of a clock label, "15:04:05" or "03:04:05 PM" (the browser's locale). */
function secondsOfLabel(label: string): number {
	const [, h, m, s, half] = /^(\d\d):(\d\d):(\d\d)(?:\s*([AP]M))?$/i.exec(label.trim()) ?? [];
	const hours = (Number(h) % (half ? 12 : 24)) + (half?.toUpperCase() === 'PM' ? 12 : 0);
	return hours * 3600 + Number(m) * 60 + Number(s);
}

/** Seconds since midnight of a time in ms, in the browser's time zone, as its clock shows it. */
function secondsOfTime(page: Page, ms: number): Promise<number> {
	return page.evaluate((time) => {
		const d = new Date(time);
		return d.getHours() * 3600 + d.getMinutes() * 60 + d.getSeconds();
	}, ms);
}

/** Connects a persistent QoS 1 session (clean start off) subscribed to `${prefix}/#`. */
async function connectPersistent(page: Page, broker: Broker, prefix: string, clientId: string) {
	await createConnectionProfile(page, {
		name: 'Pocket',
		url: broker.wsUrl,
		clientId,
		cleanStart: false,
		sessionExpiry: 600,
		keepalive: 60,
		// A long backoff: only the return path can reconnect before it runs out.
		backoffMin: 30,
		backoffMax: 60,
		subscriptions: [{ filter: `${prefix}/#`, qos: 1 }]
	});
	await connect(page);
	await publishFromDevice(broker, `${prefix}/before`, 'before');
	await expect(rowsFor(page, `${prefix}/before`)).toHaveCount(1);
}

test('frozen while the broker drops the socket: on resume it reconnects, marks the gap, gets the queue', async ({
	pocket,
	startBroker
}) => {
	test.setTimeout(60_000);
	const { page } = pocket;
	const broker = await startBroker({ persistence: true });
	const p = uniquePrefix('pocket');
	const clientId = randomId('pocket');
	await connectPersistent(page, broker, p, clientId);
	// Let the broker save the session and its subscription (autosave every second).
	await page.waitForTimeout(1500);

	// As in a pocket: the screen goes off (hidden), then Chrome freezes the tab.
	const hiddenAt = Date.now();
	await pocket.hide();
	await page.waitForTimeout(1000);
	await pocket.freeze();
	// While frozen: the broker restarts (dropping the socket) and a device publishes.
	await broker.restart();
	await publishFromDevice(broker, `${p}/away`, 'while you were away');
	await page.waitForTimeout(2000); // an absence of measurable length
	const resumedAt = Date.now();
	await pocket.resume();

	// The backoff is 30 s or more: connected within this wait means the return path reconnected.
	await expect(connectionState(page)).toHaveAttribute('data-state', 'connected', {
		timeout: 15_000
	});
	const away = rowsFor(page, `${p}/away`);
	await expect(away.getByTestId('message-preview')).toHaveText('while you were away');
	await expect(away.getByTestId('after-reconnect')).toHaveText('queued');
	const marker = away.getByTestId('gap-marker');
	await expect(marker).toBeVisible();
	const [, from, to] = /^offline (.+) – (.+)$/.exec(await marker.innerText()) ?? ['', '', ''];
	// The gap covers the time away: from when the page was hidden, not when the drop was noticed.
	const hiddenSecond = await secondsOfTime(page, hiddenAt);
	expect(secondsOfLabel(from)).toBeLessThanOrEqual(hiddenSecond + 1);
	expect(secondsOfLabel(from)).toBeGreaterThanOrEqual(hiddenSecond - 1);
	expect(secondsOfLabel(to)).toBeGreaterThanOrEqual(await secondsOfTime(page, resumedAt));
	// Only the first message after the gap is marked; the app connected twice in all.
	await expect(rowsFor(page, `${p}/before`).getByTestId('gap-marker')).toHaveCount(0);
	expect(connectsOf(broker, clientId)).toBe(2);
});

test('hidden while the connection survives: back in view, no reconnect and no gap', async ({
	pocket,
	startBroker
}) => {
	test.setTimeout(60_000);
	const { page } = pocket;
	const broker = await startBroker({ persistence: true });
	const p = uniquePrefix('pocket-alive');
	const clientId = randomId('pocket-alive');
	await connectPersistent(page, broker, p, clientId);
	// Every state the connection pill takes from here on, kept in the page.
	await page.evaluate(() => {
		const pill = document.querySelector('[data-testid="connection-state"]');
		if (!pill) throw new Error('no connection state on screen');
		const states: string[] = [];
		(window as unknown as { connectionStates: string[] }).connectionStates = states;
		new MutationObserver(() => states.push(pill.getAttribute('data-state') ?? '')).observe(pill, {
			attributes: true,
			attributeFilter: ['data-state']
		});
	});

	await pocket.hide();
	await publishFromDevice(broker, `${p}/away`, 'while hidden');
	await page.waitForTimeout(2000);
	await pocket.show();

	await expect(rowsFor(page, `${p}/away`).getByTestId('message-preview')).toHaveText(
		'while hidden'
	);
	// Outlast the return probe's PINGRESP wait (1 s) before judging that nothing changed.
	await page.waitForTimeout(2000);
	await expect(connectionState(page)).toHaveAttribute('data-state', 'connected');
	const states = await page.evaluate(
		() => (window as unknown as { connectionStates: string[] }).connectionStates
	);
	expect(states).toEqual([]);
	await expect(page.getByTestId('gap-marker')).toHaveCount(0);
	expect(connectsOf(broker, clientId)).toBe(1);
});
