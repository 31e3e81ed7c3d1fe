/**
 * MQTT 5 subscription options (§3.8.3.1) and subscription identifiers (§3.8.2.1.2) as set in
 * the Subscriptions panel, checked against what the broker then delivers; and each
 * subscription's colour marks the messages it matched.
 */
import type { Locator, Page } from '@playwright/test';
import type { MqttClient } from 'mqtt';
import { rowsFor, uniquePrefix } from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';
import {
	connectProfile,
	detailValue,
	openDetail,
	publishFromApp,
	subscribeGranted,
	subscriptionRow
} from '../support/pubsub';

/** Received (↓) rows of a topic. */
function receivedRows(page: Page, topic: string): Locator {
	return rowsFor(page, topic).and(page.locator('.message.in'));
}

/** Sent (↑) rows of a topic. */
function sentRows(page: Page, topic: string): Locator {
	return rowsFor(page, topic).and(page.locator('.message.out'));
}

/** "#2dd4bf" → "rgb(45, 212, 191)", as getComputedStyle reports colours. */
function hexToRgb(hex: string): string {
	const n = parseInt(hex.slice(1), 16);
	return `rgb(${(n >> 16) & 0xff}, ${(n >> 8) & 0xff}, ${n & 0xff})`;
}

test.describe('subscription options', () => {
	let external: MqttClient | undefined;

	test.afterEach(async () => {
		if (external) await closeExternal(external);
		external = undefined;
	});

	test('no local: the app’s own publish does not come back, others’ do', async ({
		page,
		broker
	}) => {
		const prefix = uniquePrefix('no-local');
		const quiet = `${prefix}/quiet`;
		const echo = `${prefix}/echo`;
		await connectProfile(page, { name: 'No local', url: broker.wsUrl });
		await subscribeGranted(page, quiet, { qos: 1, noLocal: true });
		await expect(subscriptionRow(page, quiet)).toContainText('no local');
		// Control: without no local the broker echoes the app's own message back. (The panel keeps
		// its options after subscribing, so no local is unticked explicitly.)
		await subscribeGranted(page, echo, { qos: 1, noLocal: false });
		await expect(subscriptionRow(page, echo)).not.toContainText('no local');

		await publishFromApp(page, { topic: echo, payload: 'mine', qos: 1 });
		await expect(receivedRows(page, echo)).toHaveCount(1);

		await publishFromApp(page, { topic: quiet, payload: 'mine', qos: 1 });
		await expect(sentRows(page, quiet).getByTestId('publish-state')).toHaveText('acknowledged');
		// A message from another client, published after the PUBACK, is delivered after any echo
		// would have been: once it is here, an echo would be too.
		external = await connectExternal(broker.mqttPort);
		await external.publishAsync(quiet, 'theirs', { qos: 1 });
		await expect(receivedRows(page, quiet)).toHaveCount(1);
		await expect(receivedRows(page, quiet).getByTestId('message-preview')).toHaveText('theirs');
		await expect(rowsFor(page, quiet)).toHaveCount(2);
	});

	test('retain handling 2: no retained message on subscribe', async ({ page, broker }) => {
		const prefix = uniquePrefix('retain-handling');
		const topic = `${prefix}/state`;
		external = await connectExternal(broker.mqttPort);
		await external.publishAsync(topic, 'kept', { qos: 1, retain: true });
		try {
			await connectProfile(page, { name: 'Retain handling', url: broker.wsUrl });
			await subscribeGranted(page, `${prefix}/#`, { qos: 1, retainHandling: 2 });
			await expect(subscriptionRow(page, `${prefix}/#`)).toContainText('no retained');
			// Control: retain handling 0 on an overlapping filter does deliver it. Mosquitto sends
			// retained messages right after each SUBACK, so a wrongly sent one would be here first.
			await subscribeGranted(page, `${prefix}/+`, { qos: 1, retainHandling: 0 });
			await expect(rowsFor(page, topic)).toHaveCount(1);
			await expect(rowsFor(page, topic).getByText('retained')).toBeVisible();
			await expect(page.getByTestId('message-row')).toHaveCount(1);
		} finally {
			await external.publishAsync(topic, '', { qos: 1, retain: true });
		}
	});

	test('subscription identifier 42 is shown on the messages it matched', async ({
		page,
		broker
	}) => {
		const prefix = uniquePrefix('sub-id');
		const topic = `${prefix}/a`;
		await connectProfile(page, { name: 'Identifier', url: broker.wsUrl });
		await subscribeGranted(page, `${prefix}/#`, { qos: 1, subscriptionIdentifier: 42 });
		await expect(subscriptionRow(page, `${prefix}/#`)).toContainText('id 42');

		external = await connectExternal(broker.mqttPort);
		await external.publishAsync(topic, 'tagged', { qos: 1 });
		const detail = await openDetail(page, topic);
		await expect(detailValue(detail, 'subscriptionIdentifier')).toHaveText('42');
	});

	test('each subscription’s colour marks the rows it matched', async ({ page, broker }) => {
		const prefix = uniquePrefix('colours');
		const first = `${prefix}/one/#`;
		const second = `${prefix}/two/#`;
		await connectProfile(page, { name: 'Colours', url: broker.wsUrl });
		await subscribeGranted(page, first, { qos: 1 });
		await subscribeGranted(page, second, { qos: 1 });
		const swatch = (filter: string): Locator =>
			subscriptionRow(page, filter).getByLabel(`Colour of ${filter}`);
		const colourOne = await swatch(first).inputValue();
		const colourTwo = await swatch(second).inputValue();
		expect(colourOne).toMatch(/^#[0-9a-f]{6}$/);
		expect(colourTwo).not.toBe(colourOne);

		external = await connectExternal(broker.mqttPort);
		await external.publishAsync(`${prefix}/one/x`, '1', { qos: 1 });
		await external.publishAsync(`${prefix}/two/x`, '2', { qos: 1 });
		const rowOne = rowsFor(page, `${prefix}/one/x`);
		const rowTwo = rowsFor(page, `${prefix}/two/x`);
		await expect(rowOne).toHaveCSS('border-left-color', hexToRgb(colourOne));
		await expect(rowTwo).toHaveCSS('border-left-color', hexToRgb(colourTwo));

		// Changing the swatch recolours the rows already shown.
		await swatch(first).fill('#ff0000');
		await expect(rowOne).toHaveCSS('border-left-color', 'rgb(255, 0, 0)');
		await expect(rowTwo).toHaveCSS('border-left-color', hexToRgb(colourTwo));
	});
});
