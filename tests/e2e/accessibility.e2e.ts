/**
 * Issue #9 point 8: axe-core finds no violation on any view with data on screen — messages with
 * rows, a message's JSON payload (text and tree), the topic tree with a selection, every tool tab,
 * the dashboard with tiles and a chart, alerts with a rule and a log, the profile form and
 * export/import — on a desktop (1280×800) and a phone (390×844). Data comes from a real
 * Mosquitto; every view is reached the way a user would, by role and name.
 */
import type { Page } from '@playwright/test';
import { connect, createProfile, openApp, rowsFor, subscribe, uniquePrefix } from '../support/app';
import { describeFindings, scanView, type A11yFinding } from '../support/axe';
import { closeExternal, connectExternal } from '../support/external-client';
import { importGreenhouseDashboard } from '../support/greenhouse';
import { expect, test, type BrokerInfo } from '../support/fixtures';
import { openTab } from '../support/pubsub';
import { profileSwitcher, showPhoneView } from '../support/phone';

const SIZES = [
	{ name: 'desktop', width: 1280, height: 800 },
	{ name: 'phone', width: 390, height: 844 }
] as const;

/**
 * Connects a new profile, imports the dashboard and publishes telemetry, status and a retained
 * value; `whileEmpty` runs once connected and subscribed, before any message arrives.
 */
async function seed(
	page: Page,
	broker: BrokerInfo,
	prefix: string,
	whileEmpty: () => Promise<void>
): Promise<void> {
	await openApp(page);
	await createProfile(page, { name: 'Greenhouse', url: broker.wsUrl });
	await connect(page);
	await subscribe(page, `${prefix}/#`, 1);
	await importGreenhouseDashboard(page, prefix);
	await page.getByRole('tab', { name: 'Messages' }).click();
	await expect(page.getByText('No messages yet.', { exact: false })).toBeVisible();
	await whileEmpty();

	const device = await connectExternal(broker.mqttPort);
	try {
		const start = Math.floor(Date.now() / 1000) - 40;
		for (let i = 0; i < 10; i++) {
			for (const [n, name] of ['device01', 'device02'].entries()) {
				const payload = {
					timestamp: start + i * 2,
					temperature: 20 + n + Math.sin(i / 3) * 2,
					humidity: 45 + n * 5 + i,
					ok: true,
					site: { room: 'north', tags: ['a', 'b'] }
				};
				await device.publishAsync(`${prefix}/${name}/telemetry`, JSON.stringify(payload));
			}
		}
		await device.publishAsync(`${prefix}/device01/status`, 'online', { retain: true, qos: 1 });
		await device.publishAsync(`${prefix}/device02/status`, 'offline', { retain: true, qos: 1 });
	} finally {
		await closeExternal(device);
	}
	await expect(page.getByTestId('message-count')).toHaveText('22');
}

/** Opens the connection list: the sidebar on a desktop, the header's switcher on a phone. */
async function showConnections(page: Page, phone: boolean): Promise<void> {
	if (phone) await profileSwitcher(page).click();
	await expect(page.getByRole('navigation', { name: 'Connections' })).toBeVisible();
}

/**
 * Shows a tool or view: a desktop's tool tab or view tab, a phone's bottom navigation or More
 * (where Pub/Sub is two views, Subscriptions and Publish).
 */
async function showView(page: Page, phone: boolean, name: string): Promise<void> {
	if (phone) return showPhoneView(page, name === 'Pub/Sub' ? 'Subscriptions' : name);
	if (name === 'Dashboard' || name === 'Alerts' || name === 'Messages') {
		await page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
	} else {
		await openTab(page, name);
	}
}

for (const size of SIZES) {
	test(`axe finds no violation on any view with data (${size.name} ${size.width}×${size.height})`, async ({
		page,
		broker
	}) => {
		// Sixteen axe scans of a full page take a while on a 2-core machine.
		test.setTimeout(240_000);
		const prefix = uniquePrefix(`a11y-${size.name}`);
		const findings: A11yFinding[] = [];
		const scan = async (view: string) => findings.push(...(await scanView(page, view)));
		// Set up at the default desktop size (the profile list is in view), then look at `size`.
		await seed(page, broker, prefix, async () => {
			await page.setViewportSize({ width: size.width, height: size.height });
			await scan('messages list, empty');
			await page.setViewportSize({ width: 1280, height: 800 });
		});
		await page.setViewportSize({ width: size.width, height: size.height });
		const telemetry = `${prefix}/device01/telemetry`;
		const phone = size.width <= 640;

		await expect(rowsFor(page, telemetry).first()).toBeVisible();
		await scan('messages list');

		await rowsFor(page, telemetry).first().click();
		const detail = page.getByTestId('message-detail');
		await expect(detail.getByRole('heading', { name: telemetry })).toBeVisible();
		await expect(page.getByTestId('detail-payload')).toContainText('temperature');
		const layout = detail.getByRole('group', { name: 'Layout' });
		await layout.getByRole('button', { name: 'Text' }).click();
		await expect(page.getByTestId('payload-tree')).toBeHidden();
		await scan('message detail, JSON text');
		await layout.getByRole('button', { name: 'Tree' }).click();
		await expect(page.getByTestId('payload-tree')).toBeVisible();
		await scan('message detail, JSON tree');
		await detail.getByRole('button', { name: 'Plot temperature', exact: true }).click();
		const plot = page.getByRole('dialog', { name: 'Plot a value' });
		await expect(plot.getByRole('heading', { name: 'Plot temperature' })).toBeVisible();
		await scan('plot dialog');
		await page.keyboard.press('Escape');
		await expect(plot).toBeHidden();
		if (phone) {
			// On a phone the details are a sheet of their own; Escape closes it too.
			await page.keyboard.press('Escape');
			await expect(detail).toBeHidden();
		}

		if (phone) await showPhoneView(page, 'Export / import');
		else await page.getByRole('button', { name: 'Export / import' }).click();
		await expect(page.getByRole('region', { name: 'Export and import' })).toBeVisible();
		await scan('export and import');
		if (!phone) await page.getByRole('button', { name: 'Export / import' }).click();

		await showView(page, phone, 'Topics');
		const tree = page.getByRole('region', { name: 'Topics' });
		await tree.getByLabel('Find topics').fill(telemetry);
		await tree.getByRole('button', { name: 'Find', exact: true }).click();
		await tree.getByRole('list', { name: 'Matching topics' }).getByRole('button').first().click();
		const node = tree.locator(`[data-testid="topic-node"][data-path="${telemetry}"]`);
		// On a phone the found topic opens its details sheet at once (it covers the tree).
		if (!phone) await node.getByRole('button', { name: 'telemetry', exact: true }).click();
		await expect(node).toHaveAttribute('aria-selected', 'true');
		// A phone shows the selected topic's details in a sheet of their own.
		await expect((phone ? page : tree).getByTestId('topic-diff')).toBeVisible();
		await scan('topic tree with a selection');
		if (phone) {
			await page.keyboard.press('Escape');
			await expect(page.getByTestId('topic-sheet')).toHaveCount(0);
		}

		await showView(page, phone, 'Pub/Sub');
		await expect(page.getByTestId('subscription')).toHaveCount(1);
		await scan('pub/sub');
		if (phone) {
			await showPhoneView(page, 'Publish');
			await expect(page.getByRole('region', { name: 'Publish' })).toBeVisible();
			await scan('publish');
		}

		await showView(page, phone, 'Request');
		await scan('request');

		await showView(page, phone, 'Retained');
		const retained = page.getByRole('region', { name: 'Retained messages' });
		await retained.getByLabel('Retained topic filter').fill(`${prefix}/#`);
		await retained.getByRole('button', { name: 'Find retained' }).click();
		await expect(retained.getByTestId('retained-topic')).toHaveCount(2);
		await scan('retained');

		await showView(page, phone, 'Broker');
		await scan('broker');

		await showView(page, phone, 'Dashboard');
		const chart = page.getByTestId('chart');
		// Temperature and humidity of two devices (the chart's two series over a + wildcard).
		await expect(chart.getByTestId('series')).toHaveCount(4);
		await expect(page.getByTestId('status-row')).toHaveCount(2);
		await scan('dashboard');

		await showView(page, phone, 'Alerts');
		await expect(page.getByTestId('alert-rule')).toHaveCount(1);
		await expect(page.getByTestId('alert-log-entry').first()).toBeVisible();
		await scan('alerts');
		await page.getByRole('button', { name: '+ New alert' }).click();
		await expect(page.getByRole('form', { name: /alert/i })).toBeVisible();
		await scan('alert rule form');
		await page
			.getByRole('form', { name: /alert/i })
			.getByRole('button', { name: 'Cancel' })
			.click();

		await showConnections(page, phone);
		await page.getByRole('button', { name: 'Edit Greenhouse' }).click();
		await expect(page.getByRole('form', { name: 'Edit connection' })).toBeVisible();
		await scan('profile form');

		expect(describeFindings(findings)).toBe('');
	});
}
