/**
 * Screenshots of the main views for the README (docs/) on a desktop and on phones, and on every
 * phone view two checks: nothing is wider than the screen, and every button, link, field, select
 * and tab is at least 44 × 44 px. Each view at each size is also saved to test-results/screenshots/
 * for review; the README's set goes to docs/.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { connect, createProfile, openApp, rowsFor, subscribe, uniquePrefix } from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { importGreenhouseDashboard } from '../support/greenhouse';
import { expect, test } from '../support/fixtures';
import { bottomNav, expectPhoneFit, openMore, showPhoneView } from '../support/phone';

const REVIEW = 'test-results/screenshots';
const DOCS = 'docs';

/** The phone sizes: small Android, the main device (iPhone 12–15), a phone held sideways. */
const PHONES = [
	{ width: 360, height: 740 },
	{ width: 390, height: 844 },
	{ width: 844, height: 390 }
];

/** Which screenshots the README shows (the rest are for review only). */
const IN_DOCS = new Set([
	'desktop-messages-1280x800',
	'phone-messages-390x844',
	'phone-detail-390x844',
	'phone-dashboard-390x844',
	'phone-more-390x844',
	'phone-detail-844x390'
]);

/** The views under More, with the region each shows and its screenshot's name. */
const MORE_VIEWS = [
	{ name: 'Subscriptions', region: 'Subscriptions', file: 'subscriptions' },
	{ name: 'Alerts', region: 'Alert rules', file: 'alerts' },
	{ name: 'Request', region: 'Request and response', file: 'request' },
	{ name: 'Retained', region: 'Retained messages', file: 'retained' },
	{ name: 'Broker', region: 'Broker', file: 'broker' },
	{ name: 'Export / import', region: 'Export and import', file: 'transfer' }
];

/** Waits two frames, so charts redrawn at a new size are painted before a capture. */
function settle(page: Page): Promise<unknown> {
	return page.evaluate(
		() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
	);
}

/** Saves a screenshot for review and, if the README shows it, to docs/. */
async function shoot(page: Page, name: string): Promise<void> {
	await settle(page);
	await page.screenshot({ path: `${REVIEW}/${name}.png` });
	if (IN_DOCS.has(name)) await page.screenshot({ path: `${DOCS}/${name}.png` });
}

/** The details' buttons sit below the payload, not over it (a squeezed panel drew them over it). */
async function expectActionsBelowPayload(page: Page, where: string): Promise<void> {
	const detail = page.getByTestId('message-detail');
	const payload = await detail.getByTestId('detail-payload').boundingBox();
	const actions = await detail.getByRole('button', { name: 'Copy payload' }).boundingBox();
	expect(payload && actions, where).toBeTruthy();
	expect(actions!.y, where).toBeGreaterThanOrEqual(payload!.y + payload!.height);
}

// A phone held sideways or a tablet is touched, not clicked: its controls get the phone's sizes.
test.use({ hasTouch: true });

test('the main views on a desktop and on phones: screenshots, no sideways scrolling, 44 px targets', async ({
	page,
	broker
}) => {
	test.setTimeout(120_000);
	mkdirSync(REVIEW, { recursive: true });
	const prefix = uniquePrefix('shots');
	// How many lines the chart's legend lists at the moment its first points are drawn.
	await page.addInitScript(() => {
		const seen: number[] = [];
		(window as unknown as { legendAtFirstDraw: number[] }).legendAtFirstDraw = seen;
		const mark = performance.mark.bind(performance);
		performance.mark = (name, options) => {
			if (name === 'chart-first-draw') {
				seen.push(document.querySelectorAll('[data-testid=series]').length);
			}
			return mark(name, options);
		};
	});
	await openApp(page);
	await createProfile(page, { name: 'Greenhouse', url: broker.wsUrl });
	await connect(page);
	await subscribe(page, `${prefix}/#`, 1);
	await importGreenhouseDashboard(page, prefix);
	await page.getByRole('tab', { name: 'Messages' }).click();

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
				await external.publishAsync(`${prefix}/${device}/telemetry`, JSON.stringify(payload), {
					qos: 1
				});
			}
		}
		await external.publishAsync(`${prefix}/device01/status`, 'online', { retain: true, qos: 1 });
		await external.publishAsync(`${prefix}/device02/status`, 'offline', { retain: true, qos: 1 });
		await external.publishAsync(`${prefix}/lamp/state`, 'on', { qos: 1 });
	} finally {
		await closeExternal(external);
	}
	await expect(page.getByTestId('message-count')).toHaveText('63');
	const telemetry = `${prefix}/device01/telemetry`;

	// The desktop: the dashboard with the alert's toast, then tools, history, details and chart.
	await page.getByRole('tab', { name: 'Dashboard' }).click();
	await expect(page.getByTestId('status-row')).toHaveCount(2);
	await expect(page.getByTestId('alert-banner')).toContainText('Too warm');
	await shoot(page, 'desktop-dashboard-1280x800');
	// The legend shows with the chart's first points, not a refresh later.
	expect(
		await page.evaluate(
			() => (window as unknown as { legendAtFirstDraw: number[] }).legendAtFirstDraw
		)
	).toEqual([4]);
	// Dismissed, the toast stays away on every later capture (phones included).
	await page.getByRole('button', { name: 'Dismiss alerts' }).click();
	await page.getByRole('tab', { name: 'Messages' }).click();
	await rowsFor(page, telemetry).first().click();
	await page.getByRole('button', { name: 'Chart this topic' }).click();
	await expect(page.getByTestId('chart').locator('canvas')).toBeVisible();
	await shoot(page, 'desktop-messages-1280x800');
	await expectActionsBelowPayload(page, 'details beside a chart at 1280x800');
	await page.getByRole('button', { name: 'Close details' }).click();

	for (const size of PHONES) {
		const at = `${size.width}x${size.height}`;
		await page.setViewportSize(size);
		await expect(bottomNav(page)).toBeVisible();

		await showPhoneView(page, 'Messages');
		await expect(rowsFor(page, telemetry).first()).toBeVisible();
		await shoot(page, `phone-messages-${at}`);
		await expectPhoneFit(page, `messages at ${at}`);

		await rowsFor(page, telemetry).first().click();
		const detail = page.getByTestId('message-detail');
		await expect(detail.getByRole('heading', { name: telemetry })).toBeVisible();
		await shoot(page, `phone-detail-${at}`);
		await expectPhoneFit(page, `message details at ${at}`);
		await expectActionsBelowPayload(page, `message details at ${at}`);
		// A phone shows the details as a sheet (closed by its back arrow), a wider screen in a pane.
		const close = size.width <= 640 ? 'Close Message details' : 'Close details';
		await page.getByRole('button', { name: close }).click();
		await expect(detail).toBeHidden();

		await showPhoneView(page, 'Topics');
		await expect(page.getByTestId('topic-tree')).toBeVisible();
		await shoot(page, `phone-topics-${at}`);
		await expectPhoneFit(page, `topics at ${at}`);

		await showPhoneView(page, 'Dashboard');
		await expect(page.getByTestId('status-row')).toHaveCount(2);
		await expect(page.getByTestId('chart').locator('canvas')).toBeVisible();
		await shoot(page, `phone-dashboard-${at}`);
		await expectPhoneFit(page, `dashboard at ${at}`);

		await showPhoneView(page, 'Publish');
		await expect(page.getByRole('region', { name: 'Publish' })).toBeVisible();
		await shoot(page, `phone-publish-${at}`);
		await expectPhoneFit(page, `publish at ${at}`);

		const moreSheet = await openMore(page);
		await shoot(page, `phone-more-${at}`);
		await expectPhoneFit(page, `More at ${at}`);
		await page.keyboard.press('Escape');
		await expect(moreSheet).toBeHidden();

		// The views under More: saved for review, checked like the rest.
		for (const label of MORE_VIEWS) {
			await showPhoneView(page, label.name);
			await expect(page.getByRole('region', { name: label.region })).toBeVisible();
			await shoot(page, `phone-${label.file}-${at}`);
			await expectPhoneFit(page, `${label.name} at ${at}`);
		}

		const more = await openMore(page);
		// More leads to the connections (the same sheet), and on to a profile's form.
		await more.getByRole('button', { name: /^Connections/ }).click();
		const connections = page.getByRole('dialog', { name: 'Connections' });
		await expect(connections.getByRole('navigation', { name: 'Connections' })).toBeVisible();
		await shoot(page, `phone-connections-${at}`);
		await expectPhoneFit(page, `connections at ${at}`);
		await connections.getByRole('button', { name: 'Edit Greenhouse' }).click();
		const form = page.getByRole('dialog', { name: 'Edit connection' });
		await expect(form.getByLabel('Broker URL')).toHaveValue(broker.wsUrl);
		await shoot(page, `phone-form-${at}`);
		await expectPhoneFit(page, `profile form at ${at}`);
		await page.keyboard.press('Escape');
		await expect(form).toBeHidden();
	}
});
