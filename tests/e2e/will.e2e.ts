/**
 * Last will, both ways (MQTT 5 §3.1.2.5): a client that vanishes without DISCONNECT has its
 * will published by the broker. (a) another client's will reaches the app; (b) the app's own
 * will, set in the profile form, reaches another client when the app's tab dies.
 */
import { connect, openApp, rowsFor, uniquePrefix } from '../support/app';
import { createConnectionProfile } from '../support/connection-profile';
import {
	closeExternal,
	collect,
	connectExternal,
	subscribeExternal
} from '../support/external-client';
import { expect, test } from '../support/fixtures';

test('a client that dies without DISCONNECT: the app receives its will', async ({
	page,
	broker
}) => {
	const p = uniquePrefix('will-in');
	await openApp(page);
	await createConnectionProfile(page, {
		name: 'Will watcher',
		url: broker.wsUrl,
		subscriptions: [{ filter: `${p}/#`, qos: 1 }]
	});
	await connect(page);
	await expect(page.getByTestId('subscription').filter({ hasText: `${p}/#` })).toContainText(
		'QoS 1'
	);

	const device = await connectExternal(broker.mqttPort, {
		will: { topic: `${p}/status`, payload: Buffer.from('offline'), qos: 1, retain: false }
	});
	// Kill the socket: no DISCONNECT reaches the broker, so it must publish the will.
	device.stream.destroy();
	device.end(true);

	const row = rowsFor(page, `${p}/status`);
	await expect(row).toHaveCount(1, { timeout: 10_000 });
	await expect(row.getByTestId('message-preview')).toHaveText('offline');
});

test('the app tab closes abruptly: its will from the profile form is delivered', async ({
	browser,
	broker
}) => {
	const p = uniquePrefix('will-out');
	const watcher = await connectExternal(broker.mqttPort);
	try {
		await subscribeExternal(watcher, `${p}/#`, { qos: 1 });
		const context = await browser.newContext();
		const page = await context.newPage();
		await openApp(page);
		await createConnectionProfile(page, {
			name: 'App with will',
			url: broker.wsUrl,
			will: { topic: `${p}/app/status`, payload: 'app gone', qos: 1 }
		});
		await connect(page);
		const will = collect(watcher, `${p}/app/status`, 1, 10_000);
		// Closing the whole context ends the worker's WebSocket without an MQTT DISCONNECT.
		await context.close();
		const [message] = await will;
		expect(message.payload.toString()).toBe('app gone');
		expect(message.packet.qos).toBe(1);
	} finally {
		await closeExternal(watcher);
	}
});
