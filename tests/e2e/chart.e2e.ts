/**
 * Charts: "Chart this topic" plots every numeric field of a topic's history, keeps growing with
 * live messages, and chart.js is not part of the first screen's scripts.
 */
import type { Response } from '@playwright/test';
import {
	connect,
	createProfile,
	engineWorkers,
	openApp,
	rowsFor,
	subscribe,
	uniquePrefix
} from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';

/** A message chart.js throws from its constructor; minifiers keep string literals. */
const CHART_JS_MARKER = 'Canvas is already in use';

test('a chart plots history and live telemetry; chart.js loads after the first screen', async ({
	page,
	broker
}) => {
	const prefix = uniquePrefix('chart');
	const topic = `${prefix}/device01/telemetry`;

	// Every script the page fetches, in order, with whether it contains chart.js.
	const scripts: { url: string; body: Promise<string> }[] = [];
	page.on('response', (response: Response) => {
		if (response.request().resourceType() === 'script' || response.url().endsWith('.js')) {
			scripts.push({ url: response.url(), body: response.text().catch(() => '') });
		}
	});

	await openApp(page);
	await createProfile(page, { name: 'Telemetry', url: broker.wsUrl });
	await connect(page);
	await subscribe(page, `${prefix}/#`, 1);

	const external = await connectExternal(broker.mqttPort);
	try {
		const start = Math.floor(Date.now() / 1000) - 60;
		const readings = [
			[20.5, 40],
			[20.75, 41],
			[21, 42.5],
			[21.25, 43],
			[21.5, 44]
		];
		for (const [i, [temperature, humidity]] of readings.entries()) {
			const payload = JSON.stringify({ timestamp: start + i, temperature, humidity });
			await external.publishAsync(topic, payload, { qos: 1 });
		}
		await expect(rowsFor(page, topic)).toHaveCount(5);

		// chart.js is not among the scripts of the first screen: the page loads it at idle once
		// that is drawn (ui/app/warm-up.ts, so the dashboard opens sooner) or when a chart opens.
		await expect
			.poll(() => page.evaluate(() => performance.getEntriesByName('warm-up').length))
			.toBe(1);
		const startedBeforeWarmUp = await page.evaluate(() => {
			const warmUpAt = performance.getEntriesByName('warm-up')[0].startTime;
			return performance
				.getEntriesByType('resource')
				.filter((r) => r.startTime < warmUpAt)
				.map((r) => r.name);
		});
		const firstScreen = scripts.filter((s) => startedBeforeWarmUp.includes(s.url));
		expect(firstScreen.length).toBeGreaterThan(0);
		for (const script of firstScreen) {
			expect(await script.body, `${script.url} must not contain chart.js`).not.toContain(
				CHART_JS_MARKER
			);
		}
		await expect(page.locator('canvas')).toHaveCount(0);

		// The worker's code for charts loads at idle too: opening one fetches none of it then.
		const worker = engineWorkers(page)[0];
		expect(worker, 'the engine worker').toBeDefined();
		const workerScripts = () =>
			worker!.evaluate(() => ({
				warm: performance.getEntriesByName('engine-warm-up').length > 0,
				scripts: performance
					.getEntriesByType('resource')
					.map((r) => r.name)
					.filter((name) => name.endsWith('.js'))
			}));
		await expect.poll(async () => (await workerScripts()).warm).toBe(true);
		const workerScriptsBefore = (await workerScripts()).scripts;

		await rowsFor(page, topic).first().click();
		await page.getByRole('button', { name: 'Chart this topic' }).click();
		const chart = page
			.locator(`[data-testid="chart-slot"][data-topic="${topic}"]`)
			.getByTestId('chart');
		await expect(chart.locator('canvas')).toBeVisible();

		await expect(chart.getByTestId('series')).toHaveCount(2);
		expect((await workerScripts()).scripts).toEqual(workerScriptsBefore);

		// The chart came in a script fetched after the first screen's, and that script is chart.js.
		const later = scripts.filter((s) => !firstScreen.includes(s));
		const laterBodies = await Promise.all(later.map((s) => s.body));
		expect(laterBodies.some((body) => body.includes(CHART_JS_MARKER))).toBe(true);

		// Series come from history: only the numeric fields, timestamp is the x axis.
		const series = chart.getByTestId('series');
		await expect(series).toHaveCount(2);
		const temperature = chart.locator('[data-testid="series"][data-name="temperature"]');
		const humidity = chart.locator('[data-testid="series"][data-name="humidity"]');
		await expect(temperature).toHaveAttribute('data-count', '5');
		await expect(temperature).toHaveAttribute('data-last', '21.5');
		await expect(humidity).toHaveAttribute('data-count', '5');
		await expect(humidity).toHaveAttribute('data-last', '44');

		// Live messages extend the open chart.
		for (const [i, [t, h]] of [
			[21.8, 45.5],
			[22.25, 46]
		].entries()) {
			const payload = JSON.stringify({ timestamp: start + 5 + i, temperature: t, humidity: h });
			await external.publishAsync(topic, payload, { qos: 1 });
		}
		await expect(temperature).toHaveAttribute('data-count', '7');
		await expect(temperature).toHaveAttribute('data-last', '22.25');
		await expect(humidity).toHaveAttribute('data-count', '7');
		await expect(humidity).toHaveAttribute('data-last', '46');
		await expect(temperature).toContainText('7 points');
	} finally {
		await closeExternal(external);
	}
});
