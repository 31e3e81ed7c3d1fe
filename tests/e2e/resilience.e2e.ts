/**
 * Connections that survive the field: backoff with a visible countdown, liveness checks when
 * the network returns, and no QoS 1/2 message lost to a broker restart or a page reload.
 * Every test stops or freezes a private broker (startBroker), never the shared one.
 */
import type { Page } from '@playwright/test';
import mqtt, { type MqttClient } from 'mqtt';
import {
	connect,
	connectionBar,
	connectionState,
	openApp,
	profileButton,
	rowsFor,
	uniquePrefix
} from '../support/app';
import { createConnectionProfile, randomId } from '../support/connection-profile';
import {
	closeExternal,
	connectExternal,
	subscribeExternal,
	type Received
} from '../support/external-client';
import { expect, test } from '../support/fixtures';

/** Sets the Publish panel's topic and QoS, like a user would. */
async function preparePublish(page: Page, topic: string, qos: 1 | 2): Promise<void> {
	const panel = page.getByRole('region', { name: 'Publish' });
	await panel.getByLabel('Publish topic').fill(topic);
	await panel.getByLabel('Publish QoS').selectOption({ label: `QoS ${qos}` });
}

/**
 * Types payloads from..to-1 into the Publish panel one by one and presses Publish after each,
 * from inside the page: Playwright's own fill+click per message would take minutes for
 * thousands. Waits (as a user would) while Publish is disabled, i.e. while not connected.
 */
function publishSequence(page: Page, from: number, to: number): Promise<void> {
	return page.evaluate(
		async ([start, end]) => {
			const panel = document.querySelector('section[aria-label="Publish"]');
			const payload = panel?.querySelector<HTMLTextAreaElement>('textarea[aria-label="Payload"]');
			const button = panel?.querySelector<HTMLButtonElement>('button[type="submit"]');
			if (!payload || !button) throw new Error('Publish panel not found');
			const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
			for (let i = start; i < end; i++) {
				while (button.disabled) await pause(20);
				payload.value = String(i);
				payload.dispatchEvent(new Event('input', { bubbles: true }));
				button.click();
				// Let the page render and talk to the worker now and then, as between real clicks.
				if (i % 25 === 0) await pause(0);
			}
		},
		[from, to]
	);
}

/** Every message a subscriber receives, across its reconnects. */
/** The number in a formatted count such as "1,250". */
function countOf(text: string): number {
	return Number(text.replace(/\D/g, ''));
}

function recordAll(client: MqttClient): Received[] {
	const all: Received[] = [];
	client.on('message', (topic, payload, packet) => all.push({ topic, payload, packet }));
	return all;
}

function payloadsOf(all: Received[], topic: string): string[] {
	return all.filter((m) => m.topic === topic).map((m) => m.payload.toString());
}

test('broker restart during 1,000 QoS 1 + 1,000 QoS 2 publishes: nothing lost, QoS 2 once', async ({
	page,
	startBroker
}) => {
	test.setTimeout(120_000);
	const COUNT = 1000;
	const broker = await startBroker({ persistence: true });
	const p = uniquePrefix('restart');
	// A persistent subscriber the broker keeps and queues for. It is offline while the app
	// publishes, so the restart tests the app → broker leg alone: Mosquitto 2.0.11 re-sends
	// QoS 2 messages that were in flight to a subscriber across its own restart (DUP set,
	// broker → subscriber), which no publisher can prevent.
	const subscriberOptions = {
		clientId: randomId('restart-sub'),
		clean: false,
		properties: { sessionExpiryInterval: 300 },
		reconnectPeriod: 200
	};
	const setup = await connectExternal(broker.mqttPort, subscriberOptions);
	await subscribeExternal(setup, `${p}/#`, { qos: 2 });
	await setup.endAsync();
	let subscriber: MqttClient | undefined;
	try {
		await openApp(page);
		await createConnectionProfile(page, {
			name: 'Restart publisher',
			url: broker.wsUrl,
			clientId: randomId('restart-pub'),
			cleanStart: false,
			sessionExpiry: 300,
			backoffMin: 0,
			backoffMax: 1
		});
		await connect(page);

		for (const qos of [1, 2] as const) {
			const topic = `${p}/q${qos}`;
			await preparePublish(page, topic, qos);
			const sentBefore = (qos - 1) * COUNT;
			const stream = publishSequence(page, 0, COUNT);
			// Restart once the stream is well under way (the app's count is its sent history).
			await expect
				.poll(async () => countOf(await page.getByTestId('message-count').innerText()), {
					timeout: 30_000
				})
				.toBeGreaterThan(sentBefore + COUNT / 4);
			await broker.restart();
			await stream;
			await expect(connectionState(page)).toHaveAttribute('data-state', 'connected', {
				timeout: 15_000
			});
		}

		// Everything the broker accepted is queued for the subscriber; let it collect.
		// Listen before CONNACK: queued messages follow it at once.
		subscriber = mqtt.connect(`mqtt://127.0.0.1:${broker.mqttPort}`, {
			...subscriberOptions,
			protocolVersion: 5
		});
		const received = recordAll(subscriber);
		for (const topic of [`${p}/q1`, `${p}/q2`]) {
			await expect
				.poll(() => new Set(payloadsOf(received, topic)).size, { timeout: 45_000 })
				.toBe(COUNT);
		}

		// Give late duplicates a moment to show up before counting them.
		await new Promise((resolve) => setTimeout(resolve, 500));
		const q1 = payloadsOf(received, `${p}/q1`);
		const q2 = payloadsOf(received, `${p}/q2`);
		const expected = Array.from({ length: COUNT }, (_, i) => String(i));
		expect(new Set(q1)).toEqual(new Set(expected));
		// QoS 2: exactly once, even across the restart (MQTT 5 §4.3.3).
		// Name the duplicated payloads (with their DUP flag) so a failure says which ones.
		const q2Duplicates = q2.filter((t, i) => q2.indexOf(t) !== i);
		expect(q2Duplicates, 'QoS 2 payloads delivered more than once').toEqual([]);
		expect(q2.length).toBe(COUNT);
		expect(new Set(q2)).toEqual(new Set(expected));
		// The app's own records: every publish acknowledged, none failed.
		await expect(page.getByTestId('message-count')).toHaveText(/^2[,.\s\u202f]?000$/);
		await expect(
			page.getByTestId('publish-state').filter({ hasText: /failed|refused/ })
		).toHaveCount(0);
	} finally {
		subscriber?.end(true);
	}
});

test('QoS 1/2 in flight when the broker dies survive a page reload and are resent', async ({
	page,
	startBroker
}) => {
	test.setTimeout(60_000);
	const broker = await startBroker({ persistence: true });
	const p = uniquePrefix('reload');
	const subscriber = await connectExternal(broker.mqttPort, {
		clientId: randomId('reload-sub'),
		clean: false,
		properties: { sessionExpiryInterval: 300 },
		reconnectPeriod: 200
	});
	subscriber.on('error', () => undefined);
	const pid = () => broker.pid() ?? 0;
	try {
		await subscribeExternal(subscriber, `${p}/#`, { qos: 2 });
		const received = recordAll(subscriber);
		await openApp(page);
		await createConnectionProfile(page, {
			name: 'Reload publisher',
			url: broker.wsUrl,
			clientId: randomId('reload-pub'),
			cleanStart: false,
			sessionExpiry: 300,
			keepalive: 60
		});
		await connect(page);
		// Let the broker save the subscriber's session (autosave every second).
		await new Promise((resolve) => setTimeout(resolve, 1500));

		// Freeze the broker: the publishes leave the page but are never acknowledged...
		process.kill(pid(), 'SIGSTOP');
		const panel = page.getByRole('region', { name: 'Publish' });
		for (const qos of [1, 2] as const) {
			await preparePublish(page, `${p}/q${qos}`, qos);
			for (let i = 0; i < 3; i++) {
				await panel.getByRole('textbox', { name: 'Payload' }).fill(`q${qos}-${i}`);
				await panel.getByRole('button', { name: 'Publish' }).click();
			}
		}
		await expect(page.getByTestId('publish-state').filter({ hasText: 'pending' })).toHaveCount(6);
		// ...and then it dies without reading them: they exist only in the app's in-flight store.
		process.kill(pid(), 'SIGKILL');
		await expect.poll(() => broker.pid(), { timeout: 5_000 }).toBeUndefined();
		expect(received).toHaveLength(0);

		// It was connected when the page closed, so the app tries it again by itself: with the
		// broker down that try fails. Pressing Connect before it is decided raced it (the button
		// was still Disconnect while it tried).
		await page.reload();
		await expect(page.getByText('Could not reconnect “Reload publisher”')).toBeVisible();
		await profileButton(page, 'Reload publisher').click();
		await expect(connectionBar(page).getByText('Reload publisher', { exact: true })).toBeVisible();
		await broker.restart();
		await connect(page);

		await expect
			.poll(() => new Set(received.map((m) => m.payload.toString())).size, {
				timeout: 15_000
			})
			.toBe(6);
		const payloads = received.map((m) => m.payload.toString());
		for (const qos of [1, 2]) {
			for (let i = 0; i < 3; i++) expect(payloads).toContain(`q${qos}-${i}`);
		}
		expect(payloads.filter((t) => t.startsWith('q2-'))).toHaveLength(3);
		// The records of the earlier page follow: the resent publishes end acknowledged.
		await expect(page.getByTestId('publish-state').filter({ hasText: 'acknowledged' })).toHaveCount(
			6,
			{ timeout: 10_000 }
		);
	} finally {
		const current = broker.pid();
		if (current) process.kill(current, 'SIGCONT');
		subscriber.end(true);
	}
});

test('backoff: countdown with attempt number, Retry now, reconnects and resubscribes', async ({
	page,
	startBroker
}) => {
	test.setTimeout(60_000);
	const broker = await startBroker();
	const p = uniquePrefix('backoff');
	await openApp(page);
	await createConnectionProfile(page, {
		name: 'Backoff',
		url: broker.wsUrl,
		backoffMin: 5,
		backoffMax: 5,
		subscriptions: [{ filter: `${p}/#`, qos: 1 }]
	});
	await connect(page);
	await expect(page.getByTestId('subscription').filter({ hasText: `${p}/#` })).toContainText(
		'QoS 1'
	);
	const bar = connectionBar(page);

	await broker.stop();
	await expect(connectionState(page)).toHaveAttribute('data-state', 'reconnecting');
	await expect(bar.getByText(/reconnecting in \d+ s \(attempt 1\)/)).toBeVisible();

	// The wait is ≥ 3.5 s (5 s − jitter): an attempt 2 within 2 s can only come from the button.
	await bar.getByRole('button', { name: 'Retry now' }).click();
	await expect(bar.getByText(/reconnecting in \d+ s \(attempt 2\)/)).toBeVisible({
		timeout: 2_000
	});
	// Without touching anything, the next attempt comes by itself.
	await expect(bar.getByText(/reconnecting in \d+ s \(attempt 3\)/)).toBeVisible({
		timeout: 10_000
	});

	await broker.restart();
	await expect(connectionState(page)).toHaveAttribute('data-state', 'connected', {
		timeout: 15_000
	});
	// Clean start: the broker forgot the subscription, so the app made it again.
	await expect(bar.getByText('session present')).toBeHidden();
	const publisher = await connectExternal(broker.mqttPort);
	try {
		await publisher.publishAsync(`${p}/after`, 'back again', { qos: 1 });
	} finally {
		await closeExternal(publisher);
	}
	await expect(rowsFor(page, `${p}/after`).getByTestId('message-preview')).toHaveText('back again');
});

test('network back: a frozen connection is noticed in seconds, not at keepalive', async ({
	page,
	startBroker
}) => {
	test.setTimeout(60_000);
	const broker = await startBroker();
	const p = uniquePrefix('lifecycle');
	await openApp(page);
	await createConnectionProfile(page, {
		name: 'Lifecycle',
		url: broker.wsUrl,
		keepalive: 60,
		backoffMin: 1,
		backoffMax: 2,
		subscriptions: [{ filter: `${p}/#`, qos: 0 }]
	});
	await connect(page);
	const pid = broker.pid() ?? 0;
	// TCP stays open but nothing answers: the keepalive alone would notice after 90 s.
	process.kill(pid, 'SIGSTOP');
	try {
		await page.evaluate(() => window.dispatchEvent(new Event('online')));
		await expect(connectionState(page)).toHaveAttribute('data-state', 'reconnecting', {
			timeout: 6_000
		});
		await expect(page.getByTestId('connection-reason')).toContainText('stopped answering');
	} finally {
		process.kill(pid, 'SIGCONT');
	}
	await expect(connectionState(page)).toHaveAttribute('data-state', 'connected', {
		timeout: 20_000
	});
	const publisher = await connectExternal(broker.mqttPort);
	try {
		await publisher.publishAsync(`${p}/alive`, 'yes', { qos: 1 });
	} finally {
		await closeExternal(publisher);
	}
	await expect(rowsFor(page, `${p}/alive`)).toHaveCount(1);
});
