/**
 * A Chromium whose pages can really be frozen. Playwright's own pages cannot: it turns on focus
 * emulation for every page it creates, which Chromium implements as a visible capturer on the
 * tab, so the tab never becomes hidden and Page.setWebLifecycleState {state: 'frozen'} does
 * nothing. This starts Debian's Chromium itself (remote debugging on 127.0.0.1) and connects
 * with `noDefaults`, which leaves the default context's pages as a phone would have them.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// playwright-core, not @playwright/test: the test runner instruments its own browser types
// (tracing every context it sees), and a context it did not create fails it at teardown.
import {
	chromium,
	type Browser,
	type BrowserContext,
	type CDPSession,
	type Page
} from 'playwright-core';

/** A running freezable browser with one page. */
export interface FreezableBrowser {
	browser: Browser;
	context: BrowserContext;
	page: Page;
	/** Hides the page behind another tab, as when the phone's screen goes off; nothing freezes. */
	hide(): Promise<void>;
	/** Brings the page back to the front (visible). */
	show(): Promise<void>;
	/** Freezes the page like Chrome does a background tab (hidden, then frozen, workers too). */
	freeze(): Promise<void>;
	/** Thaws it and shows it again, as when the phone comes out of the pocket. */
	resume(): Promise<void>;
	close(): Promise<void>;
}

const START_TIMEOUT_MS = 15_000;

/** Starts Chromium headless with the e2e launch flags and connects to its first page. */
export async function launchFreezableBrowser(): Promise<FreezableBrowser> {
	const profileDir = mkdtempSync(join(tmpdir(), 'mqtt-scope-freezable-'));
	const proc = spawn(
		process.env.CHROMIUM_PATH || '/usr/bin/chromium',
		[
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-dev-shm-usage',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
			'--remote-debugging-address=127.0.0.1',
			'--remote-debugging-port=0',
			`--user-data-dir=${profileDir}`,
			'--window-size=1280,800',
			// A 24-hour clock, so times on screen can be read back.
			'--lang=en-GB',
			'about:blank'
		],
		{ stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, TZ: 'UTC' } }
	);
	const exited = new Promise((resolve) => proc.once('exit', resolve));
	const close = async () => {
		// Chromium and its helper processes write the profile until they are all gone.
		const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
		if (proc.exitCode === null) proc.kill('SIGTERM');
		await exited;
		clearTimeout(timer);
		// Helper processes may still be writing for a moment after the browser exits.
		for (let attempt = 0; attempt < 20; attempt++) {
			try {
				rmSync(profileDir, { recursive: true, force: true });
				break;
			} catch {
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
		}
	};
	try {
		const endpoint = await new Promise<string>((resolve, reject) => {
			let output = '';
			const timer = setTimeout(
				() => reject(new Error(`Chromium printed no DevTools endpoint:\n${output}`)),
				START_TIMEOUT_MS
			);
			proc.stderr.on('data', (chunk: Buffer) => {
				output += chunk.toString();
				const match = /DevTools listening on (ws:\/\/\S+)/.exec(output);
				if (match) {
					clearTimeout(timer);
					resolve(match[1]);
				}
			});
			proc.once('exit', (code) => reject(new Error(`Chromium exited (${code}):\n${output}`)));
		});
		const browser = await chromium.connectOverCDP(endpoint, { noDefaults: true });
		const context = browser.contexts()[0];
		const page = context.pages()[0] ?? (await context.newPage());
		let cdp: CDPSession | undefined;
		const lifecycle = async (state: 'frozen' | 'active') => {
			cdp ??= await context.newCDPSession(page);
			await cdp.send('Page.setWebLifecycleState', { state });
		};
		let cover: Page | undefined;
		return {
			browser,
			context,
			page,
			hide: async () => {
				cover ??= await context.newPage();
				await cover.bringToFront();
			},
			show: () => page.bringToFront(),
			freeze: () => lifecycle('frozen'),
			resume: async () => {
				// Thawing leaves the tab hidden (the page gets `resume`); bringing it to the front
				// makes it visible, the order a phone's Chrome goes through.
				await lifecycle('active');
				await page.bringToFront();
			},
			close: async () => {
				// Closing a connected browser only disconnects; Browser.close ends Chromium itself.
				const session = await browser.newBrowserCDPSession().catch(() => undefined);
				const disconnected = new Promise((resolve) => {
					if (!browser.isConnected()) resolve(undefined);
					else browser.once('disconnected', () => resolve(undefined));
				});
				await session?.send('Browser.close').catch(() => undefined);
				// Playwright forgets the browser's contexts only once it has seen it go.
				await Promise.race([disconnected, new Promise((resolve) => setTimeout(resolve, 5000))]);
				await browser.close().catch(() => undefined);
				await close();
			}
		};
	} catch (error) {
		await close();
		throw error;
	}
}
