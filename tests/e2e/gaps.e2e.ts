/**
 * Gap markers: when the connection was down, the first message after it says so in the list
 * ("offline 12:03:10 – 12:04:55"), so a missing reading can be told from a silent device.
 */
import { closeExternal, connectExternal } from '../support/external-client';
import { connect, connectionState, openApp, rowsFor, uniquePrefix } from '../support/app';
import { createConnectionProfile } from '../support/connection-profile';
import { expect, test } from '../support/fixtures';

test('the first message after a broker outage carries an offline marker', async ({
	page,
	startBroker
}) => {
	const broker = await startBroker();
	const p = uniquePrefix('gap');
	await openApp(page);
	await createConnectionProfile(page, {
		name: 'Gaps',
		url: broker.wsUrl,
		backoffMin: 0,
		backoffMax: 1,
		subscriptions: [{ filter: `${p}/#`, qos: 0 }]
	});
	await connect(page);

	const before = await connectExternal(broker.mqttPort);
	await before.publishAsync(`${p}/before`, 'ok');
	await closeExternal(before);
	await expect(rowsFor(page, `${p}/before`)).toHaveCount(1);

	await broker.stop();
	await expect(connectionState(page)).toHaveAttribute('data-state', 'reconnecting');
	await page.waitForTimeout(1500); // an outage of measurable length
	await broker.restart();
	await expect(connectionState(page)).toHaveAttribute('data-state', 'connected', {
		timeout: 15_000
	});

	const after = await connectExternal(broker.mqttPort);
	await after.publishAsync(`${p}/after`, 'back');
	await closeExternal(after);

	const row = rowsFor(page, `${p}/after`);
	await expect(row).toHaveCount(1);
	const marker = row.getByTestId('gap-marker');
	await expect(marker).toBeVisible();
	await expect(marker).toHaveText(/^offline \S.* – \S.*$/);
	// Only the first message after the outage is marked; the one before has no marker.
	await expect(rowsFor(page, `${p}/before`).getByTestId('gap-marker')).toHaveCount(0);
});
