/**
 * The Broker tab reads Mosquitto's $SYS topics: version and connected clients when allowed, and
 * a plain explanation when the user's ACL hides $SYS (bob may read only public/#).
 */
import { expect, test } from '../support/fixtures';
import { connectProfile, openTab } from '../support/pubsub';

test.describe('broker $SYS statistics', () => {
	test('shows the Mosquitto version and the number of connected clients', async ({
		page,
		broker
	}) => {
		await connectProfile(page, { name: 'Stats', url: broker.wsUrl });
		await openTab(page, 'Broker');
		const panel = page.getByRole('region', { name: 'Broker' });
		// The shared broker publishes $SYS every 2 s (sys_interval 2); version is retained.
		await expect(panel.getByTestId('sys-version')).toContainText(/mosquitto version 2\.\d+\.\d+/, {
			timeout: 10_000
		});
		// At least the app's own session and its $SYS side connection are connected.
		// The first value may predate our connection ($SYS is published every 2 s): wait for it.
		await expect
			.poll(async () => Number(await panel.getByTestId('sys-clients').textContent()), {
				timeout: 10_000
			})
			.toBeGreaterThanOrEqual(1);
		await expect(panel.getByTestId('sys-unavailable')).toHaveCount(0);
	});

	test('a user whose ACL hides $SYS sees that it is unavailable', async ({ page, broker }) => {
		await connectProfile(page, { name: 'Bob', url: broker.authWsUrl, ...broker.users.bob });
		await openTab(page, 'Broker');
		const panel = page.getByRole('region', { name: 'Broker' });
		// Mosquitto 2.0.11 grants the SUBSCRIBE and silently withholds every $SYS message, so the
		// app can only conclude after waiting for a first message (5 s in the engine).
		const unavailable = panel.getByTestId('sys-unavailable');
		await expect(unavailable).toBeVisible({ timeout: 12_000 });
		await expect(unavailable).toContainText('access list does not allow reading them');
		await expect(panel.getByTestId('sys-stats')).toHaveCount(0);
	});
});
