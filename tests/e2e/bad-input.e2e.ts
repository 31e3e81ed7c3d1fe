/**
 * Bad input is explained, never sent: invalid topic filters and topic names, payloads that do
 * not parse in the chosen format, and a message above the broker's Maximum Packet Size. Hostile
 * or binary payloads from other clients are shown as inert text or hex.
 */
import type { MqttClient } from 'mqtt';
import { rowsFor, uniquePrefix } from '../support/app';
import {
	closeExternal,
	collect,
	connectExternal,
	subscribeExternal
} from '../support/external-client';
import { expect, test } from '../support/fixtures';
import {
	connectProfile,
	openDetail,
	publishFromApp,
	publishPanel,
	requestSubscription,
	subscribeGranted,
	subscriptionsPanel
} from '../support/pubsub';

test.describe('bad input', () => {
	let external: MqttClient | undefined;

	test.afterEach(async () => {
		if (external) await closeExternal(external);
		external = undefined;
	});

	test('invalid topic filters are explained and nothing is subscribed', async ({
		page,
		broker
	}) => {
		await connectProfile(page, { name: 'Filters', url: broker.wsUrl });
		const panel = subscriptionsPanel(page);
		const cases: [string, string][] = [
			['a/b#', 'A "#" must fill a whole topic level'],
			['a/+b', 'A "+" must fill a whole topic level'],
			['#/a', 'it can only be the last level'],
			['$share/g', 'A shared subscription needs a topic filter after the group']
		];
		for (const [filter, message] of cases) {
			await requestSubscription(page, filter);
			await expect(panel.getByRole('alert'), filter).toContainText(message);
			await expect(panel.getByTestId('subscription')).toHaveCount(0);
		}
		// The form stays usable: a valid filter is granted and the message goes away.
		await subscribeGranted(page, `${uniquePrefix('filters')}/#`);
		await expect(panel.getByRole('alert')).toHaveCount(0);
		await expect(panel.getByTestId('subscription')).toHaveCount(1);
	});

	test('invalid topics and payloads are explained and nothing is published', async ({
		page,
		broker
	}) => {
		const prefix = uniquePrefix('bad-publish');
		external = await connectExternal(broker.mqttPort);
		await subscribeExternal(external, [`${prefix}/#`, 'a/#'], { qos: 1 });
		// Settled into a value at once, so a rejection is never unhandled while the test goes on.
		const nothing = collect(external, '#', 1, 2_500).then(
			(got) => `received ${got[0].topic}`,
			(error: Error) => error.message
		);

		await connectProfile(page, { name: 'Publisher', url: broker.wsUrl });
		const alert = publishPanel(page).getByRole('alert');
		const cases: [Parameters<typeof publishFromApp>[1], string | RegExp][] = [
			[{ topic: 'a/+', payload: 'x', qos: 1 }, 'cannot contain the wildcards "+" or "#"'],
			[{ topic: '', payload: 'x', qos: 1 }, 'Enter a topic to publish to'],
			[{ topic: `${prefix}/json`, payload: '{"a": 1,}', format: 'JSON', qos: 1 }, /^Invalid JSON/],
			[
				{ topic: `${prefix}/hex`, payload: 'abc', format: 'Hex', qos: 1 },
				'Hex must have an even number of digits (two per byte); there are 3.'
			],
			[
				{ topic: `${prefix}/b64`, payload: 'AA*A', format: 'Base64', qos: 1 },
				/'\*' at position 3 is not base64/
			]
		];
		for (const [input, message] of cases) {
			await publishFromApp(page, input);
			await expect(alert, `${input.format ?? 'Text'} ${input.topic}`).toContainText(message);
		}
		expect(await nothing).toContain('got 0/1');
		await expect(page.getByTestId('message-row')).toHaveCount(0);
		await expect(publishPanel(page).getByTestId('publish-fate')).toHaveCount(0);
	});

	test('a payload above the broker’s Maximum Packet Size is refused with both sizes', async ({
		page,
		startBroker
	}) => {
		const limit = 2048;
		// Mosquitto sends max_packet_size to MQTT 5 clients as Maximum Packet Size in CONNACK.
		const small = await startBroker({ maxPacketSize: limit });
		external = await connectExternal(small.mqttPort);
		await subscribeExternal(external, 'big/#', { qos: 1 });
		const nothing = collect(external, 'big/#', 1, 2_000).then(
			(got) => `received ${got[0].topic}`,
			(error: Error) => error.message
		);

		await connectProfile(page, { name: 'Small broker', url: small.wsUrl });
		await expect(publishPanel(page).getByText('/ max 2.0 kB')).toBeVisible();
		await publishFromApp(page, { topic: 'big/one', payload: 'x'.repeat(4000), qos: 1 });
		const alert = publishPanel(page).getByRole('alert');
		await expect(alert).toContainText(/This message is 4,0\d\d bytes/);
		await expect(alert).toContainText('the broker accepts at most 2,048 bytes per packet');
		expect(await nothing).toContain('got 0/1');
		await expect(page.getByTestId('message-row')).toHaveCount(0);

		// Under the limit it goes through: the limit, not the connection, stopped the first one.
		const got = collect(external, 'big/#', 1);
		await publishFromApp(page, { topic: 'big/two', payload: 'y'.repeat(1000), qos: 1 });
		expect((await got)[0].payload.length).toBe(1000);
	});

	test('non-UTF-8 bytes are shown as hex and HTML markup as plain text', async ({
		page,
		broker
	}) => {
		const prefix = uniquePrefix('bad-payload');
		const dialogs: string[] = [];
		page.on('dialog', (dialog) => {
			dialogs.push(dialog.message());
			void dialog.dismiss();
		});
		await connectProfile(page, { name: 'Viewer', url: broker.wsUrl });
		await subscribeGranted(page, `${prefix}/#`, { qos: 1 });

		external = await connectExternal(broker.mqttPort);
		await external.publishAsync(`${prefix}/bin`, Buffer.from([0xff, 0xfe, 0x00, 0x41]), {
			qos: 1
		});
		const markup = '<img src=x onerror=alert(1)><b>bold</b>';
		await external.publishAsync(`${prefix}/html`, markup, { qos: 1 });

		await expect(rowsFor(page, `${prefix}/bin`).getByTestId('message-preview')).toHaveText(
			'ff fe 00 41'
		);
		const binDetail = await openDetail(page, `${prefix}/bin`);
		await expect(binDetail.getByTestId('detail-payload')).toHaveText('ff fe 00 41');

		await expect(rowsFor(page, `${prefix}/html`).getByTestId('message-preview')).toHaveText(markup);
		const htmlDetail = await openDetail(page, `${prefix}/html`);
		await expect(htmlDetail.getByTestId('detail-payload')).toHaveText(markup);
		await expect(page.locator('img[src="x"]')).toHaveCount(0);
		await expect(page.locator('b', { hasText: 'bold' })).toHaveCount(0);
		expect(dialogs).toEqual([]);
	});
});
