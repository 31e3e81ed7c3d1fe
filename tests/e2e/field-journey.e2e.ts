/**
 * Issue #9's "done when", as a user in the field does it on a 390 × 844 phone: connect, find one
 * device's topic, read its payload, plot a value, set an alert, publish a command and share the
 * profile. Each task starts from the main view (the live messages) and reaches the place where it
 * is done within three taps; typing and the form's own submit are not counted. Every screen on
 * the way is checked for sideways scrolling and tap targets under 44 px.
 */
import type { Locator, Page } from '@playwright/test';
import { fillProfileForm, profileForm, rowsFor, uniquePrefix } from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';
import { appHeader, bottomNav, expectPhoneFit, profileSwitcher } from '../support/phone';

test.use({ viewport: { width: 390, height: 844 } });

/** Counts the taps of one task; `from main` puts the app back on the main view first. */
class Taps {
	count = 0;

	constructor(private readonly page: Page) {}

	/** Taps a control and counts it. */
	async tap(target: Locator): Promise<void> {
		await target.click();
		this.count++;
	}

	/** Closes any sheet and shows the live messages, then starts counting again. */
	async fromMain(): Promise<void> {
		while ((await this.page.getByRole('dialog').count()) > 0) {
			await this.page.keyboard.press('Escape');
		}
		await bottomNav(this.page).getByRole('button', { name: 'Messages', exact: true }).click();
		await expect(this.page.getByTestId('message-list')).toBeVisible();
		this.count = 0;
	}
}

test('a user connects, finds a device, reads, plots, alerts, publishes and shares within three taps each', async ({
	page,
	broker
}) => {
	test.setTimeout(90_000);
	const p = uniquePrefix('journey');
	const device01 = `${p}/site/device01/telemetry`;
	// The broker's listener that asks for a username and password (alice may read everything).
	const { username, password } = broker.users.alice;

	// The profile, made once on the phone (the header's switcher, then the form sheet).
	await page.goto('/');
	await profileSwitcher(page).click();
	await page
		.getByRole('dialog', { name: 'Connections' })
		.getByRole('button', { name: '+ New' })
		.click();
	await fillProfileForm(profileForm(page), {
		name: 'Greenhouse',
		url: broker.authWsUrl,
		username,
		password,
		rememberPassword: true,
		subscriptions: [`${p}/#`]
	});
	await profileForm(page).getByRole('button', { name: 'Save' }).click();
	await expect(profileSwitcher(page)).toContainText('Greenhouse');
	await expect(page.getByRole('dialog')).toHaveCount(0);

	const taps = new Taps(page);

	// Connect: one tap in the header; the live messages are what the phone shows.
	await taps.tap(appHeader(page).getByRole('button', { name: 'Connect', exact: true }));
	await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', {
		timeout: 10_000
	});
	expect(taps.count).toBe(1);
	const device = await connectExternal(broker.mqttPort);
	try {
		for (const [topic, temperature] of [
			[device01, 21.5],
			[`${p}/site/device02/telemetry`, 18],
			[device01, 22.25]
		] as const) {
			await device.publishAsync(topic as string, JSON.stringify({ temperature }), { qos: 1 });
		}
	} finally {
		await closeExternal(device);
	}
	await expect(rowsFor(page, device01)).toHaveCount(2);
	await expect(rowsFor(page, device01).first()).toBeInViewport();
	await expectPhoneFit(page, 'messages');

	// Find device01's topic in the tree and read its latest payload.
	await taps.fromMain();
	await taps.tap(bottomNav(page).getByRole('button', { name: 'Topics', exact: true }));
	const tree = page.getByRole('region', { name: 'Topics' });
	const node = (path: string) => tree.locator(`[data-testid="topic-node"][data-path="${path}"]`);
	await taps.tap(node(`${p}/site/device01`).getByRole('button', { name: 'Expand' }));
	await expectPhoneFit(page, 'topics');
	await taps.tap(node(device01).getByRole('button', { name: 'telemetry', exact: true }));
	const topicSheet = page.getByTestId('topic-sheet');
	await expect(topicSheet.getByTestId('message-detail').getByRole('heading')).toHaveText(device01);
	await expect(topicSheet.getByTestId('detail-payload')).toContainText('22.25');
	await expectPhoneFit(page, 'topic details');
	expect(taps.count).toBeLessThanOrEqual(3);

	// Plot the temperature from the newest message.
	await taps.fromMain();
	await taps.tap(rowsFor(page, device01).first());
	const detail = page.getByRole('dialog', { name: 'Message details' });
	await taps.tap(detail.getByRole('button', { name: 'Plot temperature', exact: true }));
	const plot = page.getByRole('dialog', { name: 'Plot a value' });
	await expect(plot).toBeVisible();
	await expectPhoneFit(page, 'plot dialog');
	await taps.tap(plot.getByRole('button', { name: 'Add to chart' }));
	await expect(plot.getByTestId('plot-added')).toBeVisible();
	expect(taps.count).toBeLessThanOrEqual(3);
	await plot.getByRole('button', { name: 'Close' }).click();
	await taps.fromMain();
	await bottomNav(page).getByRole('button', { name: 'Dashboard', exact: true }).click();
	await expect(page.getByRole('region', { name: 'Dashboard' }).locator('canvas')).toBeVisible();

	// Set an alert: More › Alerts › New alert.
	await taps.fromMain();
	await taps.tap(bottomNav(page).getByRole('button', { name: /^More/ }));
	await taps.tap(page.getByTestId('more-menu').getByRole('button', { name: 'Alerts' }));
	await taps.tap(page.getByRole('button', { name: '+ New alert' }));
	expect(taps.count).toBeLessThanOrEqual(3);
	const form = page.getByRole('form', { name: 'New alert' });
	await expectPhoneFit(page, 'alert form');
	await form.getByLabel('Alert name').fill('Too warm');
	await form.getByLabel('Topic filter').fill(`${p}/site/+/telemetry`);
	await form.getByLabel('Condition').selectOption({ label: 'Above a value' });
	await form.getByLabel('JSON path').fill('temperature');
	await form.getByLabel('Alert above').fill('30');
	await form.getByRole('button', { name: 'Create alert' }).click();
	await expect(page.locator('[data-testid="alert-rule"][data-rule="Too warm"]')).toBeVisible();

	// Publish a command.
	await taps.fromMain();
	await taps.tap(bottomNav(page).getByRole('button', { name: 'Publish', exact: true }));
	const publish = page.getByRole('region', { name: 'Publish' });
	await publish.getByLabel('Publish topic').fill(`${p}/site/device01/set`);
	await publish.getByLabel('Payload', { exact: true }).fill('{"fan": "on"}');
	await publish.getByLabel('Publish QoS').selectOption('1');
	await expectPhoneFit(page, 'publish');
	await taps.tap(publish.getByRole('button', { name: 'Publish', exact: true }));
	expect(taps.count).toBeLessThanOrEqual(3);
	await expect(publish.getByTestId('publish-fate')).toHaveText('Last: acknowledged (PUBACK)');

	// Share the profile: the header's switcher, then Share on the profile.
	await taps.fromMain();
	await taps.tap(profileSwitcher(page));
	await taps.tap(
		page
			.getByRole('dialog', { name: 'Connections' })
			.getByRole('button', { name: 'Share Greenhouse', exact: true })
	);
	expect(taps.count).toBeLessThanOrEqual(3);
	const share = page.getByTestId('share-dialog');
	const link = share.getByLabel('Share link', { exact: true });
	await expect(link).toHaveValue(/#share=1\./);
	await expect(share.getByTestId('qr-code')).toBeVisible();
	expect(await link.inputValue()).not.toContain(password);
	await expectPhoneFit(page, 'share dialog');
});
