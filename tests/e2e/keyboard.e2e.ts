/**
 * Issue #9 point 8 and point 10 (keyboard): `/` focuses the message filter, Escape closes the
 * message details, focus returns to the Plot button after the plot dialog, Ctrl+Enter and
 * Cmd+Enter publish, tablists are one Tab stop with arrow keys, Home and End, and every control
 * reached with Tab shows a visible focus style. Real Mosquitto, real Chromium, keys only where
 * the user would use keys.
 */
import type { Locator, Page } from '@playwright/test';
import { connect, createProfile, openApp, rowsFor, subscribe, uniquePrefix } from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test, type BrokerInfo } from '../support/fixtures';
import { publishPanel } from '../support/pubsub';

/** Connects a new profile subscribed to `prefix/#` and publishes two JSON readings to it. */
async function connectWithData(page: Page, broker: BrokerInfo, prefix: string): Promise<string> {
	await openApp(page);
	await createProfile(page, { name: 'Keyboard', url: broker.wsUrl });
	await connect(page);
	await subscribe(page, `${prefix}/#`, 1);
	const topic = `${prefix}/device01/telemetry`;
	const device = await connectExternal(broker.mqttPort);
	try {
		for (const temperature of [20.5, 21.5]) {
			await device.publishAsync(topic, JSON.stringify({ temperature, ok: true }), { qos: 1 });
		}
	} finally {
		await closeExternal(device);
	}
	await expect(page.getByTestId('message-count')).toHaveText('2');
	return topic;
}

/** What the focused element is and whether it shows a focus ring. */
interface FocusStop {
	name: string;
	role: string;
	visible: boolean;
}

/** The focused element's name and whether a 2 px (or wider) outline marks it. */
function focusStop(page: Page): Promise<FocusStop | undefined> {
	return page.evaluate(() => {
		const el = document.activeElement;
		if (!(el instanceof HTMLElement) || el === document.body) return undefined;
		const style = getComputedStyle(el);
		const name = (
			el.getAttribute('aria-label') ||
			(el as HTMLInputElement).labels?.[0]?.textContent ||
			el.textContent ||
			el.getAttribute('placeholder') ||
			el.tagName
		)
			.replace(/\s+/g, ' ')
			.trim();
		return {
			name,
			role: el.getAttribute('role') ?? el.tagName.toLowerCase(),
			visible:
				el.matches(':focus-visible, input:focus, select:focus, textarea:focus') &&
				style.outlineStyle !== 'none' &&
				parseFloat(style.outlineWidth) >= 2
		};
	});
}

/** Presses Tab up to `max` times (until focus comes back round) and records every stop. */
async function tabThrough(page: Page, max: number): Promise<FocusStop[]> {
	const stops: FocusStop[] = [];
	await page.locator('body').focus();
	for (let i = 0; i < max; i++) {
		await page.keyboard.press('Tab');
		const stop = await focusStop(page);
		if (stop) stops.push(stop);
	}
	return stops;
}

/** The tab that a tabpanel names, through its aria-labelledby. */
async function panelOf(page: Page, tab: Locator): Promise<Locator> {
	const panelId = await tab.getAttribute('aria-controls');
	expect(panelId).toBeTruthy();
	const panel = page.locator(`[id="${panelId}"]`);
	await expect(panel).toHaveAttribute('role', 'tabpanel');
	return panel;
}

test('`/` focuses the message filter, but not while typing in a field', async ({
	page,
	broker
}) => {
	const prefix = uniquePrefix('kbd-slash');
	await connectWithData(page, broker, prefix);
	const filter = page.getByRole('search', { name: 'Filter messages' }).getByLabel('Topic filter');

	await page.locator('body').click({ position: { x: 5, y: 5 } });
	await page.keyboard.press('/');
	await expect(filter).toBeFocused();
	// The `/` itself is not typed into the filter.
	await expect(filter).toHaveValue('');
	await page.keyboard.type(`${prefix}/#`);
	await expect(filter).toHaveValue(`${prefix}/#`);

	// In another field `/` is a character of a topic, not a shortcut.
	const topic = publishPanel(page).getByLabel('Publish topic');
	await topic.click();
	await page.keyboard.type('a/b');
	await expect(topic).toBeFocused();
	await expect(topic).toHaveValue('a/b');
});

test('Escape closes the message details on a desktop and focus goes back to the row', async ({
	page,
	broker
}) => {
	const prefix = uniquePrefix('kbd-escape');
	const topic = await connectWithData(page, broker, prefix);
	const row = rowsFor(page, topic).first();
	await row.focus();
	await page.keyboard.press('Enter');
	const detail = page.getByTestId('message-detail');
	await expect(detail.getByRole('heading', { name: topic })).toBeVisible();

	// From inside the details, too.
	await detail.getByRole('button', { name: 'Copy payload' }).focus();
	await page.keyboard.press('Escape');
	await expect(detail).toBeHidden();
	await expect(row).toBeFocused();
});

test('the plot dialog gives focus back to its Plot button, after Escape and after Cancel', async ({
	page,
	broker
}) => {
	const prefix = uniquePrefix('kbd-plot');
	const topic = await connectWithData(page, broker, prefix);
	await rowsFor(page, topic).first().click();
	const detail = page.getByTestId('message-detail');
	await expect(detail.getByRole('heading', { name: topic })).toBeVisible();
	const plotButton = detail.getByRole('button', { name: 'Plot temperature', exact: true });
	const dialog = page.getByRole('dialog', { name: 'Plot a value' });

	await plotButton.focus();
	await page.keyboard.press('Enter');
	await expect(dialog).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(dialog).toBeHidden();
	await expect(plotButton).toBeFocused();
	// Escape went to the dialog only: the details stay open.
	await expect(detail).toBeVisible();

	await page.keyboard.press('Enter');
	await expect(dialog).toBeVisible();
	await dialog.getByRole('button', { name: 'Cancel' }).focus();
	await page.keyboard.press('Enter');
	await expect(dialog).toBeHidden();
	await expect(plotButton).toBeFocused();
});

test('Ctrl+Enter and Cmd+Enter publish from the publish form', async ({ page, broker }) => {
	const prefix = uniquePrefix('kbd-publish');
	await connectWithData(page, broker, prefix);
	const panel = publishPanel(page);
	const payload = panel.getByLabel('Payload', { exact: true });

	await panel.getByLabel('Publish topic').fill(`${prefix}/lamp/set`);
	await payload.fill('on');
	await payload.press('Control+Enter');
	await expect(rowsFor(page, `${prefix}/lamp/set`)).toHaveCount(2); // sent, and echoed back

	await panel.getByLabel('Publish topic').fill(`${prefix}/lamp/mode`);
	await panel.getByLabel('Publish topic').press('Meta+Enter');
	await expect(rowsFor(page, `${prefix}/lamp/mode`)).toHaveCount(2);
	// Plain Enter in the payload is a new line, not a publish.
	await payload.press('Enter');
	await expect(payload).toHaveValue('on\n');
	await expect(page.getByTestId('message-count')).toHaveText('6');
});

test('tablists are one Tab stop: arrows, Home and End move and select, panels follow', async ({
	page,
	broker
}) => {
	const prefix = uniquePrefix('kbd-tabs');
	await connectWithData(page, broker, prefix);

	const tools = page.getByRole('tablist', { name: 'Tools' });
	const pubsub = tools.getByRole('tab', { name: 'Pub/Sub' });
	await expect(pubsub).toHaveAttribute('aria-selected', 'true');
	// One Tab stop: only the selected tab is in the Tab order.
	await expect(tools.locator('[role="tab"][tabindex="0"]')).toHaveCount(1);
	await expect(tools.locator('[role="tab"][tabindex="-1"]')).toHaveCount(4);
	await pubsub.focus();
	await page.keyboard.press('Tab');
	await expect(tools.getByRole('tab').filter({ has: page.locator(':focus') })).toHaveCount(0);
	await expect(page.locator(':focus')).not.toHaveAttribute('role', 'tab');

	await pubsub.focus();
	await page.keyboard.press('ArrowRight');
	const topics = tools.getByRole('tab', { name: 'Topics' });
	await expect(topics).toBeFocused();
	await expect(topics).toHaveAttribute('aria-selected', 'true');
	await expect(topics).toHaveAttribute('tabindex', '0');
	await expect(pubsub).toHaveAttribute('tabindex', '-1');
	const panel = await panelOf(page, topics);
	await expect(panel).toHaveAttribute('aria-labelledby', (await topics.getAttribute('id'))!);
	await expect(panel.getByRole('region', { name: 'Topics' })).toBeVisible();

	await page.keyboard.press('End');
	const broker_ = tools.getByRole('tab', { name: 'Broker' });
	await expect(broker_).toBeFocused();
	await expect(broker_).toHaveAttribute('aria-selected', 'true');
	await page.keyboard.press('ArrowRight'); // wraps round
	await expect(pubsub).toBeFocused();
	await expect(panel.getByRole('region', { name: 'Publish' })).toBeVisible();
	await page.keyboard.press('ArrowLeft');
	await expect(broker_).toBeFocused();
	await page.keyboard.press('Home');
	await expect(pubsub).toBeFocused();
	await expect(pubsub).toHaveAttribute('aria-selected', 'true');

	// The main views' tablist works the same way.
	const views = page.getByRole('tablist', { name: 'Views' });
	const messagesTab = views.getByRole('tab', { name: 'Messages' });
	await expect(views.locator('[role="tab"][tabindex="0"]')).toHaveCount(1);
	await messagesTab.focus();
	await page.keyboard.press('ArrowRight');
	const dashboardTab = views.getByRole('tab', { name: 'Dashboard' });
	await expect(dashboardTab).toBeFocused();
	await expect(dashboardTab).toHaveAttribute('aria-selected', 'true');
	await expect(page.getByRole('region', { name: 'Dashboard' })).toBeVisible();
	await page.keyboard.press('End');
	await expect(views.getByRole('tab', { name: /^Alerts/ })).toHaveAttribute(
		'aria-selected',
		'true'
	);
	await expect(page.getByRole('region', { name: 'Alert rules' })).toBeVisible();
	await page.keyboard.press('Home');
	await expect(messagesTab).toBeFocused();
	await expect(page.getByRole('region', { name: 'Message history' })).toBeVisible();
});

test('every control reached with Tab shows a visible focus ring', async ({ page, broker }) => {
	test.setTimeout(60_000);
	const prefix = uniquePrefix('kbd-focus');
	const topic = await connectWithData(page, broker, prefix);
	// Messages with details (JSON tree) and a chart (its legend) on screen.
	await rowsFor(page, topic).first().click();
	const detail = page.getByTestId('message-detail');
	await detail.getByRole('group', { name: 'Layout' }).getByRole('button', { name: 'Tree' }).click();
	await page.getByRole('button', { name: 'Chart this topic' }).click();
	await expect(page.getByTestId('series')).toHaveCount(1);

	const stops = await tabThrough(page, 120);
	const names = stops.map((s) => s.name);
	// The actions of this screen are all on the keyboard path ...
	for (const name of [
		'Disconnect',
		'Messages',
		'Pub/Sub',
		'Subscribe',
		'Publish',
		'Publish QoS', // a select
		'Retain', // a checkbox
		'Export / import',
		'Topic filter',
		`Plot temperature`,
		'Copy value',
		'Collapse',
		'Chart this topic',
		'Close details'
	]) {
		expect(names, `${name} is reached with Tab`).toContainEqual(expect.stringContaining(name));
	}
	expect(stops.some((s) => s.role === 'tab')).toBe(true);
	expect(stops.some((s) => s.name.includes(topic.split('/').pop()!))).toBe(true); // a row
	expect(stops.some((s) => s.name.includes('points'))).toBe(true); // a chart legend item
	// ... and each one shows where focus is.
	expect(stops.filter((s) => !s.visible)).toEqual([]);
});
