/**
 * Alerts (issue #5): a threshold alert shows in the app, in the log and as a system notification;
 * a silence alert fires after N seconds without messages; a last will's "offline" fires a status
 * alert; notification permission is asked when the first alert is created, not before.
 */
import type { Locator, Page } from '@playwright/test';
import type { MqttClient } from 'mqtt';
import { connect, createProfile, openApp, uniquePrefix } from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test, type BrokerInfo } from '../support/fixtures';

/** What the rule form is filled with. */
interface RuleInput {
	name: string;
	topicFilter: string;
	path?: string;
	kind: 'above' | 'below' | 'outside' | 'silence' | 'status';
	/** Threshold, seconds or status text, by kind. */
	value: string;
}

const kindLabels: Record<RuleInput['kind'], string> = {
	above: 'Above a value',
	below: 'Below a value',
	outside: 'Outside a range',
	silence: 'No message for N seconds',
	status: 'Status equals a text'
};

const valueLabels: Partial<Record<RuleInput['kind'], string>> = {
	above: 'Alert above',
	below: 'Alert below',
	silence: 'Seconds without a message',
	status: 'Status text'
};

/** Opens a connected profile subscribed to `prefix/#`, on the Alerts view. */
async function openAlerts(page: Page, broker: BrokerInfo, prefix: string): Promise<void> {
	await openApp(page);
	await createProfile(page, {
		name: 'Plant sensors',
		url: broker.wsUrl,
		subscriptions: [`${prefix}/#`]
	});
	await connect(page);
	await page.getByRole('tab', { name: 'Alerts' }).click();
	await expect(page.getByRole('region', { name: 'Alert rules' })).toBeVisible();
}

/** Creates a rule through "+ New alert" and waits for it in the rule list. */
async function createRule(page: Page, input: RuleInput): Promise<Locator> {
	await page.getByRole('button', { name: '+ New alert' }).click();
	const form = page.getByRole('form', { name: 'New alert' });
	await form.getByLabel('Alert name').fill(input.name);
	await form.getByLabel('Topic filter').fill(input.topicFilter);
	await form.getByLabel('Condition').selectOption({ label: kindLabels[input.kind] });
	if (input.path !== undefined) await form.getByLabel('JSON path').fill(input.path);
	await form.getByLabel(valueLabels[input.kind] ?? '').fill(input.value);
	await form.getByRole('button', { name: 'Create alert' }).click();
	await expect(form).toBeHidden();
	const rule = page.locator(`[data-testid="alert-rule"][data-rule="${input.name}"]`);
	await expect(rule).toBeVisible();
	return rule;
}

/** The banner of active alerts shown over every view (role="alert"). */
function banner(page: Page): Locator {
	return page.getByRole('alert').and(page.getByTestId('alert-banner'));
}

function logEntries(page: Page, text: string): Locator {
	return page.getByTestId('alert-log-entry').filter({ hasText: text });
}

/** Titles and bodies of the system notifications the app's service worker shows. */
function notifications(page: Page): Promise<{ title: string; body: string }[]> {
	return page.evaluate(async () => {
		const registration = await navigator.serviceWorker.ready;
		const shown = await registration.getNotifications();
		return shown.map((n) => ({ title: n.title, body: n.body }));
	});
}

test('a threshold alert shows in the banner, the log and as a system notification, then clears', async ({
	page,
	context,
	broker
}) => {
	await context.grantPermissions(['notifications']);
	const prefix = uniquePrefix('alert-threshold');
	const topic = `${prefix}/device01/telemetry`;
	await openAlerts(page, broker, prefix);
	// The built app registers its service worker; notifications go through it.
	await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
	await expect(page.getByTestId('notification-permission')).toHaveAttribute(
		'data-state',
		'granted'
	);

	const rule = await createRule(page, {
		name: 'Too warm',
		topicFilter: topic,
		path: 'temperature',
		kind: 'above',
		value: '30'
	});
	await expect(rule).toContainText('above 30');
	await expect(rule.getByTestId('alert-rule-state')).toHaveText('ok');

	const external = await connectExternal(broker.mqttPort);
	try {
		const send = (temperature: number) =>
			external.publishAsync(topic, JSON.stringify({ temperature, humidity: 40 }), { qos: 1 });
		await send(25);
		// The rule reaches the engine a moment after the form closes: repeat the hot reading until it
		// is judged (an active alert does not fire again, so repeats add nothing to the log).
		await expect(async () => {
			await send(31.5);
			await expect(banner(page)).toBeVisible({ timeout: 1_000 });
		}).toPass({ timeout: 10_000 });

		await expect(banner(page)).toContainText('Too warm');
		await expect(banner(page)).toContainText('temperature 31.5 is above 30');
		await expect(rule.getByTestId('alert-rule-state')).toHaveText('active');
		const entry = logEntries(page, 'temperature 31.5 is above 30');
		await expect(entry).toHaveCount(1);
		await expect(entry).toHaveAttribute('data-state', 'active');
		await expect(entry).toContainText(topic);
		await expect(entry).toContainText('active');

		await expect
			.poll(() => notifications(page))
			.toContainEqual({ title: 'Too warm', body: `temperature 31.5 is above 30 (${topic})` });

		// The banner is on every view and leads back to the Alerts view.
		await page.getByRole('tab', { name: 'Messages' }).click();
		await expect(banner(page)).toBeVisible();
		await banner(page).getByRole('button', { name: 'Open alerts' }).click();
		await expect(page.getByRole('region', { name: 'Alert log' })).toBeVisible();

		await send(20);
		await expect(banner(page)).toBeHidden();
		await expect(entry).toHaveAttribute('data-state', 'cleared');
		await expect(entry).toContainText('cleared');
		await expect(rule.getByTestId('alert-rule-state')).toHaveText('ok');
		await expect(page.getByTestId('alert-log-entry')).toHaveCount(1);
	} finally {
		await closeExternal(external);
	}
});

test('a silence alert fires N seconds after the last message and clears on the next', async ({
	page,
	context,
	broker
}) => {
	await context.grantPermissions(['notifications']);
	const prefix = uniquePrefix('alert-silence');
	const topic = `${prefix}/device01/telemetry`;
	await openAlerts(page, broker, prefix);
	const rule = await createRule(page, {
		name: 'Device quiet',
		topicFilter: topic,
		kind: 'silence',
		value: '3'
	});
	await expect(rule).toContainText('no message for 3 s');

	const external = await connectExternal(broker.mqttPort);
	try {
		// Report every half second for two seconds: never three seconds apart, so no alert.
		for (let i = 0; i < 5; i++) {
			await external.publishAsync(topic, JSON.stringify({ temperature: 21 + i }), { qos: 1 });
			await page.waitForTimeout(500);
		}
		await expect(banner(page)).toBeHidden();
		const lastSent = Date.now();

		const message = `no message on ${topic} for 3 s`;
		await expect(banner(page)).toContainText(message, { timeout: 10_000 });
		const firedAfter = Date.now() - lastSent;
		expect(firedAfter).toBeGreaterThanOrEqual(2_000);
		expect(firedAfter).toBeLessThan(8_000);
		const entry = logEntries(page, message);
		await expect(entry).toHaveCount(1);
		await expect(entry).toHaveAttribute('data-state', 'active');
		await expect
			.poll(() => notifications(page))
			.toContainEqual({ title: 'Device quiet', body: message });

		await external.publishAsync(topic, JSON.stringify({ temperature: 22 }), { qos: 1 });
		await expect(banner(page)).toBeHidden();
		await expect(entry).toHaveAttribute('data-state', 'cleared');
	} finally {
		await closeExternal(external);
	}
});

test('a last will saying "offline" fires a status alert', async ({ page, broker }) => {
	const prefix = uniquePrefix('alert-status');
	const topic = `${prefix}/device01/status`;
	await openAlerts(page, broker, prefix);
	await createRule(page, {
		name: 'Device offline',
		topicFilter: `${prefix}/+/status`,
		path: '',
		kind: 'status',
		value: 'offline'
	});

	// A device that announces itself and leaves a retained last will, as real devices do.
	const device: MqttClient = await connectExternal(broker.mqttPort, {
		will: { topic, payload: Buffer.from('offline'), qos: 1, retain: true }
	});
	await device.publishAsync(topic, 'online', { qos: 1, retain: true });
	// Dropping the socket without DISCONNECT makes the broker publish the will (MQTT 5 §3.1.2.5).
	device.stream.destroy();
	device.end(true);

	await expect(banner(page)).toContainText(`${topic} is offline`);
	await expect(logEntries(page, `${topic} is offline`)).toHaveAttribute('data-state', 'active');

	const external = await connectExternal(broker.mqttPort);
	try {
		await external.publishAsync(topic, 'online', { qos: 1, retain: true });
		await expect(banner(page)).toBeHidden();
		await expect(logEntries(page, `${topic} is offline`)).toHaveAttribute('data-state', 'cleared');
		// Leave no retained message behind on the shared broker.
		await external.publishAsync(topic, '', { qos: 1, retain: true });
	} finally {
		await closeExternal(external);
	}
});

test('notification permission is asked when the first alert is created, not before', async ({
	page,
	broker
}) => {
	// A headless browser cannot answer the real prompt: record the request and answer "not now".
	await page.addInitScript(() => {
		const record = window as unknown as { permissionAsked: number };
		record.permissionAsked = 0;
		Object.defineProperty(Notification, 'permission', { configurable: true, get: () => 'default' });
		Notification.requestPermission = () => {
			record.permissionAsked++;
			return Promise.resolve('default');
		};
	});
	const asked = () =>
		page.evaluate(() => (window as unknown as { permissionAsked: number }).permissionAsked);
	const prefix = uniquePrefix('alert-permission');
	await openAlerts(page, broker, prefix);
	await expect(page.getByTestId('notification-permission')).toHaveAttribute(
		'data-state',
		'default'
	);
	await expect(page.getByRole('button', { name: 'Allow notifications' })).toBeVisible();
	expect(await asked()).toBe(0);

	await createRule(page, {
		name: 'First',
		topicFilter: `${prefix}/a`,
		path: 'temperature',
		kind: 'above',
		value: '30'
	});
	await expect.poll(asked).toBe(1);

	await createRule(page, {
		name: 'Second',
		topicFilter: `${prefix}/b`,
		path: 'temperature',
		kind: 'below',
		value: '0'
	});
	await expect(page.getByTestId('alert-rule')).toHaveCount(2);
	expect(await asked()).toBe(1);

	// The rules were saved: they are still there after a reload.
	await page.reload();
	await page.getByRole('tab', { name: 'Alerts' }).click();
	await expect(page.getByTestId('alert-rule')).toHaveCount(2);
});

test('"Alert…" on a dashboard tile starts a rule on its value', async ({ page, broker }) => {
	const prefix = uniquePrefix('alert-from-tile');
	const filter = `${prefix}/+/telemetry`;
	await openAlerts(page, broker, prefix);
	await page.getByRole('tab', { name: 'Dashboard' }).click();
	const file = {
		format: 'mqtt-scope-dashboard',
		version: 1,
		tiles: [
			{
				id: 'n',
				kind: 'number',
				title: 'Temperature',
				width: 1,
				series: { topicFilter: filter, path: 'temperature' }
			},
			{
				id: 's',
				kind: 'status',
				title: 'Doors',
				width: 1,
				topicFilter: `${prefix}/+/status`,
				path: '',
				okValues: ['online']
			}
		],
		alerts: []
	};
	await page.getByLabel('Dashboard file to import').setInputFiles({
		name: 'dashboard.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(file))
	});

	await page.getByRole('button', { name: 'Alert on Temperature' }).click();
	const form = page.getByRole('form', { name: 'New alert' });
	await expect(form.getByLabel('Topic filter')).toHaveValue(filter);
	await expect(form.getByLabel('JSON path')).toHaveValue('temperature');
	await form.getByLabel('Alert name').fill('Hot');
	await form.getByLabel('Alert above').fill('30');
	await form.getByRole('button', { name: 'Create alert' }).click();
	await expect(page.locator('[data-testid="alert-rule"][data-rule="Hot"]')).toContainText(
		'above 30'
	);

	// A status tile starts a status rule.
	await page.getByRole('tab', { name: 'Dashboard' }).click();
	await page.getByRole('button', { name: 'Alert on Doors' }).click();
	await expect(form.getByLabel('Condition')).toHaveValue('status');
	await expect(form.getByLabel('Topic filter')).toHaveValue(`${prefix}/+/status`);
});
