/**
 * A newly plotted chart (issue #9): named by the device and the field ("device01 · temperature",
 * editable), with the same window as the dashboard's other charts, and on a phone its time
 * labels fit (checked by screenshot at 390×844).
 */
import type { Locator, Page } from '@playwright/test';
import { createProfile, openApp, uniquePrefix } from '../support/app';
import { expect, test } from '../support/fixtures';
import { openDetail } from '../support/pubsub';

test.use({ locale: 'en-US', timezoneId: 'UTC' });

function dashboardView(page: Page): Locator {
	return page.getByRole('region', { name: 'Dashboard' });
}

function tile(page: Page, title: string): Locator {
	return dashboardView(page).locator(`[data-testid="tile"][data-title="${title}"]`);
}

/** Opens the plot dialog for `path` of the open message, into a new chart. */
async function openPlot(page: Page, detail: Locator, path: string): Promise<Locator> {
	await detail.getByRole('button', { name: `Plot ${path}`, exact: true }).click();
	const dialog = page.getByRole('dialog', { name: 'Plot a value' });
	await expect(dialog.getByRole('heading', { name: `Plot ${path}` })).toBeVisible();
	await dialog.getByLabel('Add to chart').selectOption({ label: 'New chart' });
	return dialog;
}

test('a plotted chart is named by device and field, with the dashboard’s window, and fits a phone', async ({
	page,
	broker
}, testInfo) => {
	const prefix = uniquePrefix('plot-name');
	const topic = `${prefix}/device01/telemetry`;
	await openApp(page);
	await createProfile(page, { name: 'Plot names', url: broker.wsUrl });
	// An hour of readings, one a minute, imported as history: the time axis has an hour to label.
	const now = Date.now();
	const lines = [JSON.stringify({ mqttScopeExport: 1, profile: 'plot', exportedAt: '' })];
	for (let i = 0; i < 60; i++) {
		const payload = { temperature: 20 + (i % 5), humidity: 40 + (i % 7) };
		const base64 = Buffer.from(JSON.stringify(payload)).toString('base64');
		lines.push(
			JSON.stringify({
				direction: 'in',
				topic,
				payloadBase64: base64,
				qos: 0,
				retain: false,
				dup: false,
				time: now - (59 - i) * 60_000
			})
		);
	}
	await page.getByRole('button', { name: 'Export / import' }).click();
	const transfer = page.getByRole('region', { name: 'Export and import' });
	await transfer.locator('input[type=file]').setInputFiles({
		name: 'hour.ndjson',
		mimeType: 'application/x-ndjson',
		buffer: Buffer.from(lines.join('\n'))
	});
	await expect(transfer.getByTestId('import-result')).toHaveText('Imported 60 messages.');
	await expect(page.getByTestId('message-count')).toHaveText('60');

	// The first chart: its suggested name says which device and which field.
	const detail = await openDetail(page, topic);
	let dialog = await openPlot(page, detail, 'temperature');
	await expect(dialog.getByLabel('Chart title')).toHaveValue('device01 · temperature');
	await dialog.getByRole('button', { name: 'Add to chart' }).click();
	await expect(dialog.getByTestId('plot-added')).toContainText('Added to device01 · temperature');
	await dialog.getByRole('button', { name: 'Open dashboard' }).click();
	const first = tile(page, 'device01 · temperature');
	await expect(first).toBeVisible();
	await expect(first.getByTestId('chart')).toHaveAttribute('data-state', 'ready');
	await page.screenshot({ path: testInfo.outputPath('dashboard-1h-1280.png') });
	await page.setViewportSize({ width: 390, height: 844 });
	// The phone layout replaces the desktop one, tiles included: retry until the new tile holds.
	await expect(async () => first.scrollIntoViewIfNeeded({ timeout: 1_000 })).toPass();
	await first.screenshot({ path: testInfo.outputPath('chart-1h-390.png') });
	await page.setViewportSize({ width: 1280, height: 800 });
	// The user narrows the dashboard to 5 minutes.
	await first.getByLabel('Time window').selectOption({ label: '5 min' });

	// The second chart takes the dashboard's window, and a title the user typed.
	await page.getByRole('tab', { name: 'Messages' }).click();
	const again = await openDetail(page, topic);
	dialog = await openPlot(page, again, 'humidity');
	await expect(dialog.getByLabel('Chart title')).toHaveValue('device01 · humidity');
	await dialog.getByLabel('Chart title').fill('Lab humidity');
	await dialog.getByRole('button', { name: 'Add to chart' }).click();
	await dialog.getByRole('button', { name: 'Open dashboard' }).click();
	const second = tile(page, 'Lab humidity');
	await expect(second.getByLabel('Time window')).toHaveValue(String(5 * 60_000));
	await expect(second.getByTestId('chart')).toHaveAttribute('data-state', 'ready');

	await page.setViewportSize({ width: 390, height: 844 });
	// The phone layout replaces the desktop one, tiles included: retry until the new tile holds.
	await expect(async () => first.scrollIntoViewIfNeeded({ timeout: 1_000 })).toPass();
	await expect(first.getByTestId('chart')).toHaveAttribute('data-state', 'ready');
	await first.screenshot({ path: testInfo.outputPath('chart-390.png') });
	await page.screenshot({ path: testInfo.outputPath('dashboard-390.png') });
});
