// @ts-check
/**
 * Headless Debian Chromium whose pages can really be frozen (tests/support/freezable-browser.ts
 * says why Playwright's own pages cannot: its focus emulation keeps every page visible). Started
 * with remote debugging on 127.0.0.1 and connected with `noDefaults`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './chromium.js';

/**
 * @typedef {object} FreezableBrowser
 * @property {string} version
 * @property {import('playwright-core').Page} page
 * @property {() => Promise<void>} hide another tab in front: the page is hidden, not frozen
 * @property {(state: 'frozen' | 'active') => Promise<void>} lifecycle Page.setWebLifecycleState
 * @property {() => Promise<void>} show brings the page to the front (visible)
 * @property {() => Promise<void>} close
 */

/** @returns {Promise<FreezableBrowser>} */
export async function launchFreezableBrowser() {
	const profileDir = mkdtempSync(join(tmpdir(), 'mqtt-scope-bench-chromium-'));
	const proc = spawn(
		CHROMIUM_PATH,
		[
			'--headless',
			...CHROMIUM_FLAGS,
			'--remote-debugging-address=127.0.0.1',
			'--remote-debugging-port=0',
			`--user-data-dir=${profileDir}`,
			'--window-size=1280,800',
			'about:blank'
		],
		{ stdio: ['ignore', 'ignore', 'pipe'] }
	);
	const exited = new Promise((resolve) => proc.once('exit', resolve));
	const killOnExit = () => proc.kill('SIGKILL');
	process.once('exit', killOnExit);
	const close = async () => {
		process.removeListener('exit', killOnExit);
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
		/** @type {string} */
		const endpoint = await new Promise((resolve, reject) => {
			let output = '';
			const timer = setTimeout(() => reject(new Error(`no DevTools endpoint:\n${output}`)), 15_000);
			proc.stderr?.on('data', (chunk) => {
				output += String(chunk);
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
		const cdp = await context.newCDPSession(page);
		/** @type {import('playwright-core').Page | undefined} */
		let cover;
		return {
			version: browser.version(),
			page,
			hide: async () => {
				cover ??= await context.newPage();
				await cover.bringToFront();
			},
			lifecycle: async (state) => {
				await cdp.send('Page.setWebLifecycleState', { state });
			},
			show: () => page.bringToFront(),
			close: async () => {
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
