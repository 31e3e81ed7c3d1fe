/**
 * Connection failures a user can fix: a wrong password, a closed port and addresses the form
 * refuses. Each is explained in words (no stack trace), and the app stays usable afterwards.
 */
import { freePorts } from '../support/mosquitto';
import {
	connect,
	connectionBar,
	connectionState,
	createProfile,
	openApp,
	profileForm,
	uniquePrefix
} from '../support/app';
import { expect, test } from '../support/fixtures';

/** Text that means a raw exception leaked into the UI. */
const RAW_ERROR = /Error:|\bat .+:\d+:\d+|TypeError|undefined/;

test.describe('connection failures', () => {
	test('a wrong password is explained, and the corrected profile connects', async ({
		page,
		broker
	}) => {
		const { username, password } = broker.users.alice;
		await openApp(page);
		await createProfile(page, {
			name: 'Auth',
			url: broker.authWsUrl,
			username,
			password: 'wrong-password',
			rememberPassword: true
		});
		await connectionBar(page).getByRole('button', { name: 'Connect' }).click();
		await expect(connectionState(page)).toHaveAttribute('data-state', 'disconnected');
		const reason = page.getByTestId('connection-reason');
		await expect(reason).toBeVisible();
		await expect(reason).toContainText(/user ?name (and|or) password/i);
		await expect(reason).not.toContainText(RAW_ERROR);
		// A refused login is not retried in a loop: the state stays disconnected.
		await expect(connectionBar(page).getByRole('button', { name: 'Connect' })).toBeVisible();

		await page.getByRole('button', { name: 'Edit Auth' }).click();
		const form = profileForm(page, 'Edit connection');
		await expect(form.getByLabel('Username')).toHaveValue(username);
		await form.getByLabel('Password', { exact: true }).fill(password);
		await form.getByRole('button', { name: 'Save' }).click();
		await expect(form).toBeHidden();

		await connect(page);
		await expect(page.getByTestId('connection-reason')).toBeHidden();
		// The session works: a subscription is granted.
		const panel = page.getByRole('region', { name: 'Subscriptions' });
		const filter = `${uniquePrefix('auth')}/#`;
		await panel.getByLabel('Topic filter').fill(filter);
		await panel.getByRole('button', { name: 'Subscribe', exact: true }).click();
		await expect(
			panel.getByTestId('subscription').filter({ hasText: filter }).getByText('QoS 0', {
				exact: true
			})
		).toBeVisible();
	});

	test('a closed port is reported as unreachable', async ({ page }) => {
		// Reserved and released at once: nothing listens there.
		const [closedPort] = await freePorts(1);
		await openApp(page);
		await createProfile(page, { name: 'Nowhere', url: `ws://127.0.0.1:${closedPort}` });
		await connectionBar(page).getByRole('button', { name: 'Connect' }).click();
		await expect(connectionState(page)).toHaveAttribute('data-state', 'disconnected', {
			timeout: 10_000
		});
		const reason = page.getByTestId('connection-reason');
		await expect(reason).toContainText(`127.0.0.1:${closedPort}`);
		await expect(reason).toContainText(/could not reach|failed|unreachable/i);
		await expect(reason).not.toContainText(RAW_ERROR);
		// Still usable: Connect is offered again.
		await expect(connectionBar(page).getByRole('button', { name: 'Connect' })).toBeEnabled();
	});

	test('the form refuses mqtt:// and an out-of-range port, saying why', async ({ page }) => {
		await openApp(page);
		await page.getByRole('button', { name: '+ New' }).click();
		const form = profileForm(page);
		await form.getByLabel('Name', { exact: true }).fill('Bad URL');
		const url = form.getByLabel('Broker URL');

		await url.fill('mqtt://host:1883');
		await form.getByRole('button', { name: 'Save' }).click();
		// The explanation sits in the Broker URL field's own label, next to the input.
		const error = form.locator('label', { hasText: 'Broker URL' }).getByRole('alert');
		await expect(error).toContainText('browsers can only speak MQTT over WebSockets');
		await expect(error).toContainText('ws://');
		await expect(url).toHaveAttribute('aria-invalid', 'true');
		await expect(form).toBeVisible();

		await url.fill('ws://host:70000');
		await form.getByRole('button', { name: 'Save' }).click();
		await expect(error).toContainText('Port 70000 is out of range');
		await expect(form).toBeVisible();

		// Nothing was saved: cancelling shows only the seeded profile.
		await form.getByRole('button', { name: 'Cancel' }).click();
		await expect(
			page.getByRole('navigation', { name: 'Connections' }).getByRole('listitem')
		).toHaveCount(1);
	});
});
