// @ts-check
/**
 * What the benchmarks do with the app's page: open it (or the bare page) subscribed to bench/#,
 * connect a profile, keep a deep link's profile, reload, read its message count, and count what
 * the app committed to IndexedDB.
 */

/** @typedef {'bare' | 'app'} Variant */

/** The filter every benchmark page subscribes to. */
export const FILTER = 'bench/#';

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
	// The deep link opens a prefilled form; nothing connects until Connect is pressed. The form
	// comes after a lazily loaded parser, so the seeded Local demo's workspace (its own Connect,
	// its own message count) may show first: press the form's button, not the first one there.
	await page.goto(`${appUrl}/?${query}`);
	await page
		.getByRole('form', { name: 'Connection from link' })
		.getByRole('button', { name: 'Connect', exact: true })
		.click({ timeout: 15_000 });
	await subscribed(page);
}

/**
 * Connects the profile on screen and waits until its subscription to `filter` is granted.
 * @param {import('playwright-core').Page} page
 * @param {string} [filter]
 */
export async function connect(page, filter = FILTER) {
	await page.getByRole('button', { name: 'Connect', exact: true }).click({ timeout: 15_000 });
	await subscribed(page, filter);
}

/**
 * Waits until the profile on screen is connected and its subscription to `filter` granted.
 * @param {import('playwright-core').Page} page
 * @param {string} [filter]
 */
async function subscribed(page, filter = FILTER) {
	await page.waitForSelector('[data-testid=connection-state][data-state=connected]', {
		timeout: 15_000
	});
	// The SUBACK is in: the subscription row shows the granted QoS, not the pending "QoS 0 …".
	await page
		.locator('[data-testid=subscription]')
		.filter({ hasText: filter })
		.locator('.granted', { hasText: /^QoS 0$/ })
		.waitFor({ timeout: 15_000 });
}

/**
 * Saves the deep link's profile, which lives in memory only, so a reload keeps it (and its
 * history); leaves it disconnected and selected.
 * @param {import('playwright-core').Page} page
 */
export async function saveLinkProfile(page) {
	await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
	// The link's profile is the newest, so the last in the list (the app also seeds a demo one).
	await page.locator('button[aria-label^="Edit "]').last().click();
	await page.getByRole('button', { name: 'Save', exact: true }).click();
	await page.waitForSelector('[data-testid=message-count]', { timeout: 15_000 });
}

/**
 * Reloads the app (it then reads what was written to IndexedDB behind its back, such as a
 * dashboard) and waits until the selected profile is on screen.
 * @param {import('playwright-core').Page} page
 * @param {number} timeoutMs for the load itself
 */
export async function reloadApp(page, timeoutMs) {
	await page.reload({ timeout: timeoutMs });
	await page.waitForSelector('[data-testid=message-count]', { timeout: 30_000 });
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
