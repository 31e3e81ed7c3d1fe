/**
 * The service worker precaches the app shell, so the app starts with the network off; and with
 * the server and every broker gone, the stored history is still the user's to read and export.
 */
import { readFile } from 'node:fs/promises';
import {
	connect,
	connectionBar,
	connectionState,
	openApp,
	profileButton,
	rowsFor,
	uniquePrefix
} from '../support/app';
import { createConnectionProfile } from '../support/connection-profile';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';
import { openDetail, openTab } from '../support/pubsub';
import { startStaticServer } from '../support/static-server';

test('after one online visit the app starts offline from the service worker', async ({
	page,
	context
}) => {
	await openApp(page);
	// `ready` resolves once the worker is active, i.e. after it precached the whole shell.
	const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
	expect(new URL(scope).pathname).toBe('/');
	// The first page load is not controlled by a worker installed during it (no clients.claim).
	if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) {
		await page.reload();
	}
	await expect
		.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
		.toBe(true);

	await context.setOffline(true);
	try {
		// Prove the network is really off for this page: a fetch the worker does not cache fails.
		const direct = await page.evaluate(() =>
			fetch(`/not-cached-${Date.now()}.txt`, { cache: 'no-store' }).then(
				(r) => `status ${r.status}`,
				() => 'network error'
			)
		);
		expect(direct).toBe('network error');

		const response = await page.reload();
		expect(response?.fromServiceWorker()).toBe(true);
		await expect(page.getByRole('heading', { name: 'Connections' })).toBeVisible();
		await expect(profileButton(page, 'Local demo')).toBeVisible();
		await expect(page.getByRole('region', { name: 'Connection' })).toContainText('Local demo');
		await expect(page.getByRole('button', { name: '+ New' })).toBeEnabled();
	} finally {
		await context.setOffline(false);
	}
});

test('with the server and the broker gone, stored history is browsed, filtered, charted and exported', async ({
	page: firstVisit,
	context,
	startBroker
}) => {
	test.setTimeout(90_000);
	// A private server and broker, both stopped halfway: nobody else is served from them.
	const server = await startStaticServer(process.env.E2E_BUILD_DIR || 'build');
	let serverStopped = false;
	const broker = await startBroker();
	const p = uniquePrefix('offline');
	const device01 = `${p}/device01/telemetry`;
	const device02 = `${p}/device02/telemetry`;
	const door = `${p}/door/status`;
	try {
		// The first visit, online: the worker installs and takes control after one reload.
		await openApp(firstVisit, `${server.url}/`);
		await firstVisit.evaluate(async () => void (await navigator.serviceWorker.ready));
		await firstVisit.reload();
		await expect
			.poll(() => firstVisit.evaluate(() => navigator.serviceWorker.controller !== null))
			.toBe(true);

		await createConnectionProfile(firstVisit, {
			name: 'Field',
			url: broker.wsUrl,
			subscriptions: [{ filter: `${p}/#`, qos: 1 }]
		});
		await connect(firstVisit);
		const device = await connectExternal(broker.mqttPort);
		try {
			const start = Date.now() - 60_000;
			for (let i = 0; i < 5; i++) {
				const reading = { timestamp: start + i * 5000, temperature: 20 + i, humidity: 40 + i };
				await device.publishAsync(device01, JSON.stringify(reading), { qos: 1 });
			}
			for (let i = 0; i < 3; i++) {
				const reading = { timestamp: start + i * 5000, temperature: 15 + i, humidity: 60 };
				await device.publishAsync(device02, JSON.stringify(reading), { qos: 1 });
			}
			await device.publishAsync(door, 'door is open', { qos: 1 });
		} finally {
			await closeExternal(device);
		}
		await expect(rowsFor(firstVisit, device01)).toHaveCount(5);
		await expect(rowsFor(firstVisit, device02)).toHaveCount(3);
		await expect(rowsFor(firstVisit, door)).toHaveCount(1);

		// A dashboard chart of every device's temperature, through the plot button.
		const detail = await openDetail(firstVisit, device01);
		await detail.getByRole('button', { name: 'Plot temperature', exact: true }).click();
		const plot = firstVisit.getByRole('dialog', { name: 'Plot a value' });
		await plot.locator(`input[type=radio][value="${p}/+/telemetry"]`).check();
		await plot.getByLabel('Add to chart').selectOption({ label: 'New chart' });
		await plot.getByRole('button', { name: 'Add to chart' }).click();
		await expect(plot.getByTestId('plot-added')).toContainText('Added to temperature');
		await plot.getByRole('button', { name: 'Close' }).click();

		// The network goes: the server and the broker stop, and the browser is offline too.
		await server.stop();
		serverStopped = true;
		await broker.stop();
		await context.setOffline(true);

		// The app opened anew, as from the home screen: a new window, served by the worker.
		await firstVisit.close();
		const page = await context.newPage();
		const response = await page.goto(`${server.url}/`);
		expect(response?.fromServiceWorker()).toBe(true);
		await expect(profileButton(page, 'Field')).toBeVisible();
		await expect(profileButton(page, 'Local demo')).toBeVisible();
		await profileButton(page, 'Field').click();

		// The stored history, newest first, with nothing waiting on the broker.
		await expect(page.getByTestId('message-count')).toHaveText('9');
		await expect(rowsFor(page, device01)).toHaveCount(5);
		await expect(rowsFor(page, door).getByTestId('message-preview')).toHaveText('door is open');

		// A topic filter and a payload-text filter over the stored history.
		const bar = page.getByTestId('filter-bar');
		const filtered = page.getByTestId('filtered-list');
		await bar.getByTestId('filter-topic').fill(`${p}/device02/#`);
		await expect(page.getByTestId('filter-done')).toBeVisible();
		await expect(filtered.getByTestId('message-row')).toHaveCount(3);
		await expect(page.getByTestId('filter-count')).toContainText('3 matches');
		await bar.getByTestId('filter-topic').fill('');
		await bar.getByTestId('filter-text').fill('open');
		await expect(page.getByTestId('filter-done')).toBeVisible();
		await expect(filtered.getByTestId('message-row')).toHaveCount(1);
		await expect(filtered.getByTestId('message-row')).toHaveAttribute('data-topic', door);
		await page.getByTestId('filter-clear').click();
		await expect(page.getByTestId('message-list')).toBeVisible();

		// The topic tree lists the stored topics.
		await openTab(page, 'Topics');
		const tree = page.getByRole('region', { name: 'Topics' });
		await expect(tree.getByTestId('topic-count')).toHaveText('3');
		await tree.getByLabel('Find topics').fill('device02');
		await tree.getByRole('button', { name: 'Find', exact: true }).click();
		await expect(tree.getByRole('button', { name: device02 })).toBeVisible();

		// The dashboard's chart draws both devices from history, one line each.
		await openTab(page, 'Dashboard');
		const chart = page
			.getByRole('region', { name: 'Dashboard' })
			.locator('[data-testid="tile"][data-title="temperature"]');
		const line = (name: string) => chart.locator(`[data-testid="series"][data-name="${name}"]`);
		await expect(line('device01')).toHaveAttribute('data-count', '5');
		await expect(line('device01')).toHaveAttribute('data-last', '24');
		await expect(line('device02')).toHaveAttribute('data-count', '3');

		// A quick chart of one topic, from history too.
		await openTab(page, 'Messages');
		await rowsFor(page, device02).first().click();
		await page.getByRole('button', { name: 'Chart this topic' }).click();
		const quick = page
			.locator(`[data-testid="chart-slot"][data-topic="${device02}"]`)
			.getByTestId('chart');
		await expect(quick).toHaveAttribute('data-state', 'ready');
		await expect(quick.locator('[data-testid="series"][data-name="humidity"]')).toHaveAttribute(
			'data-count',
			'3'
		);

		// And the whole history downloads as NDJSON.
		await openTab(page, 'Messages');
		await page.getByRole('button', { name: 'Export / import' }).click();
		const transfer = page.getByRole('region', { name: 'Export and import' });
		await transfer.getByLabel('Format').selectOption('ndjson');
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			transfer.getByRole('button', { name: 'Export', exact: true }).click()
		]);
		expect(download.suggestedFilename()).toMatch(/^mqtt-scope-Field-.*\.ndjson$/);
		await expect(transfer.getByTestId('export-result')).toHaveText('Exported 9 messages.');
		const lines = (await readFile(await download.path(), 'utf8')).trimEnd().split('\n');
		expect(JSON.parse(lines[0])).toMatchObject({ mqttScopeExport: 1 });
		const exported = lines.slice(1).map((line) => JSON.parse(line) as Record<string, unknown>);
		expect(exported).toHaveLength(9);
		expect(exported.filter((m) => m.topic === device01)).toHaveLength(5);
		expect(exported.find((m) => m.topic === door)).toMatchObject({ payloadText: 'door is open' });

		// Connecting with no network fails in words, and the history stays on screen.
		await connectionBar(page).getByRole('button', { name: 'Connect' }).click();
		await expect(connectionState(page)).toHaveAttribute('data-state', 'disconnected', {
			timeout: 15_000
		});
		await expect(page.getByTestId('connection-reason')).not.toBeEmpty();
		await expect(rowsFor(page, device01)).toHaveCount(5);
	} finally {
		await context.setOffline(false);
		if (!serverStopped) await server.stop();
	}
});
