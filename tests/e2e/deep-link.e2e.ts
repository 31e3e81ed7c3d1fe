/**
 * Deep links: `/?url=…&sub=…` opens a prefilled, unsaved connection that connects only after the
 * user confirms; a password in the link is dropped and the user is told.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectionState, profileForm, rowsFor, uniquePrefix } from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';

test('a deep link prefills a connection that connects only on confirmation', async ({
	page,
	broker
}) => {
	const prefix = uniquePrefix('link');
	const filter = `${prefix}/#`;
	const query = new URLSearchParams({ url: broker.wsUrl, sub: filter, password: 'x' });
	await page.goto(`/?${query.toString()}`);

	const prompt = page.getByTestId('deep-link');
	const form = profileForm(page, 'Connection from link');
	await expect(form.getByRole('heading', { name: 'Connection from link' })).toBeVisible();
	await expect(form.getByLabel('Broker URL')).toHaveValue(broker.wsUrl);
	await expect(form.getByLabel('Topic filter')).toHaveValue(filter);
	await expect(form.getByLabel('Password', { exact: true })).toHaveValue('');
	await expect(prompt.getByRole('note')).toContainText(/password.*ignored/i);

	// Nothing connects before the user confirms: no workspace, and the broker saw no client.
	const clientId = await form.getByLabel('Client ID').inputValue();
	expect(clientId).not.toBe('');
	await expect(page.getByTestId('message-list')).toHaveCount(0);
	await expect(connectionState(page)).toHaveCount(0);
	const log = join(broker.dir, 'mosquitto.log');
	expect(readFileSync(log, 'utf8')).not.toContain(` as ${clientId} `);

	await form.getByRole('button', { name: 'Connect' }).click();
	await expect(prompt).toBeHidden();
	await expect(connectionState(page)).toHaveAttribute('data-state', 'connected');
	await expect.poll(() => readFileSync(log, 'utf8')).toContain(` as ${clientId} `);
	// The link's query (and its password) leaves the address bar.
	expect(new URL(page.url()).search).toBe('');
	const subscription = page
		.getByRole('region', { name: 'Subscriptions' })
		.getByTestId('subscription')
		.filter({ hasText: filter });
	await expect(subscription.getByText('QoS 0', { exact: true })).toBeVisible();

	const external = await connectExternal(broker.mqttPort);
	try {
		await external.publishAsync(`${prefix}/x`, 'via link', { qos: 1 });
	} finally {
		await closeExternal(external);
	}
	await expect(rowsFor(page, `${prefix}/x`).getByTestId('message-preview')).toHaveText('via link');
	// The connection is not saved as the user's own: it is listed as temporary.
	await expect(
		page.getByRole('navigation', { name: 'Connections' }).getByText('(temporary)')
	).toBeVisible();
});
