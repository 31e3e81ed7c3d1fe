/**
 * The service worker precaches the app shell, so the app starts with the network off.
 */
import { openApp, profileButton } from '../support/app';
import { expect, test } from '../support/fixtures';

test('after one online visit the app starts offline from the service worker', async ({
	page,
	context
}) => {
	await openApp(page);
	// `ready` resolves once the worker is active, i.e. after it precached the whole shell.
	const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
	expect(new URL(scope).pathname).toBe('/');
	// The first page load is not controlled by a worker installed during it (no clients.claim).
	if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) {
		await page.reload();
	}
	await expect
		.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
		.toBe(true);

	await context.setOffline(true);
	try {
		// Prove the network is really off for this page: a fetch the worker does not cache fails.
		const direct = await page.evaluate(() =>
			fetch(`/not-cached-${Date.now()}.txt`, { cache: 'no-store' }).then(
				(r) => `status ${r.status}`,
				() => 'network error'
			)
		);
		expect(direct).toBe('network error');

		const response = await page.reload();
		expect(response?.fromServiceWorker()).toBe(true);
		await expect(page.getByRole('heading', { name: 'Connections' })).toBeVisible();
		await expect(profileButton(page, 'Local demo')).toBeVisible();
		await expect(page.getByRole('region', { name: 'Connection' })).toContainText('Local demo');
		await expect(page.getByRole('button', { name: '+ New' })).toBeEnabled();
	} finally {
		await context.setOffline(false);
	}
});
