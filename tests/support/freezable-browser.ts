/**
 * A page that can really be frozen, as a phone's Chrome freezes a background tab. Playwright's
 * own pages cannot be: their focus emulation keeps the tab visible, and Chromium only freezes a
 * hidden page. So this uses our own Chromium (own-chromium.ts) and drives the page lifecycle
 * through the DevTools protocol (Page.setWebLifecycleState).
 */
import type { CDPSession, Page } from '@playwright/test';
import { launchOwnChromium } from './own-chromium';

/** A running Chromium with one page whose lifecycle the test drives. */
export interface FreezableBrowser {
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

/** Starts Chromium and opens the page at 1280×800. */
export async function launchFreezableBrowser(): Promise<FreezableBrowser> {
	const chromium = await launchOwnChromium();
	try {
		const { context } = chromium;
		const page = context.pages()[0] ?? (await context.newPage());
		await page.setViewportSize({ width: 1280, height: 800 });
		let cdp: CDPSession | undefined;
		let cover: Page | undefined;
		const lifecycle = async (state: 'frozen' | 'active') => {
			cdp ??= await context.newCDPSession(page);
			await cdp.send('Page.setWebLifecycleState', { state });
		};
		return {
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
			close: () => chromium.close()
		};
	} catch (error) {
		await chromium.close();
		throw error;
	}
}
