// @ts-check
/**
 * Which Chromium the benchmarks drive and with which flags, written once: Debian's (never a
 * downloaded browser; CHROMIUM_PATH overrides), headless, with the e2e suite's flags
 * (playwright.config.ts) that turn off its own background traffic.
 */

/** The Chromium binary. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Flags every benchmark's Chromium gets: no sandbox or GPU, nothing fetched in the background. */
export const CHROMIUM_FLAGS = Object.freeze([
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run'
]);

/**
 * Playwright's launch options for a headless bench Chromium; performance.memory gives exact
 * heap figures (not rounded buckets) with --enable-precise-memory-info.
 * @returns {import('playwright-core').LaunchOptions}
 */
export function launchOptions() {
	return {
		executablePath: CHROMIUM_PATH,
		headless: true,
		args: [...CHROMIUM_FLAGS, '--enable-precise-memory-info']
	};
}
