/**
 * Dashboards (issue #5): click to plot from a message's payload into a chart tile, number,
 * gauge and status tiles fed from history and kept live, a reload that brings it all back,
 * and export/import of the dashboard as readable JSON.
 */
import type { Locator, Page } from '@playwright/test';
import {
	connect,
	createProfile,
	openApp,
	profileButton,
	rowsFor,
	subscribe,
	uniquePrefix
} from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';
import { openDetail, openTab } from '../support/pubsub';

function dashboardView(page: Page): Locator {
	return page.getByRole('region', { name: 'Dashboard' });
}

function tile(page: Page, title: string): Locator {
	return dashboardView(page).locator(`[data-testid="tile"][data-title="${title}"]`);
}

/** Plots a value of the open message through the plot dialog. */
async function plot(
	page: Page,
	detail: Locator,
	path: string,
	options: { filter: string; target: string; unit?: string; axis?: 'Left' | 'Right' }
): Promise<void> {
	await detail.getByRole('button', { name: `Plot ${path}`, exact: true }).click();
	const dialog = page.getByRole('dialog', { name: 'Plot a value' });
	await expect(dialog.getByRole('heading', { name: `Plot ${path}` })).toBeVisible();
	await dialog.locator(`input[type=radio][value="${options.filter}"]`).check();
	await dialog.getByLabel('Add to chart').selectOption({ label: options.target });
	if (options.unit) await dialog.getByLabel('Unit').fill(options.unit);
	if (options.axis) await dialog.getByLabel('Axis').selectOption({ label: options.axis });
	await dialog.getByRole('button', { name: 'Add to chart' }).click();
	await expect(dialog.getByTestId('plot-added')).toContainText('Added to temperature');
}

/** Adds a tile through "Add tile" and its editor; `fill` fills the kind's fields. */
async function addTile(
	page: Page,
	kind: 'Number' | 'Gauge' | 'Status',
	fill: (editor: Locator) => Promise<void>
): Promise<void> {
	await dashboardView(page).getByRole('button', { name: 'Add tile ▾' }).click();
	await page.getByRole('menuitem', { name: kind }).click();
	const editor = page.getByRole('form', { name: `New ${kind.toLowerCase()} tile` });
	await fill(editor);
	await editor.getByRole('button', { name: 'Add tile' }).click();
	await expect(editor).toBeHidden();
}

test('click to plot builds a dashboard that survives a reload, exports and imports', async ({
	page,
	broker
}) => {
	test.setTimeout(90_000);
	page.on('dialog', (dialog) => void dialog.accept());
	const prefix = uniquePrefix('dashboard');
	const wildcard = `${prefix}/+/telemetry`;
	const device01 = `${prefix}/device01/telemetry`;
	const device02 = `${prefix}/device02/telemetry`;

	await openApp(page);
	await createProfile(page, { name: 'Dashboards', url: broker.wsUrl });
	await connect(page);
	await subscribe(page, `${prefix}/#`, 1);

	const external = await connectExternal(broker.mqttPort);
	try {
		await external.publishAsync(`${prefix}/device01/status`, 'online', { qos: 1, retain: true });
		await external.publishAsync(`${prefix}/device02/status`, 'offline', { qos: 1, retain: true });
		const start = Math.floor(Date.now() / 1000) - 60;
		const readings: [string, number, number][] = [
			[device01, 20.5, 40],
			[device02, 18, 55],
			[device01, 21, 41.5],
			[device02, 18.25, 56],
			[device01, 21.5, 42]
		];
		for (const [i, [topic, temperature, humidity]] of readings.entries()) {
			const payload = JSON.stringify({ timestamp: start + i, temperature, humidity });
			await external.publishAsync(topic, payload, { qos: 1 });
		}
		await expect(rowsFor(page, device01)).toHaveCount(3);
		await expect(rowsFor(page, device02)).toHaveCount(2);

		// The dashboard starts empty and says how to fill it.
		await openTab(page, 'Dashboard');
		await expect(dashboardView(page).getByTestId('dashboard-empty')).toContainText('Click to plot');
		await openTab(page, 'Messages');

		// Plot temperature (JSON text layout: a row of plot buttons) into a new chart ...
		const detail = await openDetail(page, device01);
		await plot(page, detail, 'temperature', { filter: wildcard, target: 'New chart', unit: '°C' });
		await page
			.getByRole('dialog', { name: 'Plot a value' })
			.getByRole('button', { name: 'Close' })
			.click();
		// ... and humidity (tree layout: a plot button beside the value) into the same chart.
		await detail.getByRole('button', { name: 'Tree' }).click();
		await plot(page, detail, 'humidity', {
			filter: wildcard,
			target: 'temperature',
			axis: 'Right'
		});
		// "Chart this topic" still works beside it.
		await page
			.getByRole('dialog', { name: 'Plot a value' })
			.getByRole('button', { name: 'Open dashboard' })
			.click();
		await expect(page.getByRole('tab', { name: 'Dashboard' })).toHaveAttribute(
			'aria-selected',
			'true'
		);
		await expect(tile(page, 'temperature')).toBeVisible();

		await addTile(page, 'Number', async (editor) => {
			await editor.getByLabel('Title').fill('Device 1');
			await editor.getByLabel('Topic filter').fill(device01);
			await editor.getByLabel('Path').fill('temperature');
			await editor.getByLabel('Unit').fill('°C');
			await editor.getByLabel('Decimals').fill('1');
		});
		await addTile(page, 'Status', async (editor) => {
			await editor.getByLabel('Title').fill('Devices');
			await editor.getByLabel('Topic filter').fill(`${prefix}/+/status`);
		});
		await addTile(page, 'Gauge', async (editor) => {
			// A wrong range is explained in words and nothing is added.
			await editor.getByLabel('Title').fill('Humidity');
			await editor.getByLabel('Topic filter').fill(device02);
			await editor.getByLabel('Path').fill('humidity');
			await editor.getByLabel('Minimum').fill('100');
			await editor.getByRole('button', { name: 'Add tile' }).click();
			await expect(editor.getByTestId('tile-errors')).toContainText(
				'minimum must be a number below'
			);
			await editor.getByLabel('Minimum').fill('0');
		});

		const number = tile(page, 'Device 1');
		await expect(number.getByTestId('number-value')).toHaveText('21.5 °C');
		await expect(number).toContainText(device01);
		const status = tile(page, 'Devices');
		await expect(status.getByTestId('status-row')).toHaveCount(2);
		await expect(status.locator('[data-testid="status-row"][data-ok="true"]')).toContainText(
			'device01'
		);
		await expect(status.locator('[data-testid="status-row"][data-ok="false"]')).toContainText(
			'offline'
		);
		await expect(tile(page, 'Humidity').getByTestId('gauge')).toHaveAttribute('data-value', '56');

		// Live: new messages reach the number and status tiles.
		await external.publishAsync(
			device01,
			JSON.stringify({ timestamp: start + 5, temperature: 22.25, humidity: 43 }),
			{ qos: 1 }
		);
		await external.publishAsync(`${prefix}/device02/status`, 'online', { qos: 1, retain: true });
		await expect(number.getByTestId('number-value')).toHaveText('22.3 °C');
		await expect(status.locator('[data-testid="status-row"][data-ok="true"]')).toHaveCount(2);

		// The chart: one line per device for each series, from history and live.
		const chart = tile(page, 'temperature');
		const line = (name: string) => chart.locator(`[data-testid="series"][data-name="${name}"]`);
		const checkChart = async () => {
			await expect(chart.getByTestId('series')).toHaveCount(4);
			await expect(line('temperature · device01')).toHaveAttribute('data-count', '4');
			await expect(line('temperature · device01')).toHaveAttribute('data-last', '22.25');
			await expect(line('temperature · device02')).toHaveAttribute('data-last', '18.25');
			await expect(line('humidity · device01')).toHaveAttribute('data-last', '43');
			await expect(line('humidity · device02')).toHaveAttribute('data-count', '2');
		};
		await checkChart();

		// Rearranging with the keyboard-friendly buttons.
		await dashboardView(page).getByRole('button', { name: 'Edit layout' }).click();
		await dashboardView(page).getByRole('button', { name: 'Move Devices earlier' }).click();
		await expect(dashboardView(page).getByTestId('tile').nth(1)).toHaveAttribute(
			'data-title',
			'Devices'
		);
		await dashboardView(page).getByRole('button', { name: 'Done editing' }).click();

		// A reload brings the dashboard back with values from history.
		await page.reload();
		await profileButton(page, 'Dashboards').click();
		await openTab(page, 'Dashboard');
		await expect(dashboardView(page).getByTestId('tile')).toHaveCount(4);
		await expect(dashboardView(page).getByTestId('tile').nth(1)).toHaveAttribute(
			'data-title',
			'Devices'
		);
		await expect(number.getByTestId('number-value')).toHaveText('22.3 °C');
		await expect(status.locator('[data-testid="status-row"][data-ok="true"]')).toHaveCount(2);
		await checkChart();

		// Export as readable JSON, from the File menu.
		await dashboardView(page).getByRole('button', { name: 'File ▾' }).click();
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			dashboardView(page).getByRole('button', { name: 'Export JSON' }).click()
		]);
		expect(download.suggestedFilename()).toBe('Dashboards-dashboard.json');
		const { readFile } = await import('node:fs/promises');
		const text = (await readFile(await download.path())).toString('utf8');
		const file = JSON.parse(text) as { format: string; tiles: { title: string }[] };
		expect(file.format).toBe('mqtt-scope-dashboard');
		expect(file.tiles.map((t) => t.title)).toEqual([
			'temperature',
			'Devices',
			'Device 1',
			'Humidity'
		]);
		expect(text).not.toContain('profileId');
		expect(text).toContain('\n  "tiles": [\n');

		// A broken file is refused with a reason, and the dashboard stays.
		const input = dashboardView(page).getByLabel('Dashboard file to import');
		await input.setInputFiles({
			name: 'broken.json',
			mimeType: 'application/json',
			buffer: Buffer.from(
				'{"format": "mqtt-scope-dashboard", "version": 1, "tiles": [{"kind": "pie", "title": "Pie"}]}'
			)
		});
		await expect(dashboardView(page).getByTestId('dashboard-import-error')).toContainText(
			'Tile 1 "Pie": unknown kind'
		);
		await expect(dashboardView(page).getByTestId('tile')).toHaveCount(4);

		// Removing every tile, then importing the file, brings them back.
		for (const title of ['temperature', 'Devices', 'Device 1', 'Humidity']) {
			await dashboardView(page)
				.getByRole('button', { name: `Remove ${title}` })
				.click();
		}
		await expect(dashboardView(page).getByTestId('dashboard-empty')).toBeVisible();
		await input.setInputFiles({
			name: 'dash.json',
			mimeType: 'application/json',
			buffer: Buffer.from(text)
		});
		await expect(dashboardView(page).getByTestId('tile')).toHaveCount(4);
		await expect(number.getByTestId('number-value')).toHaveText('22.3 °C');
		await checkChart();

		// Drag and drop by a tile's header rearranges on a desktop screen.
		await dashboardView(page)
			.getByRole('group', { name: 'Humidity: drag to rearrange' })
			.dragTo(tile(page, 'temperature'));
		await expect(dashboardView(page).getByTestId('tile').first()).toHaveAttribute(
			'data-title',
			'Humidity'
		);
	} finally {
		await closeExternal(external);
	}
});

test('keys with spaces and dots, array elements and booleans plot with one click', async ({
	page,
	broker
}) => {
	const prefix = uniquePrefix('plot-paths');
	const topic = `${prefix}/kiln/state`;
	await openApp(page);
	await createProfile(page, { name: 'Odd paths', url: broker.wsUrl });
	await connect(page);
	await subscribe(page, `${prefix}/#`, 1);

	const external = await connectExternal(broker.mqttPort);
	try {
		for (const [i, on] of [true, false, true].entries()) {
			const payload = { 'room 1': { 'a.b': [i, 2.5 + i] }, heater: { on } };
			await external.publishAsync(topic, JSON.stringify(payload), { qos: 1 });
		}
		await expect(rowsFor(page, topic)).toHaveCount(3);
	} finally {
		await closeExternal(external);
	}

	const detail = await openDetail(page, topic);
	await detail.getByRole('button', { name: 'Tree' }).click();
	// "a.b" sits below the levels the tree opens at first.
	await detail
		.locator('[data-testid="tree-node"][data-path=\'["room 1"]["a.b"]\']')
		.getByRole('button', { name: 'Expand' })
		.first()
		.click();
	const dialog = page.getByRole('dialog', { name: 'Plot a value' });
	const plotInto = async (path: string, target: string) => {
		await detail.getByRole('button', { name: `Plot ${path}`, exact: true }).click();
		await dialog.getByLabel('Add to chart').selectOption({ label: target });
		await dialog.getByRole('button', { name: 'Add to chart' }).click();
		await expect(dialog.getByTestId('plot-added')).toBeVisible();
	};
	await plotInto('["room 1"]["a.b"][1]', 'New chart');
	const title = (await dialog.getByTestId('plot-added').locator('strong').textContent()) ?? '';
	await dialog.getByRole('button', { name: 'Close' }).click();
	await plotInto('heater.on', title);
	await dialog.getByRole('button', { name: 'Open dashboard' }).click();

	// One tile, whatever the title made from the path looks like.
	await expect(dashboardView(page).getByTestId('tile')).toHaveCount(1);
	const chart = dashboardView(page).getByTestId('chart');
	// Single-quoted attribute values: the names hold double quotes and brackets.
	const line = (name: string) => chart.locator(`[data-testid="series"][data-name='${name}']`);
	await expect(line('["room 1"]["a.b"][1]')).toHaveAttribute('data-last', '4.5');
	await expect(line('["room 1"]["a.b"][1]')).toHaveAttribute('data-count', '3');
	// A boolean is plotted as 1/0: true, false, true.
	await expect(line('heater.on')).toHaveAttribute('data-last', '1');
	await expect(line('heater.on')).toHaveAttribute('data-count', '3');
});
