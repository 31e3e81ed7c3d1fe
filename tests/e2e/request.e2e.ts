/**
 * Request/response (MQTT 5 §4.10): the Request tab publishes with a response topic and
 * correlation data, shows the matching answer with its round-trip time, and says so when no
 * answer comes in time.
 */
import type { Page } from '@playwright/test';
import type { MqttClient } from 'mqtt';
import { uniquePrefix } from '../support/app';
import { closeExternal, connectExternal, subscribeExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';
import { connectProfile, openTab } from '../support/pubsub';

/** Fills the Request tab and presses "Send request". */
async function sendRequest(
	page: Page,
	input: { topic: string; payload: string; timeoutSeconds: number }
): Promise<void> {
	const panel = page.getByRole('region', { name: 'Request and response' });
	await panel.getByLabel('Topic', { exact: true }).fill(input.topic);
	await panel.getByLabel('Payload', { exact: true }).fill(input.payload);
	await panel.getByLabel('Timeout (s)').fill(String(input.timeoutSeconds));
	await panel.getByRole('button', { name: 'Send request' }).click();
}

test.describe('request / response', () => {
	let responder: MqttClient | undefined;

	test.afterEach(async () => {
		if (responder) await closeExternal(responder);
		responder = undefined;
	});

	test('a responder answers: round-trip time and response payload are shown', async ({
		page,
		broker
	}) => {
		const prefix = uniquePrefix('request');
		responder = await connectExternal(broker.mqttPort);
		const seen: { correlation?: Buffer; payload: string }[] = [];
		const answering = responder;
		answering.on('message', (_topic, payload, packet) => {
			const responseTopic = packet.properties?.responseTopic;
			const correlationData = packet.properties?.correlationData;
			seen.push({ correlation: correlationData, payload: payload.toString() });
			if (!responseTopic) return;
			// A well-behaved responder echoes the correlation data unchanged (MQTT 5 §4.10.2).
			answering.publish(responseTopic, `pong: ${payload.toString()}`, {
				qos: 1,
				properties: correlationData ? { correlationData } : {}
			});
		});
		await subscribeExternal(responder, `${prefix}/req`, { qos: 1 });

		await connectProfile(page, { name: 'Requester', url: broker.wsUrl });
		await openTab(page, 'Request');
		await sendRequest(page, { topic: `${prefix}/req`, payload: 'ping 1', timeoutSeconds: 5 });

		const result = page.getByTestId('request-result').first();
		await expect(result).toContainText(/Response after \d+ ms/);
		await expect(result.locator('pre')).toHaveText('pong: ping 1');
		expect(seen).toHaveLength(1);
		expect(seen[0].payload).toBe('ping 1');
		expect(seen[0].correlation?.length).toBeGreaterThan(0);
	});

	test('without a responder the request times out and says so', async ({ page, broker }) => {
		const prefix = uniquePrefix('request-timeout');
		await connectProfile(page, { name: 'Requester', url: broker.wsUrl });
		await openTab(page, 'Request');
		await sendRequest(page, { topic: `${prefix}/req`, payload: 'anyone?', timeoutSeconds: 1 });

		const result = page.getByTestId('request-result').first();
		await expect(result).toHaveText(/No response within 1 s/);
		await expect(result).not.toContainText('Response after');
		await expect(result.locator('pre')).toHaveCount(0);
	});
});
