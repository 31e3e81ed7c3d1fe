/**
 * No export, share link or log carries a secret: with a distinctive password remembered, every
 * file the app can produce (history as NDJSON, CSV and JSON, a chart's CSV, the dashboard file),
 * the share link, what it unpacks to and its QR code, and everything written to the console
 * (page and engine worker), are searched for it. There is no profile export besides the share
 * link. IndexedDB itself is searched in secrets.e2e.ts.
 */
import { readFile } from 'node:fs/promises';
import type { Download, Locator, Page } from '@playwright/test';
import { connect, createProfile, openApp, rowsFor, uniquePrefix } from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';
import { publishFromApp } from '../support/pubsub';
import { readQrCode, sharePayloadText } from '../support/share-reading';

const SECRET = 'Quokka-Secret-9071';

async function text(download: Download): Promise<string> {
	return (await readFile(await download.path())).toString('utf8');
}

/** Clicks `button` and returns the file it downloads. */
async function downloadFrom(page: Page, button: Locator): Promise<{ name: string; text: string }> {
	const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
	return { name: download.suggestedFilename(), text: await text(download) };
}

test('no export, share link or console line carries the remembered password', async ({
	page,
	broker
}) => {
	test.setTimeout(90_000);
	const logs: string[] = [];
	page.on('console', (message) => logs.push(`${message.type()}: ${message.text()}`));
	page.on('pageerror', (error) => logs.push(`pageerror: ${error.message}\n${error.stack}`));

	const prefix = uniquePrefix('leak');
	const topic = `${prefix}/sensor`;
	await openApp(page);
	// The anonymous listener takes any credentials: the password travels in CONNECT all the same.
	await createProfile(page, {
		name: 'Leak check',
		url: broker.wsUrl,
		username: 'leak-user',
		password: SECRET,
		rememberPassword: true,
		subscriptions: [`${prefix}/#`]
	});
	await page.reload();
	await openApp(page);
	await connect(page);

	await publishFromApp(page, { topic: `${prefix}/from-app`, payload: '{"level":3}', qos: 1 });
	const external = await connectExternal(broker.mqttPort);
	try {
		for (const [i, temperature] of [20, 21.5, 23].entries()) {
			await external.publishAsync(topic, JSON.stringify({ i, temperature }), { qos: 1 });
		}
	} finally {
		await closeExternal(external);
	}
	await expect(rowsFor(page, topic)).toHaveCount(3);

	const produced: { what: string; text: string }[] = [];

	// History, in every format the export offers.
	await page.getByRole('button', { name: 'Export / import' }).click();
	const transfer = page.getByRole('region', { name: 'Export and import' });
	const formats = await transfer
		.getByLabel('Format')
		.locator('option')
		.evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
	expect(formats).toEqual(expect.arrayContaining(['ndjson', 'csv']));
	for (const format of formats) {
		await transfer.getByLabel('Format').selectOption(format);
		const file = await downloadFrom(
			page,
			transfer.getByRole('button', { name: 'Export', exact: true })
		);
		expect(file.text, `history ${format}`).toContain(topic);
		produced.push({ what: `history ${format} (${file.name})`, text: file.text });
	}

	// A chart's CSV.
	await rowsFor(page, topic).first().click();
	await page.getByRole('button', { name: 'Chart this topic' }).click();
	const chart = page
		.locator(`[data-testid="chart-slot"][data-topic="${topic}"]`)
		.getByTestId('chart');
	await expect(chart.locator('canvas')).toBeVisible();
	const seriesCsv = await downloadFrom(page, chart.getByRole('button', { name: 'CSV' }));
	expect(seriesCsv.text).toContain('temperature');
	produced.push({ what: `series CSV (${seriesCsv.name})`, text: seriesCsv.text });

	// The dashboard file, with one tile on it.
	await page.getByRole('tab', { name: 'Dashboard' }).click();
	const dashboard = page.getByRole('region', { name: 'Dashboard' });
	await dashboard.getByRole('button', { name: 'Add tile ▾' }).click();
	await page.getByRole('menuitem', { name: 'Number' }).click();
	const editor = page.getByRole('form', { name: 'New number tile' });
	await editor.getByLabel('Title').fill('Temperature');
	await editor.getByLabel('Topic filter').fill(topic);
	await editor.getByLabel('Path').fill('temperature');
	await editor.getByRole('button', { name: 'Add tile' }).click();
	await dashboard.getByRole('button', { name: 'File ▾' }).click();
	const dashboardFile = await downloadFrom(
		page,
		dashboard.getByRole('button', { name: 'Export JSON' })
	);
	expect(dashboardFile.text).toContain(topic);
	produced.push({ what: `dashboard (${dashboardFile.name})`, text: dashboardFile.text });

	// The share link, what it unpacks to, and its QR code.
	await page
		.getByRole('navigation', { name: 'Connections' })
		.getByRole('button', { name: 'Share Leak check', exact: true })
		.click();
	const share = page.getByTestId('share-dialog');
	await share.getByLabel('Include the dashboard and alert rules').check();
	const field = share.getByLabel('Share link', { exact: true });
	await expect(field).toHaveValue(/#share=1\./);
	const link = await field.inputValue();
	const unpacked = sharePayloadText(link);
	expect(unpacked).toContain(broker.wsUrl);
	const qr = await readQrCode(page, share.getByTestId('qr-code'));
	expect(qr).toBe(link);
	await expect(share.getByTestId('share-never')).toContainText('the password');
	produced.push(
		{ what: 'share link', text: link },
		{ what: 'share payload', text: unpacked },
		{ what: 'share QR code', text: qr ?? '' },
		{ what: 'share dialog text', text: await share.innerText() }
	);
	await page.keyboard.press('Escape');

	produced.push({ what: 'console', text: logs.join('\n') });
	for (const { what, text: content } of produced) {
		expect(content, `${what} carries the password`).not.toContain(SECRET);
	}
});
