/**
 * Publish tools: the history of sent messages (newest first, "Resend" sends the same bytes
 * again) and "Repeat every N s" (publishes on a timer until stopped, then nothing more).
 */
import { uniquePrefix } from '../support/app';
import {
	closeExternal,
	collect,
	connectExternal,
	subscribeExternal,
	type Received
} from '../support/external-client';
import { expect, test } from '../support/fixtures';
import { connectProfile, publishFromApp, publishPanel } from '../support/pubsub';

test('history lists publishes newest first and Resend sends the same bytes again', async ({
	page,
	broker
}) => {
	const topic = `${uniquePrefix('pubtools')}/history`;
	// Non-ASCII text, so "the same bytes" also covers the UTF-8 encoding.
	const older = 'älter ✓ 1';
	const newer = '{"newer":2,"padding":"xxxxxxxxxx"}';
	const external = await connectExternal(broker.mqttPort);
	try {
		await subscribeExternal(external, topic, { qos: 1 });
		await connectProfile(page, { name: 'Publisher', url: broker.wsUrl });

		const first = collect(external, topic, 1);
		await publishFromApp(page, { topic, payload: older, qos: 1 });
		expect((await first)[0].payload.toString('utf8')).toBe(older);
		const second = collect(external, topic, 1);
		await publishFromApp(page, { topic, payload: newer, qos: 1 });
		expect((await second)[0].payload.toString('utf8')).toBe(newer);

		const rows = publishPanel(page).getByTestId('publish-history-row');
		await expect(rows).toHaveCount(2);
		// Told apart by size: the newer one is on top.
		await expect(rows.nth(0)).toContainText(`${Buffer.byteLength(newer)} B`);
		await expect(rows.nth(1)).toContainText(`${Buffer.byteLength(older)} B`);
		await expect(rows.nth(0)).toContainText(topic);
		await expect(rows.nth(1)).toContainText('QoS 1');

		const again = collect(external, topic, 1);
		await rows.nth(1).getByRole('button', { name: 'Resend' }).click();
		const [resent] = await again;
		expect(resent.payload.equals(Buffer.from(older, 'utf8'))).toBe(true);
		expect(resent.packet.qos).toBe(1);
	} finally {
		await closeExternal(external);
	}
});

test('Repeat every 0.2 s publishes until Stop, and nothing after', async ({ page, broker }) => {
	const topic = `${uniquePrefix('pubtools')}/repeat`;
	const external = await connectExternal(broker.mqttPort);
	const received: Received[] = [];
	external.on('message', (t, payload, packet) => {
		if (t === topic) received.push({ topic: t, payload, packet });
	});
	try {
		await subscribeExternal(external, topic, { qos: 1 });
		await connectProfile(page, { name: 'Repeater', url: broker.wsUrl });
		const panel = publishPanel(page);
		await panel.getByLabel('Publish topic').fill(topic);
		await panel.getByLabel('Payload', { exact: true }).fill('tick');
		await panel.getByLabel('Publish QoS').selectOption('1');
		await panel.getByLabel('Repeat interval in seconds').fill('0.2');
		const started = Date.now();
		await panel.getByRole('button', { name: 'Start' }).click();
		await expect(panel.getByRole('button', { name: 'Stop' })).toBeVisible();

		await expect.poll(() => received.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(5);
		// 5 messages at 0.2 s take ~0.8 s; far more than that means the interval was ignored.
		expect(Date.now() - started).toBeGreaterThanOrEqual(700);
		expect(received.every((m) => m.payload.toString() === 'tick')).toBe(true);

		await panel.getByRole('button', { name: 'Stop' }).click();
		const status = panel.getByTestId('loop-count');
		await expect(status).toContainText('stopped');
		const sent = Number(
			(/([\d,]+) sent/.exec(await status.innerText())?.[1] ?? '').replace(/,/g, '')
		);
		expect(sent).toBeGreaterThanOrEqual(5);
		// Everything the loop handed over arrives (QoS 1), and then nothing more.
		await expect.poll(() => received.length).toBe(sent);
		await page.waitForTimeout(1_000);
		expect(received.length).toBe(sent);
		await expect(panel.getByRole('button', { name: 'Start' })).toBeVisible();
	} finally {
		await closeExternal(external);
	}
});
