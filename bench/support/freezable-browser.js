// @ts-check
/**
 * Headless Debian Chromium whose pages can really be frozen (tests/support/freezable-browser.ts
 * says why Playwright's own pages cannot: its focus emulation keeps every page visible). Started
 * by the bench (own-chromium.js) and connected with `noDefaults`.
 */
import { chromium } from 'playwright-core';
import { launchOwnChromium } from './own-chromium.js';

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
	const { endpoint, close } = await launchOwnChromium({ width: 1280, height: 800 });
	try {
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
