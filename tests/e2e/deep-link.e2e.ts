/**
 * Deep links: `/?url=…&sub=…` opens a prefilled, unsaved connection that connects only after the
 * user confirms; a password in the link is dropped and the user is told.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
	connectionBar,
	connectionState,
	profileButton,
	profileForm,
	rowsFor,
	uniquePrefix
} from '../support/app';
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

test('credentials in a deep link’s broker address are stripped and the user is warned', async ({
	page,
	broker
}) => {
	const port = new URL(broker.wsUrl).port;
	const secret = 'Zebra-Link-Pass-864';
	await page.goto(`/?url=${encodeURIComponent(`ws://zoe:${secret}@127.0.0.1:${port}`)}`);

	const prompt = page.getByTestId('deep-link');
	const form = profileForm(page, 'Connection from link');
	await expect(form.getByLabel('Broker URL')).toHaveValue(`ws://127.0.0.1:${port}/`);
	await expect(form.getByLabel('Username')).toHaveValue('zoe');
	await expect(form.getByLabel('Password', { exact: true })).toHaveValue('');
	await expect(form.getByLabel('Name', { exact: true })).toHaveValue(
		`Link: ws://127.0.0.1:${port}/`
	);
	await expect(prompt.getByRole('note')).toContainText(
		'The broker address contained a password; it was removed.'
	);
	// Nowhere on the page, in no field.
	const fields = await form
		.locator('input, textarea')
		.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value).join('\n'));
	expect(fields).not.toContain(secret);
	expect(await page.locator('body').innerText()).not.toContain(secret);

	await form.getByRole('button', { name: 'Connect' }).click();
	await expect(connectionState(page)).toHaveAttribute('data-state', 'connected');
	expect(page.url()).not.toContain(secret);
	await expect(page.getByRole('navigation', { name: 'Connections' }).getByText(secret)).toHaveCount(
		0
	);
});

for (const [device, viewport] of [
	['desktop', { width: 1280, height: 800 }],
	['phone', { width: 390, height: 844 }]
] as const) {
	test(`${device}: while a link’s reader loads, the saved connection does not show in its place`, async ({
		page,
		broker
	}) => {
		await page.setViewportSize(viewport);
		// The link's reader loads on first use; on a slow network it comes late. Until it has read
		// the link, the app must not show the Local demo, whose Connect button would be pressed in
		// the link's place (on a phone it sits in the header).
		let release = () => {};
		const released = new Promise<void>((resolve) => (release = resolve));
		await page.route('**/_app/immutable/chunks/*.js', async (route) => {
			const response = await route.fetch();
			const body = await response.text();
			if (body.includes('Links never carry passwords')) await released;
			await route.fulfill({ response, body });
		});
		await page.goto(`/?${new URLSearchParams({ url: broker.wsUrl }).toString()}`);
		await expect(page.getByTestId('link-opening')).toHaveText('Reading the link…');
		// The saved connections load meanwhile: the desktop lists them; the phone shows none of
		// them in its header (given the time the desktop takes to list them, several times over).
		if (device === 'desktop') {
			await expect(profileButton(page, 'Local demo')).toBeVisible();
		} else {
			await page.waitForTimeout(1_500);
			await expect(page.getByTestId('profile-switcher')).toContainText('Connections');
		}
		await expect(connectionBar(page)).toHaveCount(0);
		await expect(page.getByRole('button', { name: 'Connect', exact: true })).toHaveCount(0);
		await page.screenshot({ path: test.info().outputPath(`link-opening-${device}.png`) });
		release();

		const form = profileForm(page, 'Connection from link');
		await expect(form.getByLabel('Broker URL')).toHaveValue(broker.wsUrl);
		await expect(page.getByTestId('link-opening')).toHaveCount(0);
	});
}
