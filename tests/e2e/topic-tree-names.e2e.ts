/**
 * Topic names in the message list keep the level that tells devices apart: with two devices
 * under one long prefix, the rows show device01 and device02 (and the last level) at 390 px and
 * at 1280 px, hiding only shared levels; the full topic is the row's title, and a long press on
 * a touch screen shows it in a popover closed by Escape or a tap elsewhere.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { connect, createProfile, openApp, rowsFor, subscribe, uniquePrefix } from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';

const DIR = 'test-results/screenshots';

test.use({ hasTouch: true });

/** The text of the first row of `topic`, as the message list shows it. */
async function shown(page: Page, topic: string): Promise<string> {
	const label = rowsFor(page, topic).first().getByTestId('message-topic');
	await expect(label).toHaveAttribute('title', topic);
	return (await label.textContent()) ?? '';
}

test('message rows keep device01 vs device02 visible at 390 and 1280 px; full topic on long press', async ({
	page,
	broker
}) => {
	mkdirSync(DIR, { recursive: true });
	const p = uniquePrefix('names');
	const prefix = `${p}/smart_environment_campus_north/building_seven/floor_two`;
	const one = `${prefix}/device01/telemetry`;
	const two = `${prefix}/device02/telemetry`;
	await openApp(page);
	await createProfile(page, { name: 'Names', url: broker.wsUrl });
	await connect(page);
	await subscribe(page, `${p}/#`);
	const device = await connectExternal(broker.mqttPort);
	try {
		for (let i = 0; i < 3; i++) {
			await device.publishAsync(one, JSON.stringify({ temperature: 20 + i }));
			await device.publishAsync(two, JSON.stringify({ temperature: 18 + i }));
		}
	} finally {
		await closeExternal(device);
	}
	await expect(page.getByTestId('message-count')).toHaveText('6');

	for (const width of [1280, 390]) {
		await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
		const [first, second] = [await shown(page, one), await shown(page, two)];
		// Shortened (the topics are far wider than a row), but never where they differ.
		expect(first.length, first).toBeLessThan(one.length);
		expect(first).toContain('device01/telemetry');
		expect(second).toContain('device02/telemetry');
		expect(first.replace('device01', 'device02')).toBe(second);
		// Only whole shared levels are hidden; what is left is how each topic starts.
		expect(first.split('/')[0]).toBe('e2e');
		// The label fits its row: nothing is cut off by the row's own ellipsis.
		const label = rowsFor(page, one).first().getByTestId('message-topic');
		expect(await label.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
		await label.scrollIntoViewIfNeeded();
		await page.screenshot({ path: `${DIR}/topic-names-${width}.png` });
	}

	// A long press on the topic (a finger resting on it) shows the whole topic, selectable.
	const label = rowsFor(page, one).first().getByTestId('message-topic');
	// On this layout the list is below the fold: touch where the finger can reach it.
	await label.scrollIntoViewIfNeeded();
	const box = (await label.boundingBox())!;
	const cdp = await page.context().newCDPSession(page);
	const at = { x: box.x + 20, y: box.y + box.height / 2 };
	await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at] });
	const popover = page.getByTestId('full-text');
	await expect(popover).toHaveText(one);
	await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
	await expect(popover).toBeVisible();
	// The long press was no tap: the message was not opened.
	await expect(page.getByTestId('message-detail')).toHaveCount(0);
	expect(await popover.evaluate((el) => getComputedStyle(el).userSelect)).toBe('text');
	await page.screenshot({ path: `${DIR}/topic-names-longpress-390.png` });
	await page.keyboard.press('Escape');
	await expect(popover).toHaveCount(0);

	// Again, and a tap elsewhere closes it.
	await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at] });
	await expect(popover).toBeVisible();
	await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
	await page.touchscreen.tap(5, 5);
	await expect(popover).toHaveCount(0);
	// A plain tap still opens the message.
	await label.tap();
	await expect(page.getByTestId('message-detail')).toBeVisible();
});
