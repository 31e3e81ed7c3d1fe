/**
 * PWA update prompt: when a new service worker is installed and waiting, the app says so, and
 * "Reload to update" activates it and reloads into it.
 */
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { startStaticServer } from '../support/static-server';

/** What the page's service worker registration looks like right now. */
function registrationState(page: Page) {
	return page.evaluate(async () => {
		const reg = await navigator.serviceWorker.getRegistration();
		return {
			controlled: navigator.serviceWorker.controller !== null,
			active: reg?.active?.state ?? null,
			waiting: reg?.waiting?.state ?? null,
			installing: reg?.installing?.state ?? null
		};
	});
}

test('a new service worker shows the update banner; "Reload to update" switches to it', async ({
	page
}) => {
	test.setTimeout(60_000);
	// A private copy of the build: this test changes its service worker, nobody else sees it.
	const dir = mkdtempSync(join(tmpdir(), 'upd-'));
	cpSync(resolve(process.env.E2E_BUILD_DIR || 'build'), dir, { recursive: true });
	let server = await startStaticServer(dir);
	try {
		const banner = page.getByText('A new version of mqtt-scope is ready.');
		await page.goto(server.url);
		// The first visit only installs the worker (no clients.claim); a reload puts it in control.
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
		});
		if (!(await registrationState(page)).controlled) await page.reload();
		await expect.poll(async () => (await registrationState(page)).controlled).toBe(true);
		await expect(banner).toBeHidden();

		// A new deploy: the worker script's bytes differ (Service Workers §Update compares bytes).
		// A redeploy: the static server indexes files at start, so it is restarted on the same port.
		appendFileSync(join(dir, 'service-worker.js'), '\n// next version\n');
		await server.stop();
		server = await startStaticServer(dir, server.port);
		await page.evaluate(async () => {
			const reg = await navigator.serviceWorker.getRegistration();
			await reg?.update();
		});
		await expect(banner).toBeVisible({ timeout: 15_000 });
		expect((await registrationState(page)).waiting).toBe('installed');

		// The reload must be a real one: a marker set on this document is gone afterwards.
		await page.evaluate(() => {
			(window as unknown as { updateMarker?: number }).updateMarker = 1;
		});
		const reloaded = page.waitForEvent('load');
		await page.getByRole('button', { name: 'Reload to update' }).click();
		await reloaded;
		expect(
			await page.evaluate(() => (window as unknown as { updateMarker?: number }).updateMarker)
		).toBeUndefined();
		await expect(page.getByRole('button', { name: '+ New' })).toBeVisible();
		await expect(banner).toBeHidden();
		// The waiting worker took over: nothing waits any more and the page is controlled.
		await expect
			.poll(() => registrationState(page))
			.toEqual({ controlled: true, active: 'activated', waiting: null, installing: null });
		// The script the controller was registered from is the changed one (served fresh).
		const script = await page.evaluate(async () => {
			const url = navigator.serviceWorker.controller?.scriptURL;
			return url ? (await fetch(url, { cache: 'no-store' })).text() : '';
		});
		expect(script).toContain('// next version');
	} finally {
		await server.stop();
		rmSync(dir, { recursive: true, force: true });
	}
});
