/**
 * Field tools (issue #9 point 5): keeping the screen awake, sharing exports, installing, and the
 * manifest's id, screenshots, shortcuts and launch handler.
 *
 * Page visibility and installing need a Chromium without Playwright's defaults (see
 * tests/support/own-chromium.ts): Playwright's focus emulation keeps every tab visible, and its
 * incognito contexts cannot install apps.
 */
import { chromium, devices, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	connect,
	connectionBar,
	createProfile,
	openApp,
	profileButton,
	subscribe,
	uniquePrefix
} from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';
import { launchOwnChromium } from '../support/own-chromium';
import { openMore, showPhoneView } from '../support/phone';

const SHOTS = 'test-results/screenshots';

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): string {
	expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
	return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

function wakeLockStatus(page: Page) {
	return page.getByTestId('wake-lock-status');
}

test.describe('keep the screen awake', () => {
	test('taken when turned on, released while hidden, taken again when visible', async ({
		appUrl
	}) => {
		const own = await launchOwnChromium();
		try {
			const page = own.context.pages()[0] ?? (await own.context.newPage());
			await page.setViewportSize({ width: 1280, height: 800 });
			await page.goto(`${appUrl}/`);
			await expect(profileButton(page, 'Local demo')).toBeVisible();
			await expect(wakeLockStatus(page)).toHaveText('The screen may turn off as usual.');

			await page.getByRole('switch', { name: 'Keep screen awake' }).check();
			await expect(wakeLockStatus(page)).toHaveText('Screen kept awake.');
			mkdirSync(SHOTS, { recursive: true });
			await page.screenshot({ path: `${SHOTS}/field-wake-lock-1280x800.png` });

			// Another tab in front: the page is really hidden (visibilitychange fires) and the
			// browser takes the lock away.
			const other = await own.context.newPage();
			await other.goto('about:blank');
			await other.bringToFront();
			await expect.poll(() => page.evaluate(() => document.visibilityState)).toBe('hidden');
			await expect(wakeLockStatus(page)).toHaveAttribute('data-state', 'paused');

			await page.bringToFront();
			await expect.poll(() => page.evaluate(() => document.visibilityState)).toBe('visible');
			await expect(wakeLockStatus(page)).toHaveText('Screen kept awake.');

			await page.getByRole('switch', { name: 'Keep screen awake' }).uncheck();
			await expect(wakeLockStatus(page)).toHaveText('The screen may turn off as usual.');
		} finally {
			await own.close();
		}
	});

	test('says so when the browser refuses the lock', async ({ page, appUrl }) => {
		// Denied as a site setting or policy would: the browser itself rejects the request.
		const pageSession = await page.context().newCDPSession(page);
		const { targetInfo } = await pageSession.send('Target.getTargetInfo');
		const session = await page.context().browser()!.newBrowserCDPSession();
		await session.send('Browser.setPermission', {
			permission: { name: 'screen-wake-lock' },
			setting: 'denied',
			origin: appUrl,
			browserContextId: targetInfo.browserContextId
		});
		await openApp(page);
		await page.getByRole('switch', { name: 'Keep screen awake' }).check();
		await expect(wakeLockStatus(page)).toHaveAttribute('data-state', 'refused');
		await expect(wakeLockStatus(page)).toContainText(
			'The browser refused to keep the screen awake'
		);
	});
});

test.describe('share or download exports', () => {
	test('without Web Share, the export downloads and no Share button shows', async ({
		page,
		broker
	}) => {
		const prefix = uniquePrefix('field-share');
		await openApp(page);
		expect(await page.evaluate(() => typeof navigator.canShare)).toBe('undefined');
		await createProfile(page, { name: 'Field share', url: broker.wsUrl });
		await connect(page);
		await subscribe(page, `${prefix}/#`);
		const external = await connectExternal(broker.mqttPort);
		try {
			for (let i = 0; i < 3; i++) {
				await external.publishAsync(`${prefix}/t`, JSON.stringify({ temperature: 20 + i }));
			}
		} finally {
			await closeExternal(external);
		}
		await expect(page.getByTestId('message-count')).toHaveText('3');

		await page.getByRole('button', { name: 'Export / import' }).click();
		const panel = page.getByRole('region', { name: 'Export and import' });
		await panel.getByLabel('Format').selectOption('csv');
		await expect(panel.getByRole('button', { name: /^Share/ })).toHaveCount(0);
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			panel.getByRole('button', { name: 'Export', exact: true }).click()
		]);
		expect(download.suggestedFilename()).toMatch(/^mqtt-scope-Field-share-.*\.csv$/);
		await expect(page.getByTestId('export-result')).toHaveText('Exported 3 messages.');
	});

	test('where the browser can share files, Share buttons sit beside Download', async ({
		appUrl,
		broker
	}) => {
		// Chromium on Linux has Web Share only behind this flag; canShare is the browser's own
		// answer. navigator.share itself has no Linux share sheet behind it, so it is not called.
		const browser = await chromium.launch({
			executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
			args: ['--no-sandbox', '--disable-gpu', '--enable-features=WebShare']
		});
		try {
			const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
			await page.goto(`${appUrl}/`);
			await expect(profileButton(page, 'Local demo')).toBeVisible();
			await createProfile(page, { name: 'Shareable', url: broker.wsUrl });
			await page.getByRole('button', { name: 'Export / import' }).click();
			const panel = page.getByRole('region', { name: 'Export and import' });
			await panel.getByLabel('Format').selectOption('csv');
			await expect(panel.getByRole('button', { name: 'Share', exact: true })).toBeVisible();
			await expect(panel.getByRole('button', { name: 'Export', exact: true })).toBeVisible();
			// A phone has Export / import as a view of its own, under More.
			await page.setViewportSize({ width: 390, height: 844 });
			await showPhoneView(page, 'Export / import');
			await panel.getByLabel('Format').selectOption('csv');
			await expect(panel.getByRole('button', { name: 'Share', exact: true })).toBeVisible();
			mkdirSync(SHOTS, { recursive: true });
			await page.screenshot({ path: `${SHOTS}/field-share-390x844.png` });
			await page.setViewportSize({ width: 1280, height: 800 });

			await page.getByRole('tab', { name: 'Dashboard' }).click();
			await page.getByRole('button', { name: 'File ▾' }).click();
			await expect(page.getByRole('button', { name: 'Share JSON' })).toBeVisible();
			await expect(page.getByRole('button', { name: 'Export JSON' })).toBeVisible();
		} finally {
			await browser.close();
		}
	});
});

test.describe('install', () => {
	test('installable with no errors; the Install button appears when the browser offers it', async ({
		appUrl
	}) => {
		// A persistent profile: Chromium never offers to install from an incognito context.
		const dir = mkdtempSync(join(tmpdir(), 'mqtt-scope-install-'));
		const context = await chromium.launchPersistentContext(dir, {
			executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
			args: ['--no-sandbox', '--disable-gpu'],
			viewport: { width: 390, height: 844 }
		});
		try {
			const page = context.pages()[0] ?? (await context.newPage());
			await page.goto(`${appUrl}/`);
			const cdp = await context.newCDPSession(page);
			await expect
				.poll(async () => (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors)
				.toEqual([]);
			// beforeinstallprompt fired (headless Chromium does fire it for an installable page).
			await openMore(page);
			await expect(page.getByRole('button', { name: 'Install app' })).toBeVisible();
			await page.screenshot({ path: `${SHOTS}/field-install-390x844.png` });

			// The browser's prompt can be opened once per offer: the button goes while it is up.
			// (Headless Chromium has no way to answer that dialog, so `appinstalled` and running
			// standalone are not reached here.)
			await page.getByRole('button', { name: 'Install app' }).click();
			await expect(page.getByRole('button', { name: 'Install app' })).toBeHidden();
		} finally {
			await context.close();
			rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
		}
	});

	test('iOS Safari gets the Add to Home Screen steps', async ({ browser, appUrl }) => {
		const context = await browser.newContext({
			...devices['iPhone 13'],
			viewport: { width: 390, height: 844 }
		});
		try {
			const page = await context.newPage();
			await page.goto(`${appUrl}/`);
			await openMore(page);
			await expect(page.getByRole('button', { name: 'Install app' })).toHaveCount(0);
			await page.getByRole('button', { name: 'Add to Home Screen' }).click();
			const steps = page.getByRole('dialog', { name: 'Add mqtt-scope to your Home Screen' });
			await expect(steps.getByTestId('ios-install-steps')).toContainText(
				'Scroll down and tap Add to Home Screen'
			);
			mkdirSync(SHOTS, { recursive: true });
			await page.screenshot({ path: `${SHOTS}/field-ios-steps-390x844.png` });
			await page.keyboard.press('Escape');
			await expect(steps).toBeHidden();
		} finally {
			await context.close();
		}
	});
});

test.describe('manifest and shortcuts', () => {
	test('the manifest has an id, shortcuts, screenshots and a launch handler; every image loads at its size', async ({
		page,
		request,
		appUrl
	}) => {
		const manifestUrl = `${appUrl}/manifest.webmanifest`;
		const manifest = await (await request.get(manifestUrl)).json();
		expect(manifest.id).toBe('./');
		expect(manifest.launch_handler).toEqual({ client_mode: ['focus-existing', 'auto'] });
		expect(manifest.shortcuts.map((s: { url: string }) => s.url)).toEqual([
			'./?profile=last',
			'./?profile=demo'
		]);
		expect(
			manifest.screenshots.map((s: { form_factor: string; sizes: string }) => [
				s.form_factor,
				s.sizes
			])
		).toEqual([
			['narrow', '390x844'],
			['wide', '1280x800']
		]);
		for (const shot of manifest.screenshots) expect(shot.label.length).toBeGreaterThan(10);

		const images: { src: string; sizes: string }[] = [
			...manifest.icons,
			...manifest.screenshots,
			...manifest.shortcuts.flatMap((s: { icons: unknown[] }) => s.icons)
		];
		for (const image of images) {
			const response = await request.get(new URL(image.src, manifestUrl).href);
			expect(response.status(), image.src).toBe(200);
			expect(pngSize(await response.body()), image.src).toBe(image.sizes);
		}

		// The apple-touch-icon in the page's head: 180 × 180, as iOS asks.
		await page.goto(`${appUrl}/`);
		const touchIcon = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
		const icon = await request.get(new URL(touchIcon!, `${appUrl}/`).href);
		expect(pngSize(await icon.body())).toBe('180x180');
		await expect(page.locator('meta[name="apple-mobile-web-app-capable"]')).toHaveAttribute(
			'content',
			'yes'
		);

		// Chromium's own reading of the manifest: no errors, the launch handler understood.
		const cdp = await page.context().newCDPSession(page);
		const read = await cdp.send('Page.getAppManifest');
		expect(read.errors).toEqual([]);
		// Chromium reports its enum name (kFocusExisting) for the first mode it understood.
		expect(read.manifest?.launchHandler?.clientMode).toMatch(/^k?focus-?existing$/i);
		expect(
			read.manifest?.screenshots?.map((s) => s.formFactor.replace(/^k/, '').toLowerCase())
		).toEqual(['narrow', 'wide']);
		expect(read.manifest?.shortcuts?.map((s) => new URL(s.url).search)).toEqual([
			'?profile=last',
			'?profile=demo'
		]);
		expect(await page.evaluate(() => 'launchQueue' in window)).toBe(true);
	});

	test('?profile=demo selects the Local demo, ?profile=last the profile used last', async ({
		page,
		broker
	}) => {
		await openApp(page);
		await createProfile(page, { name: 'Field site', url: broker.wsUrl });

		await page.goto('/?profile=demo');
		await expect(connectionBar(page).getByText('Local demo', { exact: true })).toBeVisible();
		// The shortcut's parameter is gone from the address: a reload keeps what the user picks.
		await expect.poll(() => new URL(page.url()).search).toBe('');

		await profileButton(page, 'Field site').click();
		await page.goto('/?profile=last');
		await expect(connectionBar(page).getByText('Field site', { exact: true })).toBeVisible();
	});
});
