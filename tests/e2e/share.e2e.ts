/**
 * Share a connection (issue #9, point 4): the Share dialog makes a link and a QR code that carry
 * the broker, MQTT options, subscriptions and (when ticked) the dashboard and alert rules, never
 * a credential; the link opened in a fresh browser asks for confirmation, then saves and
 * connects; damaged, too large or newer links are refused with the reason and change nothing;
 * a pasted link imports the same way.
 */
import { mkdirSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import type { Locator, Page } from '@playwright/test';
import {
	connect,
	connectionState,
	createProfile,
	openApp,
	profileButton,
	profileForm,
	uniquePrefix
} from '../support/app';
import { expect, test } from '../support/fixtures';
import { profileSwitcher, showPhoneView } from '../support/phone';
import { readQrCode, sharePayloadText } from '../support/share-reading';

const SHOTS = 'test-results/screenshots';

function connections(page: Page): Locator {
	return page.getByRole('navigation', { name: 'Connections' });
}

/** Opens the Share dialog of a profile from the connection list. */
async function openShare(page: Page, name: string): Promise<Locator> {
	await connections(page)
		.getByRole('button', { name: `Share ${name}`, exact: true })
		.click();
	const dialog = page.getByTestId('share-dialog');
	await expect(dialog.getByRole('heading', { name: `Share “${name}”` })).toBeVisible();
	return dialog;
}

/** The link shown in the Share dialog, once made. */
async function shareLink(dialog: Locator): Promise<string> {
	const field = dialog.getByLabel('Share link', { exact: true });
	await expect(field).toHaveValue(/#share=1\./);
	return field.inputValue();
}

/** A share link around `json` packed the way the app packs it, for the given format version. */
function linkWith(appUrl: string, json: string, version = 1): string {
	return `${appUrl}/#share=${version}.${deflateRawSync(Buffer.from(json)).toString('base64url')}`;
}

/** Adds a number tile on the Dashboard view. */
async function addNumberTile(page: Page, title: string, topicFilter: string, path: string) {
	await page.getByRole('tab', { name: 'Dashboard' }).click();
	const view = page.getByRole('region', { name: 'Dashboard' });
	await view.getByRole('button', { name: 'Add tile ▾' }).click();
	await page.getByRole('menuitem', { name: 'Number' }).click();
	const editor = page.getByRole('form', { name: 'New number tile' });
	await editor.getByLabel('Title').fill(title);
	await editor.getByLabel('Topic filter').fill(topicFilter);
	await editor.getByLabel('Path').fill(path);
	await editor.getByRole('button', { name: 'Add tile' }).click();
	await expect(editor).toBeHidden();
	await expect(tile(page, title)).toBeVisible();
}

function tile(page: Page, title: string): Locator {
	return page
		.getByRole('region', { name: 'Dashboard' })
		.locator(`[data-testid="tile"][data-title="${title}"]`);
}

/** Adds an "above a value" alert rule on the Alerts view. */
async function addAboveRule(page: Page, name: string, topicFilter: string, value: string) {
	await page.getByRole('tab', { name: 'Alerts' }).click();
	await page.getByRole('button', { name: '+ New alert' }).click();
	const form = page.getByRole('form', { name: 'New alert' });
	await form.getByLabel('Alert name').fill(name);
	await form.getByLabel('Topic filter').fill(topicFilter);
	await form.getByLabel('Condition').selectOption({ label: 'Above a value' });
	await form.getByLabel('JSON path').fill('temperature');
	await form.getByLabel('Alert above').fill(value);
	await form.getByRole('button', { name: 'Create alert' }).click();
	await expect(form).toBeHidden();
	await expect(rule(page, name)).toBeVisible();
}

function rule(page: Page, name: string): Locator {
	return page.locator(`[data-testid="alert-rule"][data-rule="${name}"]`);
}

test('a shared connection carries no secret, scans, and opens elsewhere with its dashboard', async ({
	page,
	browser,
	broker,
	appUrl
}) => {
	test.setTimeout(90_000);
	mkdirSync(SHOTS, { recursive: true });
	const prefix = uniquePrefix('share');
	const filter = `${prefix}/#`;
	const { username, password } = broker.users.alice;
	await openApp(page);
	await createProfile(page, {
		name: 'Shared plant',
		url: broker.authWsUrl,
		username,
		password,
		rememberPassword: true,
		subscriptions: [filter]
	});
	await connect(page);
	await addNumberTile(page, 'Boiler', `${prefix}/boiler`, 'temperature');
	await addAboveRule(page, 'Boiler too hot', `${prefix}/boiler`, '90');

	const dialog = await openShare(page, 'Shared plant');
	await expect(dialog.getByTestId('share-never')).toContainText(
		'Left on this device: the password, the username.'
	);
	// The tests serve the app on 127.0.0.1: the dialog warns that a phone cannot open that.
	await expect(dialog.getByTestId('share-loopback')).toContainText('only this computer reaches');
	const include = dialog.getByLabel('Include the dashboard and alert rules');
	await expect(include).toBeEnabled();
	await expect(dialog).toContainText('(1 tile, 1 alert rule)');
	const plain = await shareLink(dialog);
	await include.check();
	await expect(dialog.getByLabel('Share link', { exact: true })).not.toHaveValue(plain);
	const link = await shareLink(dialog);
	expect(link.startsWith(`${appUrl}/#share=1.`)).toBe(true);

	// No credential anywhere: not in the link, not in what it unpacks to.
	const json = sharePayloadText(link);
	for (const secret of [password, username]) {
		expect(link).not.toContain(secret);
		expect(json).not.toContain(secret);
	}
	expect(json).toContain(filter);
	expect(json).toContain('Boiler too hot');

	// The QR code on screen holds exactly the link.
	const qr = dialog.getByTestId('qr-code');
	await expect(qr).toBeVisible();
	expect(await readQrCode(page, qr)).toBe(link);

	await page.screenshot({ path: `${SHOTS}/share-dialog-desktop.png` });
	await page.keyboard.press('Escape');
	await expect(dialog).toBeHidden();
	// On a phone the profile list is in the Connections sheet, opened from the header.
	await page.setViewportSize({ width: 390, height: 844 });
	await profileSwitcher(page).click();
	await page
		.getByRole('dialog', { name: 'Connections' })
		.getByRole('button', { name: 'Share Shared plant' })
		.click();
	await include.check();
	await expect(qr).toBeVisible();
	expect(await readQrCode(page, qr)).toBe(link);
	await page.screenshot({ path: `${SHOTS}/share-dialog-phone.png` });
	await page.keyboard.press('Escape');
	await expect(dialog).toBeHidden();

	// Another browser (a phone that scanned the code): prefilled, nothing saved or sent before.
	const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
	try {
		const phone = await phoneContext.newPage();
		await phone.goto(link);
		const form = profileForm(phone, 'Shared connection');
		await expect(form.getByLabel('Broker URL')).toHaveValue(broker.authWsUrl);
		await expect(form.getByLabel('Name', { exact: true })).toHaveValue('Shared plant');
		await expect(form.getByLabel('Topic filter')).toHaveValue(filter);
		await expect(form.getByLabel('Username')).toHaveValue('');
		await expect(form.getByLabel('Password', { exact: true })).toHaveValue('');
		await expect(phone.getByTestId('deep-link').getByRole('note')).toContainText(
			'a dashboard of 1 tile and 1 alert rule'
		);
		// The payload left the address bar.
		expect(new URL(phone.url()).hash).toBe('');
		await phone.screenshot({ path: `${SHOTS}/share-confirm-phone.png` });

		await form.getByLabel('Username').fill(username);
		await form.getByLabel('Password', { exact: true }).fill(password);
		await form.getByRole('button', { name: 'Save and connect' }).click();
		await expect(connectionState(phone)).toHaveAttribute('data-state', 'connected');
		await showPhoneView(phone, 'Subscriptions');
		await expect(
			phone.getByRole('region', { name: 'Subscriptions' }).getByTestId('subscription')
		).toHaveAttribute('data-filter', filter);

		// Saved for real, with its tile and rule: they are there after a reload too.
		await phone.reload();
		await expect(profileSwitcher(phone)).toContainText('Shared plant');
		await expect(phone.getByText('(temporary)')).toHaveCount(0);
		await showPhoneView(phone, 'Dashboard');
		await expect(tile(phone, 'Boiler')).toBeVisible();
		await showPhoneView(phone, 'Alerts');
		await expect(rule(phone, 'Boiler too hot')).toContainText('above 90');
	} finally {
		await phoneContext.close();
	}
});

test('damaged, too large, zip-bomb and newer links are refused and change nothing', async ({
	page,
	broker,
	appUrl
}) => {
	await openApp(page);
	await createProfile(page, { name: 'Keep me', url: broker.wsUrl });
	// Every listed profile has a Share button named after it.
	const names = () =>
		connections(page)
			.getByRole('button', { name: /^Share / })
			.evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label')));
	const before = await names();
	expect(before).toEqual(['Share Local demo', 'Share Keep me']);

	const refused = page.getByTestId('link-refused');
	const cases: [string, RegExp][] = [
		[`${appUrl}/#share=1.not*base64`, /damaged.*characters a share link never has/],
		[`${appUrl}/#share=1.${'A'.repeat(1200)}`, /too long \(1,202 characters\)/],
		[linkWith(appUrl, ' '.repeat(200_000)), /unpacks to more than 32 KB/],
		[linkWith(appUrl, '{"profile":{"url":"mqtt://h:1883"}}'), /"mqtt:\/\/" cannot be used/],
		[linkWith(appUrl, '{"profile":{"url":"ws://h"}}', 2), /made by a newer mqtt-scope/]
	];
	for (const [link, reason] of cases) {
		await page.goto(link);
		await expect(refused).toContainText(reason);
		await expect(refused).toContainText('Your saved connections are unchanged.');
		await expect(page.getByTestId('deep-link')).toHaveCount(0);
		expect(await names()).toEqual(before);
	}
	mkdirSync(SHOTS, { recursive: true });
	await page.screenshot({ path: `${SHOTS}/share-refused-desktop.png` });
	await refused.getByRole('button', { name: 'Dismiss' }).click();
	await expect(refused).toBeHidden();

	// After a reload the saved connections are still exactly the same.
	await page.reload();
	await expect(profileButton(page, 'Keep me')).toBeVisible();
	expect(await names()).toEqual(before);
});

test('a copied share link pasted into Import from link goes through the same confirmation', async ({
	page,
	context,
	broker
}) => {
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	const prefix = uniquePrefix('share-paste');
	await openApp(page);
	await createProfile(page, {
		name: 'Bench rig',
		url: broker.wsUrl,
		subscriptions: [`${prefix}/a/#`, `${prefix}/b/+`]
	});
	const dialog = await openShare(page, 'Bench rig');
	// Nothing on the dashboard yet: nothing to include.
	await expect(dialog.getByLabel('Include the dashboard and alert rules')).toBeDisabled();
	const link = await shareLink(dialog);
	await dialog.getByRole('button', { name: 'Copy link' }).click();
	await expect(dialog.getByRole('button', { name: 'Copied' })).toBeVisible();
	const copied = await page.evaluate(() => navigator.clipboard.readText());
	expect(copied).toBe(link);
	await dialog.getByRole('button', { name: 'Close Share “Bench rig”' }).click();
	await expect(dialog).toBeHidden();

	await page.getByRole('button', { name: '+ New' }).click();
	const importForm = page.getByRole('form', { name: 'Import from link' });
	const field = importForm.getByLabel('Have a share link? Paste it here');
	await field.fill('https://example.com/not-a-share-link');
	await importForm.getByRole('button', { name: 'Import from link' }).click();
	await expect(importForm.getByRole('alert')).toContainText('not an mqtt-scope connection link');
	await field.fill(link.slice(0, -10));
	await importForm.getByRole('button', { name: 'Import from link' }).click();
	await expect(importForm.getByRole('alert')).toContainText('damaged');
	mkdirSync(SHOTS, { recursive: true });
	await page.screenshot({ path: `${SHOTS}/share-import-desktop.png` });

	await field.fill(`  ${copied}  `);
	await importForm.getByRole('button', { name: 'Import from link' }).click();
	const form = profileForm(page, 'Shared connection');
	await expect(form.getByLabel('Topic filter')).toHaveCount(2);
	await expect(form.getByLabel('Topic filter').nth(1)).toHaveValue(`${prefix}/b/+`);
	await form.getByLabel('Name', { exact: true }).fill('Bench rig (imported)');
	await form.getByRole('button', { name: 'Save and connect' }).click();
	await expect(connectionState(page)).toHaveAttribute('data-state', 'connected');
	await expect(profileButton(page, 'Bench rig (imported)')).toBeVisible();
	await expect(profileButton(page, 'Bench rig')).toHaveCount(2);
});
