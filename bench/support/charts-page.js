// @ts-check
/**
 * What bench/charts.js does with the app: a saved profile, history imported from an NDJSON
 * file, a dashboard written straight to IndexedDB, the Dashboard view opened, and the charts'
 * own timing (performance marks and measures) read back.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { openSubscribed, saveLinkProfile } from './pages.js';

/** @typedef {import('playwright-core').Page} Page */

/** A chart on the dashboard: the SeriesChart root, which carries data-state. */
export const CHART = '[data-testid=chart]';

/** Where the app remembers the selected profile (src/lib/state/profiles.svelte.ts). */
const SELECTED_KEY = 'mqtt-scope:selected-profile';

/**
 * Installs window.__benchCharts: every 'chart-redraw' measure and 'chart-first-draw' mark the
 * charts record, from a PerformanceObserver (so a chart clearing its own entries loses none).
 * Runs in the page: no closure over Node values.
 */
export function installChartTiming() {
	/** @type {any} Page global read by bench/charts.js through page.evaluate. */
	const w = window;
	const state = {
		redraws: /** @type {number[][]} */ ([]),
		firstDraws: /** @type {number[]} */ ([]),
		/** Draws of a chart's overview of its whole range (SeriesChart's 'chart-overview-draw'). */
		overviewDraws: /** @type {number[]} */ ([])
	};
	w.__benchCharts = state;
	new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) {
			if (entry.entryType === 'measure' && entry.name === 'chart-redraw') {
				state.redraws.push([entry.startTime, entry.duration]);
			} else if (entry.entryType === 'mark' && entry.name === 'chart-first-draw') {
				state.firstDraws.push(entry.startTime);
			} else if (entry.entryType === 'mark' && entry.name === 'chart-overview-draw') {
				state.overviewDraws.push(entry.startTime);
			}
		}
	}).observe({ entryTypes: ['mark', 'measure'] });
}

/**
 * The redraw durations recorded since page time `from` (performance.now() ms).
 * @param {Page} page
 * @param {number} from
 * @returns {Promise<number[]>}
 */
export function redrawsSince(page, from) {
	return page.evaluate(
		(t) =>
			/** @type {number[][]} */ (/** @type {any} */ (window).__benchCharts.redraws)
				.filter(([start]) => start >= t)
				.map(([, duration]) => duration),
		from
	);
}

/**
 * Opens the app on a deep link to the broker, then saves that profile (a deep link's profile
 * lives in memory only) so a reload keeps it, its history and its dashboard; returns its id.
 * Leaves it disconnected, as an import needs.
 * @param {Page} page
 * @param {string} appUrl
 * @param {string} wsUrl
 * @returns {Promise<string>}
 */
export async function savedProfile(page, appUrl, wsUrl) {
	await openSubscribed(page, 'app', appUrl, wsUrl);
	await saveLinkProfile(page);
	// Saving keeps the link profile's id (temp-…) and selects it; check that it is stored.
	const id = await page.evaluate(
		(key) =>
			new Promise((resolveId, reject) => {
				const selected = localStorage.getItem(key);
				const open = indexedDB.open('mqtt-scope');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const request = db
						.transaction('profiles', 'readonly')
						.objectStore('profiles')
						.getKey(selected ?? '');
					request.onsuccess = () => {
						db.close();
						resolveId(request.result === undefined ? null : selected);
					};
					request.onerror = () => reject(request.error);
				};
			}),
		SELECTED_KEY
	);
	if (typeof id !== 'string') throw new Error('saving the deep link profile failed');
	return id;
}

/**
 * Writes an NDJSON export of `count` telemetry messages ({"temperature", "humidity"}) on
 * `topic`, one every `stepMs`, the newest at `endMs`, in the format the app imports
 * (src/lib/shared/history/export-format.ts).
 * @param {string} path
 * @param {{ topic: string, count: number, stepMs: number, endMs: number }} plan
 */
export async function writeHistoryFile(path, { topic, count, stepMs, endMs }) {
	const out = createWriteStream(path);
	const header = { mqttScopeExport: 1, profile: 'bench', exportedAt: new Date().toISOString() };
	let chunk = `${JSON.stringify(header)}\n`;
	const start = endMs - (count - 1) * stepMs;
	for (let i = 0; i < count; i++) {
		const payload = telemetry(i);
		chunk +=
			`{"direction":"in","topic":${JSON.stringify(topic)},"payloadBase64":"` +
			`${Buffer.from(payload).toString('base64')}","qos":0,"retain":false,"dup":false,` +
			`"time":${start + i * stepMs}}\n`;
		if (chunk.length > 1 << 20) {
			if (!out.write(chunk)) await once(out, 'drain');
			chunk = '';
		}
	}
	out.end(chunk);
	await once(out, 'finish');
}

/**
 * A telemetry payload whose values wander smoothly (so decimation has real shapes to keep).
 * @param {number} n
 * @returns {string}
 */
export function telemetry(n) {
	const temperature = 21 + 4 * Math.sin(n / 500) + ((n * 7919) % 100) / 200;
	const humidity = 45 + 10 * Math.cos(n / 800) + ((n * 104729) % 100) / 100;
	return `{"temperature":${temperature.toFixed(2)},"humidity":${humidity.toFixed(1)}}`;
}

/**
 * Imports an NDJSON file through the Messages view's "Export / import" panel; resolves when
 * the panel reports `expected` messages imported.
 * @param {Page} page
 * @param {string} path
 * @param {number} expected
 * @param {number} timeoutMs
 */
export async function importFile(page, path, expected, timeoutMs) {
	const panel = page.getByRole('region', { name: 'Export and import' });
	if (!(await panel.isVisible()))
		await page.getByRole('button', { name: 'Export / import' }).click();
	await panel.locator('input[type=file]').setInputFiles(path);
	const result = panel.getByTestId('import-result');
	try {
		await result.waitFor({ timeout: timeoutMs });
	} catch (error) {
		throw new Error(`import of ${expected} messages did not finish in ${timeoutMs / 1000} s`, {
			cause: error
		});
	}
	const text = ((await result.textContent()) ?? '').trim();
	const want = `Imported ${expected.toLocaleString('en-US')} messages.`;
	if (text !== want) throw new Error(`import: expected "${want}", the app says "${text}"`);
}

/**
 * Writes a profile's dashboard (shape Dashboard in src/lib/shared/dashboards/dashboard.ts) into the app's
 * 'dashboards' store; the app reads it when the profile is opened, i.e. after a reload.
 * @param {Page} page
 * @param {string} profileId
 * @param {unknown[]} tiles
 */
export function putDashboard(page, profileId, tiles) {
	return page.evaluate(
		(dashboard) =>
			new Promise((resolvePut, reject) => {
				const open = indexedDB.open('mqtt-scope');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const tx = db.transaction('dashboards', 'readwrite');
					tx.objectStore('dashboards').put(dashboard);
					tx.oncomplete = () => {
						db.close();
						resolvePut(undefined);
					};
					tx.onerror = () => reject(tx.error);
				};
			}),
		{ profileId, tiles, alerts: [], updatedAt: Date.now() }
	);
}

/**
 * A chart tile (shape ChartTile in src/lib/shared/dashboards/dashboard.ts).
 * @param {string} id
 * @param {string} title
 * @param {{ topicFilter: string, path: string, unit?: string }[]} series
 * @param {number} windowMs 0 shows all history
 */
export function chartTile(id, title, series, windowMs) {
	return { id, kind: 'chart', title, width: 2, series, windowMs };
}

/**
 * Clicks the Dashboard tab from inside the page and, every animation frame, notes when the
 * first chart draw is marked, when its overview of the whole range is drawn (null when none
 * was needed), when the chart shows its first page (data-state="ready") and when
 * it has read all history: no "Loading history" bar and at least `expectPoints` points in its
 * lines (the data-count of each line in the list under the chart). Times are ms after the
 * click; the frame-gap probe (probe.js) runs from the click to the end.
 * @param {Page} page
 * @param {{ expectPoints: number, timeoutMs: number }} wait
 * @returns {Promise<{ firstDrawMs: number | null, overviewMs: number | null, readyMs: number | null,
 *   loadedMs: number | null, timedOut: boolean, frames: import('./probe.js').ProbeResult }>}
 */
export function openDashboard(page, { expectPoints, timeoutMs }) {
	return page.evaluate(
		({ expectPoints, timeoutMs, selector }) =>
			new Promise((resolveOpen, reject) => {
				/** @type {any} */
				const w = window;
				const tab = Array.from(document.querySelectorAll('[role=tab]')).find(
					(el) => el.textContent?.trim() === 'Dashboard'
				);
				if (!(tab instanceof HTMLElement)) return reject(new Error('no Dashboard tab'));
				w.__benchProbe.start();
				const t0 = performance.now();
				tab.click();
				/** @type {number | null} */
				let readyMs = null;
				/** @type {number | null} */
				let loadedMs = null;
				const tick = () => {
					const now = performance.now();
					const chart = document.querySelector(selector);
					if (readyMs === null && chart?.getAttribute('data-state') === 'ready') {
						readyMs = now - t0;
					}
					if (readyMs !== null && loadedMs === null && chart && !chart.querySelector('progress')) {
						let points = 0;
						for (const line of Array.from(chart.querySelectorAll('[data-testid=series]'))) {
							points += Number(line.getAttribute('data-count')) || 0;
						}
						if (points >= expectPoints) loadedMs = now - t0;
					}
					const first = /** @type {number[]} */ (w.__benchCharts.firstDraws).find((t) => t >= t0);
					const timedOut = now - t0 > timeoutMs;
					if ((loadedMs !== null && (first !== undefined || expectPoints === 0)) || timedOut) {
						const overview = /** @type {number[]} */ (w.__benchCharts.overviewDraws).find(
							(t) => t >= t0
						);
						resolveOpen({
							firstDrawMs: first === undefined ? null : first - t0,
							overviewMs: overview === undefined ? null : overview - t0,
							readyMs,
							loadedMs,
							timedOut,
							frames: w.__benchProbe.stop()
						});
					} else requestAnimationFrame(tick);
				};
				requestAnimationFrame(tick);
			}),
		{ expectPoints, timeoutMs, selector: CHART }
	);
}

/**
 * What the charts on screen say about themselves: data-state, whether history is still
 * loading, and each line's name and point count.
 * @param {Page} page
 */
export function chartStates(page) {
	return page.evaluate(
		(selector) =>
			Array.from(document.querySelectorAll(selector)).map((el) => ({
				state: el.getAttribute('data-state'),
				loadingHistory: !!el.querySelector('progress'),
				lines: Array.from(el.querySelectorAll('[data-testid=series]')).map((line) => ({
					name: line.getAttribute('data-name'),
					points: Number(line.getAttribute('data-count'))
				}))
			})),
		CHART
	);
}
