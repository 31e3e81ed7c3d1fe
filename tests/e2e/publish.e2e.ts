/**
 * Publishing from the app: bytes arrive unchanged at another client, QoS 1 and 2 handshakes
 * complete (the row says "acknowledged"), the retain flag is sent, and invalid input is
 * explained without anything reaching the broker.
 */
import type { Page } from '@playwright/test';
import type { MqttClient } from 'mqtt';
import { connect, createProfile, openApp, rowsFor, uniquePrefix } from '../support/app';
import {
	closeExternal,
	collect,
	connectExternal,
	subscribeExternal
} from '../support/external-client';
import { expect, test } from '../support/fixtures';

/** Fills the Publish panel and presses Publish. */
async function publish(
	page: Page,
	options: {
		topic: string;
		payload: string;
		format?: 'Text' | 'JSON';
		qos?: 0 | 1 | 2;
		retain?: boolean;
	}
): Promise<void> {
	const panel = page.getByRole('region', { name: 'Publish' });
	await panel.getByLabel('Publish topic').fill(options.topic);
	await panel.getByLabel('Payload', { exact: true }).fill(options.payload);
	await panel.getByLabel('Payload format').selectOption(options.format ?? 'Text');
	await panel.getByLabel('Publish QoS').selectOption(String(options.qos ?? 0));
	await panel.getByLabel('Retain').setChecked(options.retain ?? false);
	await panel.getByRole('button', { name: 'Publish' }).click();
}

test.describe('publish', () => {
	let external: MqttClient | undefined;

	test.afterEach(async () => {
		if (external) await closeExternal(external);
		external = undefined;
	});

	test('QoS 1 and QoS 2 publishes arrive byte for byte, retained, and are acknowledged', async ({
		page,
		broker
	}) => {
		const prefix = uniquePrefix('publish');
		external = await connectExternal(broker.mqttPort);
		// MQTT 5 §3.8.3.1 Retain As Published: otherwise a live delivery clears the retain flag.
		await subscribeExternal(external, `${prefix}/#`, { qos: 2, rap: true });

		await openApp(page);
		await createProfile(page, { name: 'Publisher', url: broker.wsUrl });
		await connect(page);

		const text = 'température ✓ — 21,5 °C\nline two\ttabbed';
		const q1 = collect(external, `${prefix}/q1`, 1);
		await publish(page, { topic: `${prefix}/q1`, payload: text, qos: 1, retain: true });
		const [got1] = await q1;
		expect(got1.payload.equals(Buffer.from(text, 'utf8'))).toBe(true);
		expect([got1.packet.qos, got1.packet.retain]).toEqual([1, true]);

		const row1 = rowsFor(page, `${prefix}/q1`);
		await expect(row1.getByTestId('publish-state')).toHaveText('acknowledged');
		await expect(row1.getByText('retained')).toBeVisible();

		const json = '{"température": "✓", "n": 12345678901234567890}';
		const q2 = collect(external, `${prefix}/q2`, 1);
		await publish(page, { topic: `${prefix}/q2`, payload: json, format: 'JSON', qos: 2 });
		const [got2] = await q2;
		expect(got2.payload.equals(Buffer.from(json, 'utf8'))).toBe(true);
		expect([got2.packet.qos, got2.packet.retain]).toEqual([2, false]);
		await expect(rowsFor(page, `${prefix}/q2`).getByTestId('publish-state')).toHaveText(
			'acknowledged'
		);

		// The broker kept the retained message: a client subscribing later still gets it, flagged.
		const late = await connectExternal(broker.mqttPort);
		try {
			const retained = collect(late, `${prefix}/q1`, 1);
			await subscribeExternal(late, `${prefix}/q1`, { qos: 1 });
			const [kept] = await retained;
			expect(kept.payload.equals(Buffer.from(text, 'utf8'))).toBe(true);
			expect(kept.packet.retain).toBe(true);
			// MQTT 5 §3.3.1.3: an empty retained payload deletes the retained message.
			await late.publishAsync(`${prefix}/q1`, '', { qos: 1, retain: true });
		} finally {
			await closeExternal(late);
		}
	});

	test('an invalid topic or invalid JSON is explained and nothing is sent', async ({
		page,
		broker
	}) => {
		const prefix = uniquePrefix('publish-invalid');
		external = await connectExternal(broker.mqttPort);
		await subscribeExternal(external, `${prefix}/#`, { qos: 1 });

		await openApp(page);
		await createProfile(page, { name: 'Publisher', url: broker.wsUrl });
		await connect(page);
		const panel = page.getByRole('region', { name: 'Publish' });
		// Settled into a value at once, so its rejection is never unhandled while the test goes on.
		const nothing = collect(external, `${prefix}/#`, 1, 1_500).then(
			(got) => `received ${got[0].topic}`,
			(error: Error) => error.message
		);

		await publish(page, { topic: `${prefix}/+/b`, payload: 'x', qos: 1 });
		await expect(panel.getByRole('alert')).toContainText('cannot contain the wildcards "+" or "#"');

		await publish(page, { topic: `${prefix}/json`, payload: '{"a": }', format: 'JSON', qos: 1 });
		await expect(panel.getByRole('alert')).toContainText(/^Invalid JSON/);

		expect(await nothing).toContain('got 0/1');
		await expect(page.getByTestId('message-count')).toHaveText('0');
		await expect(page.getByTestId('message-row')).toHaveCount(0);

		// Fixing the input clears the error and sends.
		const sent = collect(external, `${prefix}/json`, 1);
		await publish(page, { topic: `${prefix}/json`, payload: '{"a": 1}', format: 'JSON', qos: 1 });
		await expect(panel.getByRole('alert')).toBeHidden();
		expect((await sent)[0].payload.toString('utf8')).toBe('{"a": 1}');
	});
});
