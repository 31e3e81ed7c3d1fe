// @ts-check
/**
 * A fresh browser context and page for one benchmark run: empty storage, service workers
 * blocked (the app's precache download would compete with what is measured), the run's in-page
 * instruments installed before any page script, and the page's errors collected.
 */

/**
 * @typedef {import('playwright-core').Browser} Browser
 * @typedef {import('playwright-core').BrowserContext} BrowserContext
 * @typedef {import('playwright-core').Page} Page
 * @typedef {{ stacks?: boolean, console?: boolean }} ErrorOptions uncaught errors with their
 *   stack (or their message alone), and console errors too (default: both)
 */

/** The viewport of most runs: the app's wide layout, list and side column side by side. */
export const WIDE = Object.freeze({ width: 1400, height: 900 });

/**
 * Collects into `errors` the page's uncaught errors and its console errors.
 * @param {Page} page
 * @param {string[]} errors
 * @param {ErrorOptions} [options]
 */
export function collectErrors(page, errors, { stacks = true, console: withConsole = true } = {}) {
	page.on('pageerror', (err) =>
		errors.push(`pageerror: ${stacks ? (err.stack ?? err.message) : err.message}`)
	);
	if (withConsole) {
		page.on('console', (msg) => {
			if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
		});
	}
}

/**
 * A new context of `browser` with `scripts` installed (in order) and one page; the caller
 * closes the context.
 * @param {Browser} browser
 * @param {{ viewport?: { width: number, height: number }, scripts?: (() => void)[],
 *   acceptDownloads?: boolean, errors?: ErrorOptions }} [options]
 * @returns {Promise<{ context: BrowserContext, page: Page, errors: string[] }>}
 */
export async function freshPage(
	browser,
	{ viewport = WIDE, scripts = [], acceptDownloads, errors: errorOptions } = {}
) {
	const context = await browser.newContext({
		serviceWorkers: 'block',
		viewport,
		...(acceptDownloads ? { acceptDownloads } : {})
	});
	try {
		for (const script of scripts) await context.addInitScript(script);
		const page = await context.newPage();
		/** @type {string[]} */
		const errors = [];
		collectErrors(page, errors, errorOptions);
		return { context, page, errors };
	} catch (error) {
		await context.close();
		throw error;
	}
}
