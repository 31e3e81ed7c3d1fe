/**
 * Remembered passwords at rest: sealed with the browser's Web Crypto (never in plain text in any
 * IndexedDB store), still usable after a reload, and, with an app passcode, usable only after it
 * is entered.
 */
import type { Page } from '@playwright/test';
import { connect, connectionBar, connectionState, createProfile, openApp } from '../support/app';
import { expect, test } from '../support/fixtures';
import { dumpIndexedDb } from '../support/idb-dump';

const PASSCODE = 'Kiwi-Passcode-7531';

async function setPasscode(page: Page, passcode: string): Promise<void> {
	await page.getByRole('button', { name: 'Settings' }).click();
	const sheet = page.getByRole('dialog', { name: 'Settings' });
	const settings = sheet.getByTestId('passcode-settings');
	await settings.getByLabel('App passcode').fill(passcode);
	await settings.getByLabel('Type it again').fill(passcode);
	await settings.getByRole('button', { name: 'Set passcode' }).click();
	await expect(settings.getByRole('status')).toHaveText('Passcode set.');
	await expect(settings.getByTestId('passcode-state')).toContainText('unlocked');
	await sheet.getByRole('button', { name: 'Close Settings' }).click();
}

test.describe('remembered passwords', () => {
	test('are sealed in IndexedDB and still connect after a reload', async ({ page, broker }) => {
		const { username, password } = broker.users.alice;
		await openApp(page);
		await createProfile(page, {
			name: 'Vault auth',
			url: broker.authWsUrl,
			username,
			password,
			rememberPassword: true
		});
		await page.reload();
		await openApp(page);
		await connect(page);

		const dump = await dumpIndexedDb(page);
		// The dump reads every store: the profile and its sealed password row are there…
		expect(dump).toContain('Vault auth');
		expect(dump).toContain('## mqtt-scope/secrets');
		expect(dump).toMatch(/"password:[^"]+"/);
		expect(dump).toContain('[CryptoKey secret extractable=false]');
		// …and the password itself is not, in any store.
		expect(dump).not.toContain(password);
	});

	test('with an app passcode, are usable only after it is entered', async ({ page, broker }) => {
		const { username, password } = broker.users.alice;
		await openApp(page);
		await createProfile(page, {
			name: 'Locked auth',
			url: broker.authWsUrl,
			username,
			password,
			rememberPassword: true
		});
		await setPasscode(page, PASSCODE);
		await page.reload();
		await openApp(page);

		// Locked: Connect asks for the passcode, and closing the prompt connects nothing.
		await connectionBar(page).getByRole('button', { name: 'Connect' }).click();
		const unlock = page.getByRole('dialog', { name: 'Unlock remembered passwords' });
		await expect(unlock).toBeVisible();
		await unlock.getByRole('button', { name: 'Cancel' }).click();
		await expect(unlock).toBeHidden();
		await expect(connectionState(page)).toHaveAttribute('data-state', 'idle');

		await connectionBar(page).getByRole('button', { name: 'Connect' }).click();
		await unlock.getByLabel('App passcode').fill('not-it');
		await unlock.getByRole('button', { name: 'Unlock', exact: true }).click();
		await expect(unlock.getByRole('alert')).toContainText('not the passcode');
		await expect(connectionState(page)).toHaveAttribute('data-state', 'idle');
		await unlock.getByLabel('App passcode').fill(PASSCODE);
		await unlock.getByRole('button', { name: 'Unlock', exact: true }).click();
		await expect(unlock).toBeHidden();
		await expect(connectionState(page)).toHaveAttribute('data-state', 'connected', {
			timeout: 10_000
		});

		const dump = await dumpIndexedDb(page);
		expect(dump).toContain('Locked auth');
		expect(dump).not.toContain(password);
		expect(dump).not.toContain(PASSCODE);
	});
});
