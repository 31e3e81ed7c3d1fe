/**
 * Persistent session (MQTT 5 §3.1.2.4, §3.1.2.11.2): clean start off and a session expiry keep
 * the subscription while the app is disconnected; the broker queues QoS 1 messages and hands
 * them over on reconnect, with "session present" set in CONNACK.
 */
import { connect, connectionBar, connectionState, openApp, uniquePrefix } from '../support/app';
import { createConnectionProfile, randomId, rowsUnder } from '../support/connection-profile';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';

test('messages published while disconnected arrive on reconnect, marked as queued', async ({
	page,
	broker
}) => {
	const p = uniquePrefix('session');
	await openApp(page);
	await createConnectionProfile(page, {
		name: 'Persistent',
		url: broker.wsUrl,
		clientId: randomId('session'),
		cleanStart: false,
		sessionExpiry: 300,
		subscriptions: [{ filter: `${p}/#`, qos: 1 }]
	});
	await connect(page);
	const bar = connectionBar(page);
	// A new client ID: the broker had no session for it.
	await expect(bar.getByText('session present')).toBeHidden();
	await expect(page.getByTestId('subscription').filter({ hasText: `${p}/#` })).toContainText(
		'QoS 1'
	);

	await bar.getByRole('button', { name: 'Disconnect' }).click();
	await expect(connectionState(page)).toHaveAttribute('data-state', 'disconnected');

	const publisher = await connectExternal(broker.mqttPort);
	try {
		for (let i = 0; i < 20; i++) {
			await publisher.publishAsync(`${p}/n/${i}`, `m${i}`, { qos: 1 });
		}
	} finally {
		await closeExternal(publisher);
	}
	await expect(page.getByTestId('message-count')).toHaveText('0');

	await connect(page);
	await expect(bar.getByText('session present')).toBeVisible();
	// The count covers every stored record; the list itself is virtual and renders a window.
	await expect(page.getByTestId('message-count')).toHaveText('20', { timeout: 10_000 });
	const rows = rowsUnder(page, `${p}/n/`);
	await expect(rows.first()).toBeVisible();
	const shown = await rows.count();
	expect(shown).toBeGreaterThan(0);
	await expect(rows.getByTestId('after-reconnect')).toHaveCount(shown);
	await expect(rows.getByTestId('after-reconnect').first()).toHaveText('queued');
	const topics = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-topic')));
	expect(new Set(topics).size).toBe(shown);
});
