/**
 * MQTT 5 properties survive the trip both ways, byte for byte: what another client sends is
 * shown in the message details, and what the Publish panel sets arrives at another client.
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
	detailValue,
	fillPublish,
	openDetail,
	publishPanel,
	subscribeGranted
} from '../support/pubsub';

/** Correlation data with the bytes text handling tends to break: NUL, 0xff, and ASCII. */
const CORRELATION = Buffer.from([0x00, 0xff, 0x10, 0x41, 0x80]);

test.describe('MQTT 5 interop', () => {
	let external: MqttClient | undefined;

	test.afterEach(async () => {
		if (external) await closeExternal(external);
		external = undefined;
	});

	test('properties from another client are all shown in the message details', async ({
		page,
		broker
	}) => {
		const prefix = uniquePrefix('interop-in');
		const topic = `${prefix}/props`;
		await connectProfile(page, { name: 'Receiver', url: broker.wsUrl });
		await subscribeGranted(page, `${prefix}/#`, { qos: 1 });

		external = await connectExternal(broker.mqttPort);
		const text = 'Grüße ✓ 42';
		await external.publishAsync(topic, Buffer.from(text, 'utf8'), {
			qos: 1,
			properties: {
				contentType: 'text/plain; charset=utf-8',
				payloadFormatIndicator: true,
				messageExpiryInterval: 3600,
				responseTopic: `${prefix}/reply`,
				correlationData: CORRELATION,
				// MQTT 5 §3.3.2.3.7: a name may appear more than once; order is kept.
				userProperties: { origin: 'node', tag: ['first', 'second'] }
			}
		});

		await expect(rowsFor(page, topic)).toHaveCount(1);
		const detail = await openDetail(page, topic);
		await expect(detail.getByTestId('detail-payload')).toHaveText(text);
		await expect(detailValue(detail, 'contentType')).toHaveText('text/plain; charset=utf-8');
		await expect(detailValue(detail, 'payloadFormatIndicator')).toHaveText('true');
		// The broker forwards the remaining lifetime (MQTT 5 §3.3.2.3.3): a second may have passed.
		await expect(detailValue(detail, 'messageExpiryInterval')).toHaveText(/^(3600|3599)$/);
		await expect(detailValue(detail, 'responseTopic')).toHaveText(`${prefix}/reply`);
		await expect(detailValue(detail, 'correlationData')).toHaveText('00 ff 10 41 80');
		await expect(detailValue(detail, 'userProperties')).toHaveText(
			'{"origin":"node","tag":["first","second"]}'
		);
	});

	test('properties set in the Publish panel arrive exactly at another client', async ({
		page,
		broker
	}) => {
		const prefix = uniquePrefix('interop-out');
		const topic = `${prefix}/props`;
		external = await connectExternal(broker.mqttPort);
		await subscribeExternal(external, `${prefix}/#`, { qos: 1 });

		await connectProfile(page, { name: 'Sender', url: broker.wsUrl });
		const text = 'Grüße ✓ {"n": 1}';
		await fillPublish(page, { topic, payload: text, qos: 1 });
		const panel = publishPanel(page);
		await panel.getByText('MQTT 5 properties').click();
		await panel.getByLabel('Content type').fill('application/x-test');
		await panel.getByLabel('Message expiry interval').fill('3600');
		await panel.getByLabel('Payload is UTF-8 text').check();
		await panel.getByLabel('Response topic').fill(`${prefix}/reply`);
		await panel.getByLabel('Correlation data format').selectOption('Hex');
		await panel.getByLabel('Correlation data', { exact: true }).fill('00 ff 10 41 80');
		const pairs = [
			['origin', 'app'],
			['tag', 'first'],
			['tag', 'second']
		];
		for (const [i, [key, value]] of pairs.entries()) {
			await panel.getByRole('button', { name: '+ Add user property' }).click();
			await panel.getByLabel(`User properties: name ${i + 1}`).fill(key);
			await panel.getByLabel(`User properties: value ${i + 1}`).fill(value);
		}

		const got = collect(external, topic, 1);
		await panel.getByRole('button', { name: 'Publish' }).click();
		const [message] = await got;
		expect(message.payload.equals(Buffer.from(text, 'utf8'))).toBe(true);
		const props = message.packet.properties ?? {};
		expect(props.contentType).toBe('application/x-test');
		expect(props.payloadFormatIndicator).toBe(true);
		expect([3600, 3599]).toContain(props.messageExpiryInterval);
		expect(props.responseTopic).toBe(`${prefix}/reply`);
		expect(Buffer.isBuffer(props.correlationData)).toBe(true);
		expect((props.correlationData as Buffer).equals(CORRELATION)).toBe(true);
		expect(props.userProperties).toEqual({ origin: 'app', tag: ['first', 'second'] });
		await expect(rowsFor(page, topic).getByTestId('publish-state')).toHaveText('acknowledged');
	});
});
