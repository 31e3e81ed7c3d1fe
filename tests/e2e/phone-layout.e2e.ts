/**
 * The phone layout at 390 × 844: one view at a time between a compact header and a bottom
 * navigation; connecting shows the live messages at once; a message's details open as a sheet
 * that the phone's Back and Escape close; the header switches profiles and says which other
 * profile stays connected; an alert appears without moving what the user reads.
 */
import { fillProfileForm, profileForm, rowsFor, uniquePrefix } from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test, type BrokerInfo } from '../support/fixtures';
import type { Page } from '@playwright/test';
import {
	appHeader,
	bottomNav,
	expectPhoneFit,
	profileSwitcher,
	showPhoneView
} from '../support/phone';

test.use({ viewport: { width: 390, height: 844 } });

/** Creates a profile through the header's switcher and the form sheet, then connects with one tap. */
async function connectOnPhone(page: Page, broker: BrokerInfo, name: string, filter: string) {
	await page.goto('/');
	await profileSwitcher(page).click();
	const connections = page.getByRole('dialog', { name: 'Connections' });
	await connections.getByRole('button', { name: '+ New' }).click();
	const sheet = page.getByRole('dialog', { name: 'New connection' });
	await expect(sheet).toBeVisible();
	await fillProfileForm(profileForm(page), { name, url: broker.wsUrl, subscriptions: [filter] });
	await profileForm(page).getByRole('button', { name: 'Save' }).click();
	await expect(sheet).toBeHidden();
	await expect(profileSwitcher(page)).toContainText(name);
	await appHeader(page).getByRole('button', { name: 'Connect', exact: true }).click();
	await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', {
		timeout: 10_000
	});
}

/** Publishes `count` telemetry readings from another client. */
async function publishReadings(broker: BrokerInfo, topic: string, temperatures: number[]) {
	const external = await connectExternal(broker.mqttPort);
	try {
		for (const temperature of temperatures) {
			await external.publishAsync(topic, JSON.stringify({ temperature }), { qos: 1 });
		}
	} finally {
		await closeExternal(external);
	}
}

test('after connecting, the live messages fill the screen between header and navigation', async ({
	page,
	broker
}) => {
	const prefix = uniquePrefix('phone-list');
	const topic = `${prefix}/device01/telemetry`;
	await connectOnPhone(page, broker, 'Field phone', `${prefix}/#`);
	await publishReadings(broker, topic, [20, 21, 22]);

	const rows = rowsFor(page, topic);
	await expect(rows).toHaveCount(3);
	await expect(rows.first()).toBeInViewport();
	// The list scrolls, not the page: the page is exactly one screen tall.
	const page_ = await page.evaluate(() => ({
		scrollHeight: document.documentElement.scrollHeight,
		innerHeight: window.innerHeight
	}));
	expect(page_.scrollHeight).toBeLessThanOrEqual(page_.innerHeight);
	const header = (await appHeader(page).boundingBox())!;
	const nav = (await bottomNav(page).boundingBox())!;
	const list = (await page.getByTestId('message-list').boundingBox())!;
	expect(list.y).toBeGreaterThanOrEqual(header.y + header.height);
	expect(list.y + list.height).toBeLessThanOrEqual(nav.y);
	expect(nav.y + nav.height).toBe(844);
	// Most of the screen is messages.
	expect(list.height).toBeGreaterThan(844 / 2);
});

test('the bottom navigation shows one view at a time', async ({ page, broker }) => {
	const prefix = uniquePrefix('phone-nav');
	await connectOnPhone(page, broker, 'Nav phone', `${prefix}/#`);
	await publishReadings(broker, `${prefix}/device01/telemetry`, [20]);
	const list = page.getByTestId('message-list');
	await expect(list).toBeVisible();

	await showPhoneView(page, 'Topics');
	await expect(page.getByTestId('topic-tree')).toBeVisible();
	await expect(list).toBeHidden();
	await expect(bottomNav(page).getByRole('button', { name: 'Topics' })).toHaveAttribute(
		'aria-current',
		'page'
	);

	await showPhoneView(page, 'Dashboard');
	await expect(page.getByRole('region', { name: 'Dashboard' })).toBeVisible();
	await expect(page.getByTestId('topic-tree')).toBeHidden();

	await showPhoneView(page, 'Publish');
	await expect(page.getByRole('region', { name: 'Publish' })).toBeVisible();

	await showPhoneView(page, 'Subscriptions');
	await expect(page.getByRole('region', { name: 'Subscriptions' })).toBeVisible();
	await expect(bottomNav(page).getByRole('button', { name: /^More/ })).toHaveClass(/active/);

	await showPhoneView(page, 'Messages');
	await expect(list).toBeVisible();
	await expect(page.getByRole('region', { name: 'Subscriptions' })).toBeHidden();
});

test("a message's details open as a sheet that Back and Escape close", async ({ page, broker }) => {
	const prefix = uniquePrefix('phone-detail');
	const topic = `${prefix}/device01/telemetry`;
	await connectOnPhone(page, broker, 'Detail phone', `${prefix}/#`);
	await publishReadings(broker, topic, [23.5]);
	const appUrl = page.url();

	const sheet = page.getByRole('dialog', { name: 'Message details' });
	await rowsFor(page, topic).click();
	await expect(sheet).toBeVisible();
	await expect(sheet.getByRole('heading', { name: topic })).toBeVisible();
	await expect(sheet).toContainText('23.5');

	// The phone's Back closes the sheet and stays in the app.
	await page.goBack();
	await expect(sheet).toBeHidden();
	expect(page.url()).toBe(appUrl);
	await expect(rowsFor(page, topic)).toBeVisible();
	await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');

	await rowsFor(page, topic).click();
	await expect(sheet).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(sheet).toBeHidden();
	await expect(rowsFor(page, topic)).toBeVisible();

	// Charting from the sheet shows the chart where the user is looking.
	await rowsFor(page, topic).click();
	await sheet.getByRole('button', { name: 'Chart this topic' }).click();
	const canvas = sheet.getByTestId('chart').locator('canvas');
	await expect(canvas).toBeInViewport();
	// Two fingers spreading on the chart zoom it (the page reads the pinch, the worker draws).
	await expect(sheet.getByTestId('chart')).toHaveAttribute('data-state', 'ready');
	const box = (await canvas.boundingBox())!;
	const touch = await page.context().newCDPSession(page);
	const fingers = (apart: number) =>
		[-1, 1].map((side, id) => ({
			x: box.x + box.width / 2 + (side * apart) / 2,
			y: box.y + box.height / 2,
			id
		}));
	await touch.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: fingers(40) });
	for (const apart of [70, 100, 130, 160]) {
		await touch.send('Input.dispatchTouchEvent', {
			type: 'touchMove',
			touchPoints: fingers(apart)
		});
	}
	await touch.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
	await expect(sheet.getByRole('button', { name: 'Reset zoom' })).toBeVisible();
	await page.goBack();
	await expect(sheet).toBeHidden();
});

test('the header switches profiles and says which one is still connected', async ({
	page,
	broker
}) => {
	const prefix = uniquePrefix('phone-switch');
	await connectOnPhone(page, broker, 'Switch phone', `${prefix}/#`);

	await profileSwitcher(page).click();
	const connections = page.getByRole('dialog', { name: 'Connections' });
	const list = connections.getByRole('navigation', { name: 'Connections' });
	// Each profile names its state for screen readers, beside the coloured dot.
	const switchPhone = list.getByRole('button', { name: /^Switch phone/ });
	await expect(switchPhone).toHaveAccessibleName(/connected$/);
	await list.getByRole('button', { name: /^Local demo/ }).click();
	await expect(connections).toBeHidden();
	await expect(profileSwitcher(page)).toContainText('Local demo');
	await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'idle');

	const still = page.getByTestId('still-connected');
	await expect(still).toContainText('Still connected: Switch phone');
	await page.screenshot({ path: 'test-results/screenshots/phone-still-connected-390x844.png' });
	await profileSwitcher(page).click();
	await expect(
		connections.getByRole('button', { name: /^Switch phone/ }).getByTestId('profile-state')
	).toHaveAttribute('data-state', 'connected');
	await page.keyboard.press('Escape');
	await expect(connections).toBeHidden();

	await still.getByRole('button', { name: 'Disconnect Switch phone' }).click();
	await expect(still).toBeHidden();
});

test('an alert shows as a toast above the navigation without moving the messages', async ({
	page,
	broker
}) => {
	const prefix = uniquePrefix('phone-alert');
	const topic = `${prefix}/device01/telemetry`;
	await connectOnPhone(page, broker, 'Alert phone', `${prefix}/#`);
	await showPhoneView(page, 'Dashboard');
	// The dashboard's toolbar is one row: the file actions share a menu that opens on screen.
	const addTile = (await page.getByRole('button', { name: 'Add tile ▾' }).boundingBox())!;
	const fileMenu = page.getByRole('button', { name: 'File ▾' });
	expect((await fileMenu.boundingBox())!.y).toBe(addTile.y);
	await fileMenu.click();
	const panel = (await page.getByRole('group', { name: 'Dashboard file' }).boundingBox())!;
	expect(panel.x).toBeGreaterThanOrEqual(0);
	expect(panel.x + panel.width).toBeLessThanOrEqual(390);
	await page.keyboard.press('Escape');
	await expect(page.getByRole('button', { name: 'Export JSON' })).toBeHidden();
	const file = {
		format: 'mqtt-scope-dashboard',
		version: 1,
		tiles: [],
		alerts: [
			{
				id: 'a1',
				name: 'Too warm',
				series: { topicFilter: topic, path: 'temperature' },
				condition: { kind: 'above', value: 30 },
				enabled: true
			}
		]
	};
	await page.getByLabel('Dashboard file to import').setInputFiles({
		name: 'dashboard.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(file))
	});
	await expect(page.getByText('Imported 0 tiles and 1 alert.')).toBeVisible();
	await showPhoneView(page, 'Messages');
	await publishReadings(broker, topic, [20]);
	await expect(rowsFor(page, topic).first()).toBeVisible();
	const listBefore = (await page.getByTestId('message-list').boundingBox())!;

	const toast = page.getByRole('alert').and(page.getByTestId('alert-banner'));
	// The rule reaches the engine a moment after the import: repeat the hot reading until judged.
	await expect(async () => {
		await publishReadings(broker, topic, [31]);
		await expect(toast).toBeVisible({ timeout: 1_000 });
	}).toPass({ timeout: 10_000 });
	await expect(toast).toContainText('Too warm');
	await expect(bottomNav(page).getByRole('button', { name: /^More/ })).toContainText('1');

	// The list did not move or shrink; the toast floats above the navigation.
	const listAfter = (await page.getByTestId('message-list').boundingBox())!;
	expect(listAfter).toEqual(listBefore);
	const nav = (await bottomNav(page).boundingBox())!;
	const box = (await toast.boundingBox())!;
	expect(box.y + box.height).toBeLessThanOrEqual(nav.y);

	await toast.getByRole('button', { name: 'Dismiss alerts' }).click();
	await expect(toast).toBeHidden();
	// Dismissing hides the toast, not the alert: the More badge still counts it.
	await expect(bottomNav(page).getByRole('button', { name: /^More/ })).toContainText('1');
});

test('a deep link opens its prompt on a phone, and confirming shows the live messages', async ({
	page,
	broker
}) => {
	const prefix = uniquePrefix('phone-link');
	const query = new URLSearchParams({ url: broker.wsUrl, sub: `${prefix}/#` });
	await page.goto(`/?${query.toString()}`);
	const form = profileForm(page, 'Connection from link');
	await expect(form.getByLabel('Broker URL')).toHaveValue(broker.wsUrl);
	await expectPhoneFit(page, 'link prompt');

	await form.getByRole('button', { name: 'Connect' }).click();
	await expect(page.getByTestId('deep-link')).toBeHidden();
	await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
	await publishReadings(broker, `${prefix}/device01/telemetry`, [19]);
	await expect(rowsFor(page, `${prefix}/device01/telemetry`)).toBeInViewport();
});

test('held sideways, the messages share the screen with the details or the chosen view', async ({
	page,
	broker
}) => {
	const prefix = uniquePrefix('phone-sideways');
	const topic = `${prefix}/device01/telemetry`;
	await connectOnPhone(page, broker, 'Sideways phone', `${prefix}/#`);
	await publishReadings(broker, topic, [18]);
	await page.setViewportSize({ width: 844, height: 390 });
	const list = page.getByTestId('message-list');

	// Details open in the pane beside the list, not as a sheet.
	await rowsFor(page, topic).click();
	const detail = page.getByTestId('message-detail');
	await expect(detail.getByRole('heading', { name: topic })).toBeVisible();
	await expect(page.getByRole('dialog')).toHaveCount(0);
	await expect(list).toBeVisible();

	// The rail swaps the pane's view; the list stays.
	await bottomNav(page).getByRole('button', { name: 'Topics' }).click();
	await expect(page.getByTestId('topic-tree')).toBeVisible();
	await expect(detail).toBeHidden();
	await expect(list).toBeVisible();

	// Picking a message while a tool is open brings its details back.
	await rowsFor(page, topic).click();
	await expect(detail).toBeVisible();
	await expect(bottomNav(page).getByRole('button', { name: 'Messages' })).toHaveAttribute(
		'aria-current',
		'page'
	);
});
