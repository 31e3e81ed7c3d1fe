/**
 * Static hosting under a sub-path: build/ made with BASE_PATH=/mqtt-scope, served by Debian's
 * nginx with the example config deploy/nginx.conf, unchanged but for its port and web root.
 * The app loads, its deep links work there, the service worker registers with the sub-path as
 * its scope, the documented headers arrive, and with nginx stopped the app still starts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectionState, profileButton, profileForm } from '../support/app';
import { buildWithBasePath } from '../support/base-path-build';
import { expect, test } from '../support/fixtures';
import { startNginx, type Nginx } from '../support/nginx';
import {
	IMMUTABLE_CACHE,
	REVALIDATE_CACHE,
	SECURITY_HEADERS
} from '../../scripts/security-headers.js';

const BASE = '/mqtt-scope';
/** A build takes about a minute on this machine; three leave room for a busy CI. */
const BUILD_TIMEOUT_MS = 180_000;

let dir = '';
let nginx: Nginx | undefined;

test.beforeAll(async () => {
	test.setTimeout(BUILD_TIMEOUT_MS + 30_000);
	dir = mkdtempSync(join(tmpdir(), 'mqtt-scope-nginx-'));
	await buildWithBasePath(BASE, join(dir, 'www', 'mqtt-scope'));
	nginx = await startNginx(dir, join(dir, 'www'));
});

test.afterAll(async () => {
	await nginx?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

test('nginx example config: headers, sub-path, deep link, service worker, offline start', async ({
	page,
	broker
}) => {
	if (!nginx) throw new Error('nginx did not start');
	const appUrl = `${nginx.origin}${BASE}/`;

	// The bare sub-path redirects to the app's folder.
	const bare = await page.request.get(`${nginx.origin}${BASE}`, { maxRedirects: 0 });
	expect(bare.status()).toBe(301);
	expect(new URL(bare.headers().location, nginx.origin).pathname).toBe(`${BASE}/`);

	const first = await page.goto(appUrl);
	const headers = first?.headers() ?? {};
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
		expect(headers[name.toLowerCase()], name).toBe(value);
	}
	expect(headers['cache-control']).toBe(REVALIDATE_CACHE);
	await expect(profileButton(page, 'Local demo')).toBeVisible();
	// The brand icon, the manifest and the app's files all come from under the sub-path.
	const icon = page.locator('img[src$="icons/icon-192.png"]').first();
	await expect.poll(() => icon.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(192);
	expect(await icon.evaluate((img: HTMLImageElement) => new URL(img.src).pathname)).toBe(
		`${BASE}/icons/icon-192.png`
	);

	// Hashed files: cached for a year and compressed; the worker and manifest: revalidated.
	// The app entry (a few kB): nginx leaves files under gzip_min_length uncompressed.
	const script = await page
		.locator('link[rel="modulepreload"][href*="/entry/app."]')
		.evaluate((link: HTMLLinkElement) => link.href);
	expect(new URL(script).pathname).toMatch(new RegExp(`^${BASE}/_app/immutable/`));
	const asset = await page.request.get(script, { headers: { 'Accept-Encoding': 'gzip' } });
	expect(asset.headers()['cache-control']).toBe(IMMUTABLE_CACHE);
	expect(asset.headers()['content-encoding']).toBe('gzip');
	expect(asset.headers()['x-content-type-options']).toBe('nosniff');
	const worker = await page.request.get(`${appUrl}service-worker.js`);
	expect(worker.headers()['cache-control']).toBe(REVALIDATE_CACHE);
	const manifest = await page.request.get(`${appUrl}manifest.webmanifest`);
	expect(manifest.headers()['content-type']).toBe('application/manifest+json');

	// A deep link opens under the sub-path and keeps it after connecting.
	const link = new URLSearchParams({ url: broker.wsUrl, sub: 'e2e/static-hosting/#', v: '4' });
	await page.goto(`${appUrl}?${link.toString()}`);
	const form = profileForm(page, 'Connection from link');
	await expect(form.getByLabel('Broker URL')).toHaveValue(broker.wsUrl);
	await form.getByRole('button', { name: 'Connect' }).click();
	await expect(connectionState(page)).toHaveAttribute('data-state', 'connected');
	expect(new URL(page.url()).pathname).toBe(`${BASE}/`);

	// The service worker's scope is the sub-path, and it takes control.
	const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
	expect(scope).toBe(appUrl);
	if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null)))
		await page.reload();
	await expect
		.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
		.toBe(true);

	// nginx stops: the app starts from the worker's cache.
	await nginx.stop();
	const offline = await page.evaluate(() =>
		fetch(`not-cached-${Date.now()}.txt`, { cache: 'no-store' }).then(
			(r) => `status ${r.status}`,
			() => 'network error'
		)
	);
	expect(offline).toBe('network error');
	const reloaded = await page.goto(appUrl);
	expect(reloaded?.fromServiceWorker()).toBe(true);
	await expect(profileButton(page, 'Local demo')).toBeVisible();
	await expect(page.locator('img[src$="icons/icon-192.png"]').first()).toBeVisible();
});
