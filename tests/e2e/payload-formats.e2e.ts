/**
 * The Publish panel's payload formats send exactly the bytes meant: hex digits, base64 and a
 * file's contents arrive unchanged at another client.
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
import { connectProfile, publishFromApp, publishPanel } from '../support/pubsub';

test.describe('payload formats', () => {
	let external: MqttClient | undefined;

	test.afterEach(async () => {
		if (external) await closeExternal(external);
		external = undefined;
	});

	test('hex, base64 and a file are sent as exactly those bytes', async ({ page, broker }) => {
		const prefix = uniquePrefix('formats');
		external = await connectExternal(broker.mqttPort);
		await subscribeExternal(external, `${prefix}/#`, { qos: 1 });
		await connectProfile(page, { name: 'Formats', url: broker.wsUrl });

		const hex = collect(external, `${prefix}/hex`, 1);
		await publishFromApp(page, {
			topic: `${prefix}/hex`,
			payload: '48 65 6c 6c 6f',
			format: 'Hex',
			qos: 1
		});
		const [fromHex] = await hex;
		expect(fromHex.payload.equals(Buffer.from('Hello', 'ascii'))).toBe(true);

		const b64 = collect(external, `${prefix}/b64`, 1);
		await publishFromApp(page, {
			topic: `${prefix}/b64`,
			payload: 'AAH/',
			format: 'Base64',
			qos: 1
		});
		const [fromBase64] = await b64;
		expect([...fromBase64.payload]).toEqual([0x00, 0x01, 0xff]);

		// Every byte value, plus a tail that is not valid UTF-8 on its own.
		const bytes = Buffer.concat([
			Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
			Buffer.from([0xc3, 0x28, 0xe2, 0x82])
		]);
		const file = collect(external, `${prefix}/file`, 1);
		const panel = publishPanel(page);
		await panel.getByLabel('Publish topic').fill(`${prefix}/file`);
		await panel.getByLabel('Payload format').selectOption('File');
		await panel.getByLabel('Payload file').setInputFiles({
			name: 'blob.bin',
			mimeType: 'application/octet-stream',
			buffer: bytes
		});
		await expect(panel.getByText('blob.bin')).toBeVisible();
		await panel.getByLabel('Publish QoS').selectOption('1');
		await panel.getByRole('button', { name: 'Publish' }).click();
		const [fromFile] = await file;
		expect(fromFile.payload.length).toBe(bytes.length);
		expect(fromFile.payload.equals(bytes)).toBe(true);

		for (const name of ['hex', 'b64', 'file']) {
			await expect(rowsFor(page, `${prefix}/${name}`).getByTestId('publish-state')).toHaveText(
				'acknowledged'
			);
		}
	});
});
