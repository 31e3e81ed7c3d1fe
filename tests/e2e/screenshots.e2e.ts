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

test('dashboard and alerts screenshots, no horizontal overflow on a phone', async ({
	page,
	broker
}) => {
	mkdirSync(DIR, { recursive: true });
	const prefix = uniquePrefix('dash-shots');
	await openApp(page);
	await createProfile(page, { name: 'Greenhouse', url: broker.wsUrl });
	await connect(page);
	await subscribe(page, `${prefix}/#`, 1);

	const telemetry = `${prefix}/+/telemetry`;
	const file = {
		format: 'mqtt-scope-dashboard',
		version: 1,
		tiles: [
			{
				id: 't1',
				kind: 'chart',
				title: 'Temperature & humidity',
				width: 2,
				windowMs: 0,
				series: [
					{ topicFilter: telemetry, path: 'temperature', unit: '°C' },
					{ topicFilter: telemetry, path: 'humidity', unit: '%', axis: 'right' }
				]
			},
			{
				id: 't2',
				kind: 'status',
				title: 'Devices',
				width: 1,
				topicFilter: `${prefix}/+/status`,
				path: '',
				okValues: ['online']
			},
			{
				id: 't3',
				kind: 'number',
				title: 'Temperature',
				width: 1,
				series: { topicFilter: `${prefix}/device01/telemetry`, path: 'temperature' },
				unit: '°C',
				decimals: 1
			},
			{
				id: 't4',
				kind: 'gauge',
				title: 'Humidity',
				width: 1,
				series: { topicFilter: `${prefix}/device02/telemetry`, path: 'humidity' },
				unit: '%',
				min: 0,
				max: 100,
				ranges: [
					{ from: 0, to: 30, color: '#f87171' },
					{ from: 30, to: 70, color: '#4ade80' },
					{ from: 70, to: 100, color: '#fbbf24' }
				]
			}
		],
		alerts: [
			{
				id: 'a1',
				name: 'Too warm',
				series: { topicFilter: telemetry, path: 'temperature' },
				condition: { kind: 'above', value: 22 },
				enabled: true
			}
		]
	};
	await page.getByRole('tab', { name: 'Dashboard' }).click();
	await page.getByLabel('Dashboard file to import').setInputFiles({
		name: 'dashboard.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(file))
	});
	await expect(page.getByText('Imported 4 tiles and 1 alert.')).toBeVisible();

	const external = await connectExternal(broker.mqttPort);
	try {
		const start = Math.floor(Date.now() / 1000) - 60;
		for (let i = 0; i < 30; i++) {
			for (const [n, device] of ['device01', 'device02'].entries()) {
				const payload = {
					timestamp: start + i * 2,
					temperature: 20 + n + Math.sin(i / 4) * 2,
					humidity: 45 + n * 5 + Math.cos(i / 5) * 8
				};
				await external.publishAsync(`${prefix}/${device}/telemetry`, JSON.stringify(payload));
			}
		}
		await external.publishAsync(`${prefix}/device01/status`, 'online', { retain: true, qos: 1 });
		await external.publishAsync(`${prefix}/device02/status`, 'offline', { retain: true, qos: 1 });
	} finally {
		await closeExternal(external);
	}
	const chart = page.getByTestId('chart');
	await expect(chart.getByTestId('series')).toHaveCount(4);
	await expect(page.getByTestId('status-row')).toHaveCount(2);
	await expect(page.getByRole('alert').first()).toBeVisible();
	await page.screenshot({ path: `${DIR}/dashboard-1280x800.png` });

	await page.getByRole('tab', { name: /^Alerts/ }).click();
	await expect(page.getByText('A closed app cannot alert.', { exact: false })).toBeVisible();
	await page.screenshot({ path: `${DIR}/alerts-1280x800.png` });

	await page.setViewportSize({ width: 390, height: 844 });
	await page.screenshot({ path: `${DIR}/alerts-390x844.png`, fullPage: true });
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	await page.getByRole('tab', { name: 'Dashboard' }).click();
	await expect(chart.locator('canvas')).toBeVisible();
	await page.evaluate(
		() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
	);
	await page.screenshot({ path: `${DIR}/dashboard-390x844.png`, fullPage: true });
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
