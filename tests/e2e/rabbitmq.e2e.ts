/**
 * A second broker family: RabbitMQ's Web MQTT plugin (MQTT 3.1.1 over WebSocket at /ws), run
 * as a private instance (tests/support/rabbitmq.ts). The app connects over ws, receives what a
 * device publishes, publishes what a device receives, gets a retained message on subscribing,
 * and its last will is published when its tab dies without DISCONNECT. The tests run in order
 * against one node; each uses its own topics.
 */
import type { MqttClient } from 'mqtt';
import { connect, openApp, rowsFor, subscribe, uniquePrefix } from '../support/app';
import { createConnectionProfile } from '../support/connection-profile';
import {
	closeExternal,
	collect,
	connectExternal,
	subscribeExternal
} from '../support/external-client';
import { expect, test } from '../support/fixtures';
import { publishFromApp } from '../support/pubsub';
import { startRabbitMq, type RabbitMq } from '../support/rabbitmq';

test.describe('RabbitMQ Web MQTT', () => {
	// One RabbitMQ for the file: it takes from 10 s to over a minute to boot.
	test.describe.configure({ mode: 'serial', timeout: 240_000 });
	let rabbit: RabbitMq;
	let device: MqttClient | undefined;

	test.beforeAll(async () => {
		test.setTimeout(240_000);
		rabbit = await startRabbitMq();
	});

	test.afterAll(async () => {
		await rabbit?.stop();
	});

	test.afterEach(async () => {
		if (device) await closeExternal(device);
		device = undefined;
	});

	/** A device on RabbitMQ's MQTT (TCP) listener; RabbitMQ 3.10 speaks MQTT 3.1.1. */
	const connectDevice = async () => {
		device = await connectExternal(rabbit.mqttPort, { protocolVersion: 4 });
		return device;
	};

	test('connects over ws and carries messages both ways at QoS 1', async ({ page }) => {
		const p = uniquePrefix('rabbit');
		await openApp(page);
		await createConnectionProfile(page, {
			name: 'RabbitMQ',
			url: rabbit.wsUrl,
			version: 4,
			subscriptions: [{ filter: `${p}/in/#`, qos: 1 }]
		});
		await connect(page);
		await expect(page.getByTestId('subscription').filter({ hasText: `${p}/in/#` })).toContainText(
			'QoS 1'
		);

		const sender = await connectDevice();
		await sender.publishAsync(`${p}/in/temp`, '21.5', { qos: 1 });
		const row = rowsFor(page, `${p}/in/temp`);
		await expect(row).toHaveCount(1, { timeout: 10_000 });
		await expect(row.getByTestId('message-preview')).toHaveText('21.5');

		await subscribeExternal(sender, `${p}/out/#`, { qos: 1 });
		const got = collect(sender, `${p}/out/#`, 1, 10_000);
		await publishFromApp(page, { topic: `${p}/out/lamp`, payload: 'on', qos: 1 });
		const [message] = await got;
		expect(message.topic).toBe(`${p}/out/lamp`);
		expect(message.payload.toString()).toBe('on');
		expect(message.packet.qos).toBe(1);
	});

	test('a retained message is delivered, marked retained, when the app subscribes', async ({
		page
	}) => {
		const p = uniquePrefix('rabbit-retained');
		const sender = await connectDevice();
		await sender.publishAsync(`${p}/state`, 'kept', { qos: 1, retain: true });
		await openApp(page);
		await createConnectionProfile(page, { name: 'RabbitMQ', url: rabbit.wsUrl, version: 4 });
		await connect(page);
		// RabbitMQ sends retained messages only to a subscription of their exact topic: a filter
		// with wildcards gets none (its retained store is keyed by topic; documented limitation).
		await subscribe(page, `${p}/state`, 1);
		const row = rowsFor(page, `${p}/state`);
		await expect(row).toHaveCount(1, { timeout: 10_000 });
		await expect(row.getByTestId('message-preview')).toHaveText('kept');
		await expect(row.getByText('retained', { exact: true })).toBeVisible();
		// Cleared, so a later run of this file starts without it.
		await sender.publishAsync(`${p}/state`, '', { qos: 1, retain: true });
	});

	test('the app tab dies without DISCONNECT: RabbitMQ publishes its last will', async ({
		browser
	}) => {
		const p = uniquePrefix('rabbit-will');
		const watcher = await connectDevice();
		await subscribeExternal(watcher, `${p}/#`, { qos: 1 });
		const context = await browser.newContext();
		const page = await context.newPage();
		await openApp(page);
		await createConnectionProfile(page, {
			name: 'RabbitMQ with will',
			url: rabbit.wsUrl,
			version: 4,
			will: { topic: `${p}/app/status`, payload: 'app gone', qos: 1 }
		});
		await connect(page);
		const will = collect(watcher, `${p}/app/status`, 1, 20_000);
		// Closing the whole context ends the worker's WebSocket without an MQTT DISCONNECT.
		await context.close();
		const [message] = await will;
		expect(message.payload.toString()).toBe('app gone');
		expect(message.packet.qos).toBe(1);
	});
});
