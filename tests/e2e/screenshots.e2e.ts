/**
 * Screenshots of the working app (messages, detail and chart) on a desktop and a phone, saved to
 * test-results/screenshots/ for review, and a check that nothing overflows a 390 px screen.
 */
import { mkdirSync } from 'node:fs';
import { connect, createProfile, openApp, rowsFor, subscribe, uniquePrefix } from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';

const DIR = 'test-results/screenshots';

test('desktop and mobile screenshots, no horizontal overflow on a phone', async ({
	page,
	broker
}) => {
	mkdirSync(DIR, { recursive: true });
	const prefix = uniquePrefix('shots');
	const topic = `${prefix}/device01/telemetry`;
	await openApp(page);
	await createProfile(page, { name: 'Demo broker', url: broker.wsUrl });
	await connect(page);
	await subscribe(page, `${prefix}/#`, 1);

	const external = await connectExternal(broker.mqttPort);
	try {
		const start = Math.floor(Date.now() / 1000) - 20;
		for (let i = 0; i < 8; i++) {
			const payload = {
				timestamp: start + i,
				temperature: 20 + Math.sin(i / 2) * 2,
				humidity: 40 + i
			};
			await external.publishAsync(topic, JSON.stringify(payload), { qos: 1 });
		}
		await external.publishAsync(`${prefix}/lamp/state`, 'on', { qos: 1, retain: false });
		await external.publishAsync(
			`${prefix}/a/rather/long/topic/name/that/might/not/fit/on/a/phone/screen`,
			'x'.repeat(400),
			{ qos: 0 }
		);
	} finally {
		await closeExternal(external);
	}
	await expect(page.getByTestId('message-count')).toHaveText('10');
	const panel = page.getByRole('region', { name: 'Publish' });
	await panel.getByLabel('Publish topic').fill(`${prefix}/lamp/set`);
	await panel.getByLabel('Payload', { exact: true }).fill('{"on": true}');
	await panel.getByLabel('Payload format').selectOption('JSON');
	await panel.getByLabel('Publish QoS').selectOption('1');
	await panel.getByRole('button', { name: 'Publish' }).click();
	await expect(page.getByTestId('publish-state')).toHaveText('acknowledged');
	// The app's own subscription echoes the publish back; wait for it so no row moves under the
	// click below (rows are keyed by list position, so a late arrival shifts their content).
	await expect(page.getByTestId('message-count')).toHaveText('12');

	await rowsFor(page, topic).first().click();
	await expect(page.getByTestId('message-detail').getByRole('heading')).toHaveText(topic);
	await page.getByRole('button', { name: 'Chart this topic' }).click();
	await expect(page.getByTestId('series')).toHaveCount(2);
	await expect(page.getByTestId('chart').locator('canvas')).toBeVisible();

	await page.screenshot({ path: `${DIR}/desktop-1280x800.png` });

	await page.setViewportSize({ width: 390, height: 844 });
	await expect(page.getByTestId('chart').locator('canvas')).toBeVisible();
	// Let chart.js's resize observer redraw at the new width before capturing.
	await page.evaluate(
		() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
	);
	await page.screenshot({ path: `${DIR}/mobile-390x844.png`, fullPage: true });
	const overflow = await page.evaluate(() => ({
		scrollWidth: document.documentElement.scrollWidth,
		clientWidth: document.documentElement.clientWidth
	}));
	expect(overflow.scrollWidth).toBeLessThanOrEqual(390);

	// The profile menu on a phone: the list opens from the header button.
	await page.getByRole('button', { name: /Demo broker ▾/ }).click();
	await expect(page.getByRole('navigation', { name: 'Connections' })).toBeVisible();
	await page.screenshot({ path: `${DIR}/mobile-menu-390x844.png` });
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
