// @ts-check
/**
 * What both benchmarks do with a page: open the app or the bare page subscribed to bench/#,
 * read its message count, and count what the app committed to IndexedDB.
 */

/** @typedef {'bare' | 'app'} Variant */

/** The filter every benchmark page subscribes to. */
export const FILTER = 'bench/#';

/**
 * @param {string | undefined} value
 * @param {string} name
 * @returns {number}
 */
export function positiveInt(value, name) {
	const n = Number(value);
	if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer`);
	return n;
}

/**
 * Counts the app's stored messages straight from IndexedDB, independently of its UI.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<number>}
 */
export function countPersisted(page) {
	return page.evaluate(
		() =>
			new Promise((resolveCount, reject) => {
				const open = indexedDB.open('mqtt-scope');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					// History is stored in segments; each segment head carries its record count.
					const request = db
						.transaction('segment-heads', 'readonly')
						.objectStore('segment-heads')
						.getAll();
					request.onsuccess = () => {
						db.close();
						resolveCount(request.result.reduce((sum, head) => sum + head.count, 0));
					};
					request.onerror = () => reject(request.error);
				};
			})
	);
}

/**
 * Opens the page of `variant`, connected and subscribed to bench/#, ready for the flood.
 * @param {import('playwright-core').Page} page
 * @param {Variant} variant
 * @param {string} appUrl
 * @param {string} wsUrl
 * @param {4 | 5} [version] MQTT version of the app's profile (4 for an MQTT 3.1.1 broker)
 */
export async function openSubscribed(page, variant, appUrl, wsUrl, version = 5) {
	const query =
		`url=${encodeURIComponent(wsUrl)}&sub=${encodeURIComponent(FILTER)}` +
		(version === 4 ? '&v=4' : '');
	if (variant === 'bare') {
		await page.goto(`${appUrl}/bench/bare.html?${query}`);
		await page.waitForFunction(
			() => /** @type {any} */ (window).benchReady || /** @type {any} */ (window).benchError,
			undefined,
			{ timeout: 15_000 }
		);
		const error = await page.evaluate(() => /** @type {any} */ (window).benchError);
		if (error) throw new Error(`bare page: ${error}`);
		return;
	}
	// The deep link opens a prefilled form; nothing connects until Connect is pressed.
	await page.goto(`${appUrl}/?${query}`);
	await page.getByRole('button', { name: 'Connect', exact: true }).click({ timeout: 15_000 });
	await page.waitForSelector('[data-testid=connection-state][data-state=connected]', {
		timeout: 15_000
	});
	// The SUBACK is in: the subscription row shows the granted QoS, not the pending "QoS 0 …".
	await page
		.locator('[data-testid=subscription]')
		.filter({ hasText: FILTER })
		.locator('.granted', { hasText: /^QoS 0$/ })
		.waitFor({ timeout: 15_000 });
}

/**
 * Reads the page's count and the time (ms since epoch) it last changed.
 * @param {import('playwright-core').Page} page
 * @param {Variant} variant
 * @returns {Promise<{ value: number, at: number, firstAt: number }>}
 */
export function readCount(page, variant) {
	return variant === 'bare'
		? page.evaluate(() => {
				/** @type {any} */
				const w = window;
				return { value: w.benchCount, at: w.benchLastAt, firstAt: w.benchFirstAt ?? 0 };
			})
		: page.evaluate(() => ({ .../** @type {any} */ (window).__benchCount }));
}
