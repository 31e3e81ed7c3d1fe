/**
 * Profile management in the Connections list: duplicate (new client ID), delete (after a
 * confirmation), rename, and a password kept across reloads only when the user asked for it.
 */
import type { Page } from '@playwright/test';
import { createProfile, openApp, profileForm } from '../support/app';
import { expect, test } from '../support/fixtures';
import { dumpIndexedDb } from '../support/idb-dump';

/** The list's Edit button of exactly this profile name ("A" must not match "A (copy)"). */
function editButton(page: Page, name: string) {
	return page.getByRole('button', { name: `Edit ${name}`, exact: true });
}

/** Opens a profile's edit form, reads a field, and closes the form without saving. */
async function readField(page: Page, name: string, label: string): Promise<string> {
	await editButton(page, name).click();
	const form = profileForm(page, 'Edit connection');
	await expect(form.getByLabel('Name', { exact: true })).toHaveValue(name);
	// Exact, so "Password" is not "Remember password…"; the Client ID label also holds a ↻ button.
	const value = await form.getByLabel(label, { exact: label !== 'Client ID' }).inputValue();
	await form.getByRole('button', { name: 'Cancel' }).click();
	await expect(form).toBeHidden();
	return value;
}

test('duplicate gets a new client ID; delete asks first and sticks; rename sticks', async ({
	page,
	broker
}) => {
	await openApp(page);
	const clientId = await createProfile(page, { name: 'Sensor hub', url: broker.wsUrl });
	expect(clientId).not.toBe('');

	await page.getByRole('button', { name: 'Duplicate Sensor hub', exact: true }).click();
	await expect(editButton(page, 'Sensor hub (copy)')).toBeVisible();
	expect(await readField(page, 'Sensor hub', 'Client ID')).toBe(clientId);
	const copyId = await readField(page, 'Sensor hub (copy)', 'Client ID');
	expect(copyId).not.toBe('');
	expect(copyId).not.toBe(clientId);
	// Everything else is copied.
	expect(await readField(page, 'Sensor hub (copy)', 'Broker URL')).toBe(broker.wsUrl);

	// Delete the copy: a dismissed confirmation keeps it, an accepted one removes it.
	const dialogs: string[] = [];
	let accept = false;
	page.on('dialog', (dialog) => {
		dialogs.push(dialog.message());
		void (accept ? dialog.accept() : dialog.dismiss());
	});
	await page.getByRole('button', { name: 'Delete Sensor hub (copy)', exact: true }).click();
	await expect.poll(() => dialogs.length).toBe(1);
	expect(dialogs[0]).toContain('Sensor hub (copy)');
	await expect(editButton(page, 'Sensor hub (copy)')).toBeVisible();
	accept = true;
	await page.getByRole('button', { name: 'Delete Sensor hub (copy)', exact: true }).click();
	await expect(editButton(page, 'Sensor hub (copy)')).toHaveCount(0);
	await expect(editButton(page, 'Sensor hub')).toBeVisible();

	// Rename the original.
	await editButton(page, 'Sensor hub').click();
	const form = profileForm(page, 'Edit connection');
	await form.getByLabel('Name', { exact: true }).fill('Greenhouse');
	await form.getByRole('button', { name: 'Save' }).click();
	await expect(form).toBeHidden();
	await expect(editButton(page, 'Greenhouse')).toBeVisible();

	// All of it was stored, not just shown.
	await page.reload();
	await expect(editButton(page, 'Local demo')).toBeVisible();
	await expect(editButton(page, 'Greenhouse')).toBeVisible();
	await expect(editButton(page, 'Sensor hub')).toHaveCount(0);
	await expect(editButton(page, 'Sensor hub (copy)')).toHaveCount(0);
	expect(await readField(page, 'Greenhouse', 'Client ID')).toBe(clientId);
});

test('a password survives a reload only with "Remember password on this device"', async ({
	page,
	broker
}) => {
	await openApp(page);
	await createProfile(page, {
		name: 'Forgetful',
		url: broker.authWsUrl,
		username: 'alice',
		password: 'forget-me',
		rememberPassword: false
	});
	await createProfile(page, {
		name: 'Remembering',
		url: broker.authWsUrl,
		username: 'alice',
		password: 'keep-me',
		rememberPassword: true
	});

	await page.reload();
	await expect(editButton(page, 'Forgetful')).toBeVisible();
	expect(await readField(page, 'Forgetful', 'Username')).toBe('alice');
	expect(await readField(page, 'Forgetful', 'Password')).toBe('');
	expect(await readField(page, 'Remembering', 'Password')).toBe('keep-me');

	// Not in storage as text: the forgotten password is gone, the remembered one is sealed
	// (secrets.e2e.ts checks the sealing).
	const stored = await dumpIndexedDb(page);
	expect(stored).toContain('Remembering');
	expect(stored).not.toContain('keep-me');
	expect(stored).not.toContain('forget-me');
});
