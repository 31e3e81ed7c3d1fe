/**
 * The first thing a user does: save a profile, connect, subscribe, and watch messages another
 * client publishes arrive in the list, then open one to read its payload.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import {
	connect,
	connectionState,
	createProfile,
	openApp,
	rowsFor,
	subscribe,
	uniquePrefix
} from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';

/** Publishes a JSON and a text message from Node and checks both rows and the JSON's detail. */
async function receiveJsonAndText(page: Page, mqttPort: number, prefix: string): Promise<void> {
	const external = await connectExternal(mqttPort);
	try {
		const json = { temperature: 21.5, unit: 'C', tags: ['a', 'b'] };
		await external.publishAsync(`${prefix}/json`, JSON.stringify(json), { qos: 1 });
		await external.publishAsync(`${prefix}/text`, 'hello from node', { qos: 1 });
	} finally {
		await closeExternal(external);
	}

	const jsonRow = rowsFor(page, `${prefix}/json`);
	const textRow = rowsFor(page, `${prefix}/text`);
	await expect(jsonRow).toHaveCount(1);
	await expect(textRow).toHaveCount(1);
	await expect(jsonRow.getByTestId('message-topic')).toHaveText(`${prefix}/json`);
	await expect(jsonRow.getByTestId('message-preview')).toHaveText(
		'{"temperature":21.5,"unit":"C","tags":["a","b"]}'
	);
	await expect(textRow.getByTestId('message-preview')).toHaveText('hello from node');
	// Newest first: the text message was published last.
	await expect(page.getByTestId('message-row').first()).toHaveAttribute(
		'data-topic',
		`${prefix}/text`
	);

	await jsonRow.click();
	const detail = page.getByTestId('message-detail');
	await expect(detail.getByRole('heading', { name: `${prefix}/json` })).toBeVisible();
	// toHaveText normalizes whitespace; the indentation itself is checked on the raw text.
	await expect(detail.getByTestId('detail-payload')).toHaveText(/"temperature": 21\.5/);
	expect(await detail.getByTestId('detail-payload').textContent()).toBe(
		'{\n  "temperature": 21.5,\n  "unit": "C",\n  "tags": [\n    "a",\n    "b"\n  ]\n}'
	);
}

test.describe('connect and subscribe', () => {
	test('a new MQTT 5 profile connects, subscribes and shows received messages', async ({
		page,
		broker
	}) => {
		const prefix = uniquePrefix('connect');
		await openApp(page);
		await createProfile(page, { name: 'E2E v5', url: broker.wsUrl });
		await expect(connectionState(page)).toHaveAttribute('data-state', 'idle');
		await expect(page.getByTestId('message-count')).toHaveText('0');

		await connect(page);
		await expect(connectionState(page)).toHaveText('Connected');
		await subscribe(page, `${prefix}/#`, 1);
		await receiveJsonAndText(page, broker.mqttPort, prefix);
		await expect(page.getByTestId('message-count')).toHaveText('2');
	});

	test('an MQTT 3.1.1 profile with a subscribe-on-connect filter receives too', async ({
		page,
		broker
	}) => {
		const prefix = uniquePrefix('connect311');
		await openApp(page);
		const clientId = await createProfile(page, {
			name: 'E2E v3.1.1',
			url: broker.wsUrl,
			version: 4,
			subscriptions: [`${prefix}/#`]
		});
		await connect(page);
		// Mosquitto logs the protocol level of each CONNECT: p2 is MQTT 3.1.1, p5 is MQTT 5.
		const log = join(broker.dir, 'mosquitto.log');
		await expect.poll(() => readFileSync(log, 'utf8')).toContain(`as ${clientId} (p2,`);
		// The profile's filter is subscribed on connect; its SUBACK grant shows in the panel.
		const panel = page.getByRole('region', { name: 'Subscriptions' });
		await expect(
			panel
				.getByTestId('subscription')
				.filter({ hasText: `${prefix}/#` })
				.getByText('QoS 0', { exact: true })
		).toBeVisible();
		await receiveJsonAndText(page, broker.mqttPort, prefix);
	});
});
