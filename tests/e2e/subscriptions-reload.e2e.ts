/**
 * After a reload (issue #9) the Subscriptions panel lists the subscriptions the profile makes on
 * connect, marked as such, with the broker's answer once connected; and stored rows keep the
 * colour of the subscription that matched them, also a colour the user picked.
 */
import type { Locator, Page } from '@playwright/test';
import {
	connect,
	connectionState,
	createProfile,
	openApp,
	rowsFor,
	uniquePrefix
} from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';
import { subscriptionRow, subscriptionsPanel } from '../support/pubsub';

function hexToRgb(hex: string): string {
	const n = parseInt(hex.slice(1), 16);
	return `rgb(${(n >> 16) & 0xff}, ${(n >> 8) & 0xff}, ${n & 0xff})`;
}

function swatch(page: Page, filter: string): Locator {
	return subscriptionRow(page, filter).getByLabel(`Colour of ${filter}`);
}

test('the profile’s subscriptions and the rows’ colours survive a reload', async ({
	page,
	broker
}, testInfo) => {
	const prefix = uniquePrefix('sub-reload');
	const sensors = `${prefix}/sensors/#`;
	const doors = `${prefix}/doors/#`;
	await openApp(page);
	await createProfile(page, {
		name: 'Kept subs',
		url: broker.wsUrl,
		subscriptions: [sensors, doors]
	});
	await connect(page);
	for (const filter of [sensors, doors]) {
		await expect(subscriptionRow(page, filter).getByTestId('subscription-granted')).toHaveText(
			'QoS 0'
		);
	}
	const sensorColour = await swatch(page, sensors).inputValue();
	const doorColour = await swatch(page, doors).inputValue();
	expect(sensorColour).not.toBe(doorColour);

	const external = await connectExternal(broker.mqttPort);
	try {
		await external.publishAsync(`${prefix}/sensors/s1`, '21.5', { qos: 1 });
		await external.publishAsync(`${prefix}/doors/d1`, 'open', { qos: 1 });
	} finally {
		await closeExternal(external);
	}
	const sensorRow = rowsFor(page, `${prefix}/sensors/s1`);
	const doorRow = rowsFor(page, `${prefix}/doors/d1`);
	await expect(sensorRow).toHaveCSS('border-left-color', hexToRgb(sensorColour));
	await expect(doorRow).toHaveCSS('border-left-color', hexToRgb(doorColour));

	await page.reload();
	const panel = subscriptionsPanel(page);
	await expect(panel.getByText('No subscriptions')).toHaveCount(0);
	await expect(subscriptionRow(page, sensors).getByTestId('subscription-on-connect')).toBeVisible();
	await expect(subscriptionRow(page, doors).getByTestId('subscription-on-connect')).toBeVisible();
	await expect(swatch(page, sensors)).toHaveValue(sensorColour);
	// Stored rows, read back from IndexedDB, keep their subscription's colour.
	await expect(sensorRow).toHaveCSS('border-left-color', hexToRgb(sensorColour));
	await expect(doorRow).toHaveCSS('border-left-color', hexToRgb(doorColour));
	await page.screenshot({ path: testInfo.outputPath('after-reload-1280.png') });

	// A colour picked now is kept in the profile: the rows change, and stay so after a reload.
	await swatch(page, doors).fill('#ff0000');
	await expect(doorRow).toHaveCSS('border-left-color', 'rgb(255, 0, 0)');
	await page.reload();
	await expect(doorRow).toHaveCSS('border-left-color', 'rgb(255, 0, 0)');
	await expect(sensorRow).toHaveCSS('border-left-color', hexToRgb(sensorColour));

	// Connected again (it was connected when the page reloaded, so the app reconnects it by
	// itself), the panel shows the broker's answer for each, with the same colours.
	await expect(connectionState(page)).toHaveAttribute('data-state', 'connected', {
		timeout: 10_000
	});
	await expect(subscriptionRow(page, doors).getByTestId('subscription-granted')).toHaveText(
		'QoS 0'
	);
	await expect(swatch(page, doors)).toHaveValue('#ff0000');
	await expect(subscriptionRow(page, doors).getByTestId('subscription-on-connect')).toBeVisible();
	await expect(doorRow).toHaveCSS('border-left-color', 'rgb(255, 0, 0)');
});
