// @ts-check
/**
 * What bench/month.js and bench/scale.js share: a Chromium profile on disk (real IndexedDB
 * files, unlike an incognito context), the app's saved profile, history written through the
 * app's ingest path by the harness (history-harness.js), the first screen timed, and the end of
 * a run (result file and summary).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { savedProfile } from './charts-page.js';
import { openHarness } from './harness-page.js';
import { installProbe } from './probe.js';
import { installChartTiming } from './charts-page.js';
import { fmt, markdown, median, table } from './report.js';
import { runInfo, writeResult } from './results.js';
import { launchOptions } from './chromium.js';
import { collectErrors, WIDE } from './fresh-page.js';

/** @typedef {import('playwright-core').Page} Page */

/**
 * @typedef {object} DiskContext
 * @property {import('playwright-core').BrowserContext} context
 * @property {Page} page
 * @property {string} dir the Chromium profile directory
 * @property {string[]} errors page errors seen
 * @property {() => Promise<void>} close closes the browser and deletes the directory
 * @property {() => Promise<void>} quit closes the browser and keeps the directory
 */

/**
 * A persistent Chromium context with the probes installed, in a new directory or in `dir`
 * (a profile quit before: its IndexedDB files are opened again).
 * @param {string} [reuse]
 * @returns {Promise<DiskContext>}
 */
export async function diskContext(reuse) {
	const dir = reuse ?? mkdtempSync(join(tmpdir(), 'mqtt-scope-bench-disk-'));
	const context = await chromium.launchPersistentContext(dir, {
		...launchOptions(),
		serviceWorkers: 'block',
		viewport: WIDE
	});
	await context.addInitScript(installProbe);
	await context.addInitScript(installChartTiming);
	const page = context.pages()[0] ?? (await context.newPage());
	/** @type {string[]} */
	const errors = [];
	collectErrors(page, errors);
	return {
		context,
		page,
		dir,
		errors,
		close: async () => {
			await context.close().catch(() => undefined);
			rmSync(dir, { recursive: true, force: true });
		},
		quit: async () => {
			await context.close().catch(() => undefined);
		}
	};
}

/**
 * Bytes of the IndexedDB files (LevelDB and blobs) in a context's directory.
 * @param {string} dir
 * @returns {number}
 */
export function indexedDbBytes(dir) {
	const out = execFileSync('du', ['-sb', join(dir, 'Default', 'IndexedDB')], { encoding: 'utf8' });
	return Number(out.split(/\s/)[0]);
}

/**
 * Bytes of the Origin Private File System's files (and their bookkeeping) in a context's
 * directory; 0 if no page used it.
 * @param {string} dir
 * @returns {number}
 */
export function fileSystemBytes(dir) {
	const root = join(dir, 'Default', 'File System');
	if (!existsSync(root)) return 0;
	const out = execFileSync('du', ['-sb', root], { encoding: 'utf8' });
	return Number(out.split(/\s/)[0]);
}

/**
 * What a profile keeps on disk for the app: its IndexedDB files and its Origin Private File
 * System's (the history journals), both on the same disk.
 * @param {string} dir
 */
export function storedBytes(dir) {
	return indexedDbBytes(dir) + fileSystemBytes(dir);
}

/**
 * Bytes of LevelDB's own bookkeeping in a context's IndexedDB: its text log (LOG, LOG.old) and
 * its MANIFEST, a record of every compaction since the database was opened (rewritten short
 * when it is opened again). They grow with how much was written, not with what is kept.
 * @param {string} dir
 * @returns {number}
 */
export function levelDbBookkeepingBytes(dir) {
	const root = join(dir, 'Default', 'IndexedDB');
	let bytes = 0;
	for (const store of readdirSync(root).filter((name) => name.endsWith('.leveldb'))) {
		for (const file of readdirSync(join(root, store))) {
			if (/^(LOG(\.old)?|MANIFEST-\d+)$/.test(file))
				bytes += statSync(join(root, store, file)).size;
		}
	}
	return bytes;
}

/**
 * A saved profile of the app (see savedProfile) and the harness page, ready to write into it;
 * `harnessInWorker` runs the harness where the engine runs (see openHarness).
 * @param {Page} page
 * @param {{ appUrl: string, wsUrl: string, harness: string, harnessInWorker?: boolean }} env
 */
export async function preparedProfile(page, { appUrl, wsUrl, harness, harnessInWorker }) {
	const profileId = await savedProfile(page, appUrl, wsUrl);
	await openHarness(page, appUrl, harness, { inWorker: harnessInWorker });
	return profileId;
}

/**
 * Streams `ticks` ticks through the harness (already started), about 20,000 messages a call,
 * logging progress; stops early at `deadline` (ms since the epoch) if one is given.
 * @param {Page} page
 * @param {{ ticks: number, perTick: number, label: string, deadline?: number }} plan
 * @returns {Promise<{ ms: number, sent: number, now: number }>}
 */
export async function stream(page, { ticks, perTick, label, deadline = Infinity }) {
	const step = Math.max(1, Math.floor(20_000 / perTick));
	let ms = 0;
	let last = { ms: 0, sent: 0, now: 0 };
	let logged = Date.now();
	for (let done = 0; done < ticks && Date.now() < deadline; done += step) {
		const n = Math.min(step, ticks - done);
		last = await page.evaluate(
			(count) => /** @type {any} */ (window).__historyHarness.advance(count),
			n
		);
		ms += last.ms;
		if (Date.now() - logged > 30_000) {
			logged = Date.now();
			console.log(`  ${label}: ${fmt(last.sent)} messages, ${fmt((last.sent / ms) * 1000)} msg/s`);
		}
	}
	return { ...last, ms };
}

/** What the init script of firstScreen logs, with the time, once the first row is drawn. */
const FIRST_ROW_TAG = 'mqtt-scope-bench:first-row';

/** Pages that already record their first row (an init script runs on every later load). */
const watchedPages = new WeakSet();

/**
 * Loads the app afresh and returns the time from navigation start to the first row of the
 * message list, the count shown and the app's first-screen marks (ms from navigation). The time
 * is taken in the page, in the first animation frame after the row is added, and logged to the
 * console: polling from here would start only once `goto` has seen the load event (which can
 * come after the row), and would run Playwright's scripts in the page while it starts.
 * @param {Page} page
 * @param {string} appUrl
 * @param {number} timeoutMs
 * @param {string} [path] the page's path and query (another query keeps two builds served in
 *   turn on one origin from sharing a cached index.html)
 */
export async function firstScreen(page, appUrl, timeoutMs, path = '/') {
	if (!watchedPages.has(page)) {
		watchedPages.add(page);
		await page.addInitScript((tag) => {
			const selector = '[data-testid=message-list] [data-testid=message-row]';
			const observer = new MutationObserver(() => {
				if (!document.querySelector(selector)) return;
				observer.disconnect();
				requestAnimationFrame(() => console.debug(`${tag} ${performance.now()}`));
			});
			observer.observe(document, { childList: true, subtree: true });
		}, FIRST_ROW_TAG);
	}
	// Told by a console message, not polled: Playwright's polling first evaluates its injected
	// script in the page (about 20 ms of main thread), which landed in the middle of the start
	// being measured and delayed it.
	const told = page.waitForEvent('console', {
		predicate: (message) => message.text().startsWith(FIRST_ROW_TAG),
		timeout: timeoutMs
	});
	told.catch(() => undefined);
	await page.goto(`${appUrl}${path}`, { timeout: timeoutMs });
	const firstRowMs = Number((await told).text().slice(FIRST_ROW_TAG.length + 1));
	const shown = ((await page.getByTestId('message-count').textContent()) ?? '').trim();
	/** @type {Record<string, number>} */
	const marks = await page.evaluate(() =>
		Object.fromEntries(
			performance
				.getEntriesByType('mark')
				.filter((m) => m.name.startsWith('first-screen:'))
				.map((m) => [m.name.slice('first-screen:'.length), m.startTime])
		)
	);
	return { firstRowMs, shown, marks };
}

/** The app's first-screen marks (src/hooks.client.ts), in the order they usually come. */
export const FIRST_SCREEN_MARKS = ['start', 'db', 'layout', 'profiles', 'history'];

/**
 * Each first-screen mark's median over loads, ms from navigation (null where no load had it:
 * a build without the mark).
 * @param {{ marks: Record<string, number> }[]} loads
 * @returns {Record<string, number | null>}
 */
export function medianMarks(loads) {
	return Object.fromEntries(
		FIRST_SCREEN_MARKS.map((name) => {
			const times = loads.map((l) => l.marks[name]).filter((t) => t !== undefined);
			return [name, times.length ? median(times) : null];
		})
	);
}

/**
 * Types a topic in the filter bar (Enter skips the debounce) and returns the ms from the key
 * press to the first row of the filtered list; clears the filter after.
 * @param {Page} page
 * @param {string} topic
 * @param {number} timeoutMs
 */
export async function timeTopicFilter(page, topic, timeoutMs) {
	const input = page.getByTestId('filter-topic');
	await input.fill(topic);
	const watch = page.evaluate(
		(limit) =>
			new Promise((resolveWatch) => {
				const t0 = performance.now();
				const tick = () => {
					const now = performance.now();
					if (document.querySelector('[data-testid=filtered-list] [data-testid=message-row]'))
						resolveWatch(now - t0);
					else if (now - t0 > limit) resolveWatch(null);
					else requestAnimationFrame(tick);
				};
				requestAnimationFrame(tick);
			}),
		timeoutMs
	);
	await input.press('Enter');
	const ms = /** @type {number | null} */ (await watch);
	await page.getByTestId('filter-clear').click();
	await page.waitForSelector('[data-testid=message-list] [data-testid=message-row]', {
		timeout: 30_000
	});
	return ms;
}

/**
 * Scrolls the message list to its end (the oldest messages, as a drag of the scrollbar does)
 * and returns the ms until every row on screen is drawn, and the smallest id shown.
 * @param {Page} page
 * @param {number} timeoutMs
 */
export function timeJumpToOldest(page, timeoutMs) {
	return page.evaluate(
		(limit) =>
			new Promise((resolveJump) => {
				const list = /** @type {HTMLElement} */ (
					document.querySelector('[data-testid=message-list]')
				);
				const t0 = performance.now();
				list.scrollTop = list.scrollHeight;
				const tick = () => {
					const now = performance.now();
					const box = list.getBoundingClientRect();
					const onScreen = (/** @type {Element} */ el) => {
						const r = el.getBoundingClientRect();
						return r.bottom > box.top && r.top < box.bottom;
					};
					const rows = Array.from(list.querySelectorAll('[data-testid=message-row]')).filter(
						onScreen
					);
					const waiting = Array.from(list.querySelectorAll('.placeholder')).some(onScreen);
					if ((rows.length && !waiting) || now - t0 > limit) {
						const ids = rows.map((r) => Number(r.getAttribute('data-id')));
						resolveJump({
							ms: now - t0,
							oldestShown: Math.min(...ids),
							timedOut: now - t0 > limit
						});
					} else requestAnimationFrame(tick);
				};
				requestAnimationFrame(tick);
			}),
		timeoutMs
	);
}

/**
 * Ends a month or scale run: writes its result file (when and where it ran, `params`,
 * `targets`, the result and the summary rows), prints the summary as a table and as Markdown,
 * the load average since `loadAtStart` and any page errors.
 * @param {{ path: string, root: string, loadAtStart: number, params: object, targets: object,
 *   result: { errors: string[] }, rows: string[][] }} run
 */
export function finishRun({ path, root, loadAtStart, params, targets, result, rows }) {
	writeResult(path, { ...runInfo(loadAtStart), params, targets, ...result, summary: rows });
	console.log(`\n${table(rows)}\n\n${markdown(rows)}`);
	console.log(
		`\nload average (1 min) ${fmt(loadAtStart, 2)} → ${fmt(loadavg()[0], 2)}; wrote ` +
			path.replace(`${root}/`, '')
	);
	if (result.errors.length) console.log(`page errors:\n${result.errors.join('\n')}`);
}
