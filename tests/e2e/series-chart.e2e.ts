/**
 * The series chart (issue #5) through "Chart this topic": one line per numeric field of a
 * sensor's telemetry, history then live, CSV and PNG export, a broker outage drawn as a
 * break in the line rather than bridged, and a history longer than a chart's first page drawn
 * whole from its overview (before the newest page when the chart spans all history).
 */
import { readFile } from 'node:fs/promises';
import { decode as decodePng } from 'fast-png';
import type { Locator, Page } from '@playwright/test';
import {
	connect,
	connectionState,
	createProfile,
	openApp,
	rowsFor,
	uniquePrefix
} from '../support/app';
import { createConnectionProfile } from '../support/connection-profile';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';
import { openTab } from '../support/pubsub';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens the newest message of `topic` and charts the topic; returns the chart. */
async function chartTopic(page: Page, topic: string): Promise<Locator> {
	await rowsFor(page, topic).first().click();
	await page.getByRole('button', { name: 'Chart this topic' }).click();
	const chart = page
		.locator(`[data-testid="chart-slot"][data-topic="${topic}"]`)
		.getByTestId('chart');
	await expect(chart).toHaveAttribute('data-state', 'ready');
	return chart;
}

/** Who draws on a chart's canvas: the chart worker (the canvas was handed over) or the page. */
function drawnBy(canvas: Locator): Promise<'worker' | 'page'> {
	return canvas.evaluate((c: HTMLCanvasElement) => {
		try {
			c.getContext('2d');
			return 'page';
		} catch {
			return 'worker';
		}
	});
}

/** How many pixels of a PNG have the colour `rgb` (within a little, for anti-aliasing). */
function pixelsOf(png: Buffer, rgb: [number, number, number]): number {
	const image = decodePng(png);
	const channels = image.channels;
	let count = 0;
	for (let i = 0; i < image.data.length; i += channels) {
		const near = rgb.every((value, c) => Math.abs(image.data[i + c] - value) <= 8);
		if (near) count++;
	}
	return count;
}

/** Opens the app with a "Sensors" profile subscribed to everything under `prefix`, connected. */
async function connectSensors(page: Page, wsUrl: string, prefix: string): Promise<void> {
	await openApp(page);
	await createConnectionProfile(page, {
		name: 'Sensors',
		url: wsUrl,
		subscriptions: [{ filter: `${prefix}/#`, qos: 1 }]
	});
	await connect(page);
}

function line(chart: Locator, name: string): Locator {
	return chart.locator(`[data-testid="series"][data-name="${name}"]`);
}

test('a sensor gives two lines whose last values match what it sent; CSV and PNG export', async ({
	page,
	broker
}) => {
	const prefix = uniquePrefix('series');
	const topic = `${prefix}/device01/telemetry`;
	await connectSensors(page, broker.wsUrl, prefix);

	const sensor = await connectExternal(broker.mqttPort);
	try {
		const start = Date.now() - 60_000;
		const sent: { timestamp: number; temperature: number; humidity: number }[] = [];
		for (let i = 0; i < 12; i++) {
			const reading = { timestamp: start + i * 5000, temperature: 20 + i / 4, humidity: 40 + i };
			sent.push(reading);
			await sensor.publishAsync(topic, JSON.stringify(reading), { qos: 1 });
		}
		await expect(rowsFor(page, topic)).toHaveCount(12);

		const chart = await chartTopic(page, topic);
		await expect(chart.getByTestId('series')).toHaveCount(2);
		const temperature = line(chart, 'temperature');
		const humidity = line(chart, 'humidity');
		await expect(temperature).toHaveAttribute('data-count', '12');
		await expect(temperature).toHaveAttribute('data-last', String(sent[11].temperature));
		await expect(humidity).toHaveAttribute('data-last', String(sent[11].humidity));
		await expect(temperature).toHaveAttribute('data-runs', '1');
		await expect(chart.locator('canvas')).toBeVisible();

		// Live: the newest reading becomes the last value.
		const live = { timestamp: start + 12 * 5000, temperature: 23.125, humidity: 61.5 };
		await sensor.publishAsync(topic, JSON.stringify(live), { qos: 1 });
		await expect(temperature).toHaveAttribute('data-last', '23.125');
		await expect(humidity).toHaveAttribute('data-last', '61.5');
		await expect(humidity).toHaveAttribute('data-count', '13');

		// A legend entry hides and shows its line.
		await temperature.getByRole('button').click();
		await expect(temperature.getByRole('button')).toHaveAttribute('aria-pressed', 'false');
		await temperature.getByRole('button').click();
		await expect(temperature.getByRole('button')).toHaveAttribute('aria-pressed', 'true');

		// The chart worker draws it: the page's canvas was handed over, so the page cannot draw.
		const canvas = chart.locator('canvas');
		expect(await drawnBy(canvas)).toBe('worker');

		// Wheel zoom leaves the live view; Reset zoom returns to it.
		await canvas.hover();
		for (let k = 0; k < 3; k++) await page.mouse.wheel(0, -300);
		const reset = chart.getByRole('button', { name: 'Reset zoom' });
		await expect(reset).toBeVisible();
		await expect(chart.getByRole('button', { name: 'Follow live' })).toBeVisible();
		await reset.click();
		await expect(reset).toBeHidden();
		// A reset stays reset (the old zoom plugin reported a wheel zoom 250 ms late, undoing it).
		await page.waitForTimeout(400);
		await expect(reset).toBeHidden();

		// A drag pans; the read-out follows the pointer (drawn in the canvas by the worker).
		const box = (await canvas.boundingBox())!;
		await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
		await page.mouse.down();
		await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2, { steps: 4 });
		await page.mouse.up();
		await expect(reset).toBeVisible();
		await reset.click();
		await page.mouse.move(0, 0);
		await expect(reset).toBeHidden();
		const plain = await canvas.screenshot();
		await canvas.hover({ position: { x: box.width * 0.5, y: box.height / 2 } });
		await expect.poll(async () => (await canvas.screenshot()).equals(plain)).toBe(false);
		await page.mouse.move(0, 0);
		await expect.poll(async () => (await canvas.screenshot()).equals(plain)).toBe(true);

		// CSV: every loaded point, long format.
		const [csvDownload] = await Promise.all([
			page.waitForEvent('download'),
			chart.getByRole('button', { name: 'CSV' }).click()
		]);
		expect(csvDownload.suggestedFilename()).toMatch(/^chart-.+\.csv$/);
		const csv = await readFile(await csvDownload.path(), 'utf8');
		const rows = csv.trim().split('\r\n');
		expect(rows[0]).toBe('time,series,topic,value');
		expect(rows).toHaveLength(1 + 2 * 13);
		expect(rows).toContain(`${new Date(live.timestamp).toISOString()},temperature,${topic},23.125`);

		// PNG: an image of the chart.
		const [pngDownload] = await Promise.all([
			page.waitForEvent('download'),
			chart.getByRole('button', { name: 'PNG' }).click()
		]);
		expect(pngDownload.suggestedFilename()).toMatch(/^chart-.+\.png$/);
		const png = await readFile(await pngDownload.path());
		expect(png.subarray(1, 4).toString()).toBe('PNG');
		// Both lines are in the image, in their legend colours (#2dd4bf, #f472b6).
		expect(pixelsOf(png, [0x2d, 0xd4, 0xbf])).toBeGreaterThan(50);
		expect(pixelsOf(png, [0xf4, 0x72, 0xb6])).toBeGreaterThan(50);
	} finally {
		await closeExternal(sensor);
	}
});

test('a broker outage breaks the line; before it the line is one piece', async ({
	page,
	startBroker
}) => {
	test.setTimeout(60_000);
	const broker = await startBroker();
	const prefix = uniquePrefix('series-gap');
	const topic = `${prefix}/device01/telemetry`;
	await openApp(page);
	await createConnectionProfile(page, {
		name: 'Outage',
		url: broker.wsUrl,
		backoffMin: 0,
		backoffMax: 1,
		subscriptions: [{ filter: `${prefix}/#`, qos: 0 }]
	});
	await connect(page);

	// Payload times run on evenly (every 200 ms) across the outage, so only the connection gap
	// — not a silence in the sensor's own clock — can break the line.
	const start = Date.now() - 60_000;
	let i = 0;
	const publishReadings = async (count: number) => {
		const sensor = await connectExternal(broker.mqttPort);
		try {
			for (let k = 0; k < count; k++, i++) {
				const payload = { timestamp: start + i * 200, temperature: 20 + (i % 5), humidity: 50 };
				await sensor.publishAsync(topic, JSON.stringify(payload), { qos: 0 });
				await pause(200);
			}
		} finally {
			await closeExternal(sensor);
		}
	};

	await publishReadings(10);
	await expect(rowsFor(page, topic)).toHaveCount(10);
	const chart = await chartTopic(page, topic);
	const temperature = line(chart, 'temperature');
	await expect(temperature).toHaveAttribute('data-count', '10');
	await expect(temperature).toHaveAttribute('data-runs', '1');

	await broker.stop();
	await expect(connectionState(page)).toHaveAttribute('data-state', 'reconnecting');
	await pause(1500); // an outage of measurable length
	await broker.restart();
	await expect(connectionState(page)).toHaveAttribute('data-state', 'connected', {
		timeout: 15_000
	});

	await publishReadings(10);
	await expect(temperature).toHaveAttribute('data-count', '20');
	await expect(temperature).toHaveAttribute('data-runs', '2');
	await expect(line(chart, 'humidity')).toHaveAttribute('data-runs', '2');
});

test('a history longer than the first page: the newest page, then the whole range from its overview, then every point', async ({
	page,
	broker
}) => {
	test.setTimeout(120_000);
	// 30,000 readings 0.1 s apart: all within the chart's one-hour window, more than the
	// 20,000 records its first page reads, so the overview is read and drawn after that page.
	const count = 30_000;
	const prefix = uniquePrefix('overview');
	const topic = `${prefix}/meter`;
	const end = Date.now() - 60_000;
	const lines = [JSON.stringify({ mqttScopeExport: 1, profile: 'meter', exportedAt: '' })];
	for (let i = 0; i < count; i++) {
		const payload = Buffer.from(JSON.stringify({ kw: i })).toString('base64');
		lines.push(
			`{"direction":"in","topic":"${topic}","payloadBase64":"${payload}","qos":0,"retain":false,"dup":false,"time":${end - (count - 1 - i) * 100}}`
		);
	}
	await openApp(page);
	await createProfile(page, { name: 'Meter', url: broker.wsUrl });
	await page.getByRole('button', { name: 'Export / import' }).click();
	const panel = page.getByRole('region', { name: 'Export and import' });
	await panel.locator('input[type=file]').setInputFiles({
		name: 'meter.ndjson',
		mimeType: 'application/x-ndjson',
		buffer: Buffer.from(lines.join('\n'))
	});
	await expect(panel.getByTestId('import-result')).toHaveText('Imported 30,000 messages.', {
		timeout: 90_000
	});
	await page.getByRole('button', { name: 'Export / import' }).click();
	// Each full segment was written with its overview sample: 8 of its readings, spread through
	// it, the last among them, standing for the segment's 1,000.
	const samples = await page.evaluate(
		() =>
			new Promise<{ count: number; records: number; lastIds: boolean }[]>((resolve, reject) => {
				const open = indexedDB.open('mqtt-scope');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const request = open.result
						.transaction('segment-samples')
						.objectStore('segment-samples')
						.getAll();
					request.onerror = () => reject(request.error);
					request.onsuccess = () => {
						open.result.close();
						resolve(
							request.result.map((s) => ({
								count: s.count,
								records: s.records.length,
								lastIds: s.records.at(-1).id === s.lastId
							}))
						);
					};
				};
			})
	);
	expect(samples).toEqual(Array(count / 1000).fill({ count: 1000, records: 8, lastIds: true }));

	const chart = await chartTopic(page, topic);
	const kw = line(chart, 'kw');
	// Every point once all pages are read, the newest reading last.
	await expect(kw).toHaveAttribute('data-count', String(count), { timeout: 60_000 });
	await expect(kw).toHaveAttribute('data-last', String(count - 1));
	await expect(kw).toHaveAttribute('data-runs', '1');
	// Nothing of the line is the overview's dashed sample any more.
	await expect(kw).toHaveAttribute('data-sketched', 'false');
	await expect(kw).not.toContainText('dashed');
	// The overview was drawn, right after the newest page (they would share the worker).
	const marks = await page.evaluate(() =>
		['chart-overview-draw', 'chart-first-draw'].map((name) =>
			performance.getEntriesByName(name).map((mark) => mark.startTime)
		)
	);
	expect(marks[0]).toHaveLength(1);
	expect(marks[1]).toHaveLength(1);
	expect(marks[1][0]).toBeLessThanOrEqual(marks[0][0]);
	await chart.screenshot({ path: 'test-results/screenshots/chart-overview-1280.png' });

	// A dashboard chart over all history draws the overview first, then the newest page.
	await openTab(page, 'Dashboard');
	const dashboard = page.getByRole('region', { name: 'Dashboard' });
	const file = {
		format: 'mqtt-scope-dashboard',
		version: 1,
		tiles: [
			{
				kind: 'chart',
				title: 'All',
				width: 2,
				windowMs: 0,
				series: [{ topicFilter: topic, path: 'kw' }]
			}
		],
		alerts: []
	};
	await dashboard.getByLabel('Dashboard file to import').setInputFiles({
		name: 'all.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(file))
	});
	const all = dashboard.locator('[data-testid="tile"][data-title="All"]');
	const allKw = all.locator('[data-testid="series"][data-name="kw"]');
	await expect(allKw).toHaveAttribute('data-count', String(count), { timeout: 60_000 });
	await expect(allKw).toHaveAttribute('data-sketched', 'false');
	const [overviews, firsts] = await page.evaluate(() =>
		['chart-overview-draw', 'chart-first-draw'].map((name) =>
			performance.getEntriesByName(name).map((mark) => mark.startTime)
		)
	);
	expect(overviews).toHaveLength(2);
	expect(firsts).toHaveLength(2);
	expect(overviews[1]).toBeLessThan(firsts[1]);
});

test('a browser that cannot hand a canvas to a worker draws the chart on the page, zoom and PNG alike', async ({
	page,
	broker
}) => {
	// As in a browser without OffscreenCanvas transfer (older Safari): the page draws.
	await page.addInitScript(() => {
		delete (HTMLCanvasElement.prototype as Partial<HTMLCanvasElement>).transferControlToOffscreen;
	});
	const prefix = uniquePrefix('series-page');
	const topic = `${prefix}/device01/telemetry`;
	await connectSensors(page, broker.wsUrl, prefix);
	const sensor = await connectExternal(broker.mqttPort);
	try {
		const start = Date.now() - 60_000;
		for (let i = 0; i < 8; i++) {
			const reading = { timestamp: start + i * 5000, temperature: 20 + i / 4 };
			await sensor.publishAsync(topic, JSON.stringify(reading), { qos: 1 });
		}
		await expect(rowsFor(page, topic)).toHaveCount(8);
		const chart = await chartTopic(page, topic);
		await expect(line(chart, 'temperature')).toHaveAttribute('data-count', '8');
		const canvas = chart.locator('canvas');
		expect(await drawnBy(canvas)).toBe('page');

		await canvas.hover();
		await page.mouse.wheel(0, -300);
		const reset = chart.getByRole('button', { name: 'Reset zoom' });
		await expect(reset).toBeVisible();
		await reset.click();
		await expect(reset).toBeHidden();

		const [pngDownload] = await Promise.all([
			page.waitForEvent('download'),
			chart.getByRole('button', { name: 'PNG' }).click()
		]);
		const png = await readFile(await pngDownload.path());
		expect(pixelsOf(png, [0x2d, 0xd4, 0xbf])).toBeGreaterThan(50);
	} finally {
		await closeExternal(sensor);
	}
});

test("a chart worker that cannot load says so, the chart's data stays, and Draw again draws it", async ({
	page,
	context,
	broker
}) => {
	// As offline before the service worker cached it: the chart worker's script does not come.
	const workerScript = '**/workers/chart-worker-*.js';
	await context.route(workerScript, (route) => route.abort('internetdisconnected'));
	const prefix = uniquePrefix('series-lost');
	const topic = `${prefix}/device01/telemetry`;
	await connectSensors(page, broker.wsUrl, prefix);
	const sensor = await connectExternal(broker.mqttPort);
	try {
		const start = Date.now() - 60_000;
		for (let i = 0; i < 6; i++) {
			const reading = { timestamp: start + i * 5000, temperature: 20 + i };
			await sensor.publishAsync(topic, JSON.stringify(reading), { qos: 1 });
		}
		await expect(rowsFor(page, topic)).toHaveCount(6);
		const chart = await chartTopic(page, topic);
		const alert = chart.getByRole('alert');
		await expect(alert).toContainText(
			'The chart could not be drawn: the worker that draws charts stopped or could not load.'
		);
		// The points are the page's: the legend still reads them out.
		await expect(line(chart, 'temperature')).toHaveAttribute('data-last', '25');
		await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');

		await context.unroute(workerScript);
		await alert.getByRole('button', { name: 'Draw again' }).click();
		await expect(alert).toBeHidden();
		await expect(line(chart, 'temperature')).toHaveAttribute('data-last', '25');
		const canvas = chart.locator('canvas');
		expect(await drawnBy(canvas)).toBe('worker');
		await expect
			.poll(async () => pixelsOf(await canvas.screenshot(), [0x2d, 0xd4, 0xbf]))
			.toBeGreaterThan(20);
	} finally {
		await closeExternal(sensor);
	}
});
