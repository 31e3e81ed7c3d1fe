/**
 * Two tabs, one client ID: a broker drops the older of two clients with the same ID
 * (MQTT 5 §3.1.4), so two tabs would kick each other off forever. The second tab must refuse
 * with a reason instead, and the first must stay connected.
 */
import {
	connect,
	connectionState,
	openApp,
	profileButton,
	rowsFor,
	uniquePrefix
} from '../support/app';
import { createConnectionProfile } from '../support/connection-profile';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';

test('a second tab with the same profile says the client ID is in use', async ({
	page,
	context,
	broker
}) => {
	const p = uniquePrefix('tabs');
	const name = `Shared ID ${p.slice(-6)}`;
	await openApp(page);
	await createConnectionProfile(page, {
		name,
		url: broker.wsUrl,
		subscriptions: [{ filter: `${p}/#`, qos: 0 }]
	});
	await connect(page);

	// Same context: same IndexedDB, so the second tab sees the saved profile.
	const second = await context.newPage();
	await openApp(second);
	await profileButton(second, name).click();
	await second
		.getByRole('region', { name: 'Connection' })
		.getByRole('button', { name: 'Connect' })
		.click();
	await expect(connectionState(second)).toHaveAttribute('data-state', 'disconnected');
	const reason = second.getByTestId('connection-reason');
	await expect(reason).toContainText('already connected');
	await expect(reason).toContainText('another mqtt-scope tab');

	// The first tab was not kicked: it is still connected and still receives.
	await expect(connectionState(page)).toHaveAttribute('data-state', 'connected');
	const publisher = await connectExternal(broker.mqttPort);
	try {
		await publisher.publishAsync(`${p}/still-here`, 'yes', { qos: 1 });
	} finally {
		await closeExternal(publisher);
	}
	await expect(rowsFor(page, `${p}/still-here`)).toHaveCount(1);
	await expect(connectionState(page)).toHaveAttribute('data-state', 'connected');
	await expect(connectionState(second)).toHaveAttribute('data-state', 'disconnected');
	await second.close();
});
