/**
 * The "Done when" of issue #9 for the phone: the app opened from `npm start -- --lan` on another
 * device's browser, over HTTPS, registers its service worker, is installable, connects to the
 * demo broker over WSS from the QR link, and after the server stops starts offline.
 *
 * "Another device" is a second Chromium with its own launch that reaches the server under a
 * LAN-style name (mqtt-scope.lan, mapped to 127.0.0.1 inside that browser only) so the origin is
 * not a loopback one and nothing but HTTPS can make it secure. It trusts exactly the server
 * certificate start.js generated, by its key hash, as a phone would after trusting the CA.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from '@playwright/test';
import { terminalQr } from '../../scripts/start-banner.js';
import { connectionState, profileButton, profileForm, rowsFor, uniquePrefix } from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { spkiFingerprint } from '../support/cert';
import { expect, test } from '../support/fixtures';
import { launchLanBrowser } from '../support/lan-browser';
import { BANNER_TIMEOUT_MS, bannerValue, runStartScript } from '../support/start-script';

const LAN_NAME = 'mqtt-scope.lan';

test('npm start --lan: a second browser over HTTPS installs the app, connects over WSS, starts offline', async () => {
	test.setTimeout(BANNER_TIMEOUT_MS + 90_000);
	const dataDir = mkdtempSync(join(tmpdir(), 'mqtt-scope-lan-e2e-'));
	// Port 0 everywhere: free ports picked by the OS, never the defaults other runs may hold.
	const server = await runStartScript(
		[
			'--lan',
			'--host',
			'127.0.0.1',
			'--name',
			LAN_NAME,
			'--port',
			'0',
			'--ws-port',
			'0',
			'--mqtt-port',
			'0',
			'--wss-port',
			'0'
		],
		{ MQTT_SCOPE_DATA_DIR: dataDir }
	);
	let context: BrowserContext | undefined;
	try {
		const appUrl = new URL(bannerValue(server.banner, 'App'));
		expect(appUrl.protocol).toBe('https:');
		expect(appUrl.hostname).toBe(LAN_NAME);
		const quickStart = bannerValue(server.banner, 'Quick start');
		const brokerUrl = new URL(quickStart).searchParams.get('url') ?? '';
		expect(brokerUrl).toMatch(new RegExp(`^wss://${LAN_NAME.replace('.', '\\.')}:\\d+$`));
		// The QR code printed is the Quick start link, drawn by the same renderer.
		expect(server.banner).toContain((await terminalQr(quickStart)).trimEnd().split('\n')[1]);
		const fingerprint = /Certificate\s+SHA-256 ([0-9A-F:]{95})/.exec(server.banner)?.[1];
		expect(fingerprint).toBeDefined();
		expect(server.banner).toContain(`Download     ${appUrl.origin}/mqtt-scope-ca.crt`);
		expect(server.banner).toMatch(/Certificate Trust Settings/);
		expect(server.banner).toMatch(/Install a certificate › CA certificate/);

		const certPem = readFileSync(join(dataDir, 'lan-tls', 'server.pem'), 'utf8');
		context = await launchLanBrowser(
			join(dataDir, 'browser-profile'),
			LAN_NAME,
			spkiFingerprint(join(dataDir, 'lan-tls', 'server.pem'))
		);
		expect(certPem).toContain('BEGIN CERTIFICATE');
		// Desktop width: the phone layout is another slice's work; this test is about HTTPS, install
		// and offline.
		const page = context.pages()[0] ?? (await context.newPage());

		const first = await page.goto(appUrl.href);
		expect(first?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
		expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
		await expect(profileButton(page, 'Local demo')).toBeAttached();

		// The certificate the phone downloads is the CA whose fingerprint the banner shows.
		const download = await page.evaluate(async () => {
			const response = await fetch('/mqtt-scope-ca.crt');
			const bytes = new Uint8Array(await response.arrayBuffer());
			return { type: response.headers.get('content-type'), bytes: Array.from(bytes) };
		});
		expect(download.type).toBe('application/x-x509-ca-cert');
		expect(new X509Certificate(Buffer.from(download.bytes)).fingerprint256).toBe(fingerprint);

		// The service worker registers and, after one reload, controls the page.
		const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
		expect(scope).toBe(appUrl.href);
		if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null)))
			await page.reload();
		await expect
			.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
			.toBe(true);

		// Installable: Chromium's own check (manifest, icons, service worker, secure origin).
		const cdp = await context.newCDPSession(page);
		const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
		expect(installabilityErrors).toEqual([]);

		// The QR link: the demo broker prefilled, connected over WSS, simulator data arriving.
		await page.goto(quickStart);
		const form = page.getByRole('form', { name: 'Connection from link' });
		await expect(form.getByLabel('Broker URL')).toHaveValue(brokerUrl);
		await form.getByRole('button', { name: 'Connect' }).click();
		await expect(connectionState(page)).toHaveAttribute('data-state', 'connected', {
			timeout: 10_000
		});
		await expect(rowsFor(page, 'smart_env/device01/telemetry').first()).toBeAttached({
			timeout: 20_000
		});
		// Keep the demo connection: a link's connection is not saved until the user saves a copy.
		await page.getByRole('button', { name: 'Duplicate Demo', exact: false }).first().click();
		await expect(profileButton(page, 'Demo (copy)')).toBeAttached();

		// The server goes away (and the broker with it); the app still starts, from the worker.
		expect(await server.stop()).toBe(0);
		const offline = await page.evaluate(() =>
			fetch(`/not-cached-${Date.now()}.txt`, { cache: 'no-store' }).then(
				(r) => `status ${r.status}`,
				() => 'network error'
			)
		);
		expect(offline).toBe('network error');
		const reloaded = await page.goto(appUrl.href);
		expect(reloaded?.fromServiceWorker()).toBe(true);
		await expect(profileButton(page, 'Local demo')).toBeAttached();
		await expect(profileButton(page, 'Demo (copy)')).toBeAttached();
		await cdp.detach();
	} finally {
		await context?.close();
		await server.stop();
		rmSync(dataDir, { recursive: true, force: true });
	}
});

test('npm start --lan keeps its certificate between starts and remakes it for a new address', async () => {
	test.setTimeout(BANNER_TIMEOUT_MS + 30_000);
	const dataDir = mkdtempSync(join(tmpdir(), 'mqtt-scope-lan-reuse-'));
	const env = { MQTT_SCOPE_DATA_DIR: dataDir };
	const args = (name: string): string[] => [
		'--lan',
		'--host',
		'127.0.0.1',
		'--name',
		name,
		'--no-broker',
		'--port',
		'0'
	];
	const fingerprintOf = (banner: string): string =>
		/Certificate\s+SHA-256 ([0-9A-F:]{95})/.exec(banner)?.[1] ?? 'none';
	const serverPem = (): string => readFileSync(join(dataDir, 'lan-tls', 'server.pem'), 'utf8');
	try {
		const first = await runStartScript(args('one.lan'), env);
		expect(await first.stop()).toBe(0);
		expect(first.banner).toMatch(/Kept in\s+\S+ \(new: trust it on the phone\)/);
		const firstServer = serverPem();

		const again = await runStartScript(args('one.lan'), env);
		expect(await again.stop()).toBe(0);
		expect(again.banner).toMatch(/Kept in\s+\S+ \(reused\)/);
		expect(fingerprintOf(again.banner)).toBe(fingerprintOf(first.banner));
		expect(serverPem()).toBe(firstServer);

		// A name the certificate does not cover: a new server certificate, the same authority,
		// so a phone that trusted it once needs no new step.
		const moved = await runStartScript(args('two.lan'), env);
		expect(await moved.stop()).toBe(0);
		expect(moved.banner).toMatch(/\(reused\)/);
		expect(fingerprintOf(moved.banner)).toBe(fingerprintOf(first.banner));
		expect(serverPem()).not.toBe(firstServer);
		expect(new X509Certificate(serverPem()).subjectAltName).toContain('DNS:two.lan');
		// Without a broker the QR code opens the app itself.
		expect(moved.banner).toContain('opens the app');
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
	}
});

test('npm start refuses a bad flag in words, with the usage', async () => {
	const refused = await runStartScript(['--lan', '--host', 'https://192.168.1.20']).then(
		async (s) => {
			await s.stop();
			return 'started';
		},
		(err: unknown) => String(err)
	);
	expect(refused).toContain('--host must be a host name or an IP address');
	expect(refused).toContain('Usage: npm start -- [options]');
});

test('npm start --lan --proxy: an https page reaches a broker without TLS through the TLS proxy', async ({
	broker
}) => {
	test.setTimeout(BANNER_TIMEOUT_MS + 60_000);
	const dataDir = mkdtempSync(join(tmpdir(), 'mqtt-scope-lan-proxy-'));
	// The suite's Mosquitto has a plain ws:// listener only as far as this test is concerned.
	const server = await runStartScript(
		[
			'--lan',
			'--host',
			'127.0.0.1',
			'--name',
			LAN_NAME,
			'--no-broker',
			'--port',
			'0',
			'--proxy',
			broker.wsUrl,
			'--proxy-port',
			'0'
		],
		{ MQTT_SCOPE_DATA_DIR: dataDir }
	);
	let context: BrowserContext | undefined;
	const external = await connectExternal(broker.mqttPort);
	try {
		const appUrl = new URL(bannerValue(server.banner, 'App'));
		const proxied = bannerValue(server.banner, 'Your broker');
		expect(proxied).toMatch(new RegExp(`^wss://${LAN_NAME.replace('.', '\\.')}:\\d+$`));
		expect(server.banner).toContain(`TLS proxy to ${new URL(broker.wsUrl).href}`);

		context = await launchLanBrowser(
			join(dataDir, 'browser-profile'),
			LAN_NAME,
			spkiFingerprint(join(dataDir, 'lan-tls', 'server.pem'))
		);
		const page = context.pages()[0] ?? (await context.newPage());
		const prefix = uniquePrefix('lan-proxy');
		const link = new URLSearchParams({ url: proxied, sub: `${prefix}/#` });
		await page.goto(`${appUrl.href}?${link.toString()}`);
		const form = profileForm(page, 'Connection from link');
		await expect(form.getByLabel('Broker URL')).toHaveValue(proxied);
		await form.getByRole('button', { name: 'Connect' }).click();
		await expect(connectionState(page)).toHaveAttribute('data-state', 'connected', {
			timeout: 10_000
		});
		await expect
			.poll(async () => {
				// Until the subscription is in place a publish may go unseen: publish until it shows.
				await external.publishAsync(`${prefix}/x`, 'through the proxy', { qos: 1 });
				return rowsFor(page, `${prefix}/x`).count();
			})
			.toBeGreaterThan(0);
		await expect(rowsFor(page, `${prefix}/x`).first().getByTestId('message-preview')).toHaveText(
			'through the proxy'
		);
	} finally {
		await closeExternal(external);
		await context?.close();
		await server.stop();
		rmSync(dataDir, { recursive: true, force: true });
	}
});
