// @ts-check
/**
 * The first-page JavaScript measurement shared by bench/ingest.js and bench/first-page.js:
 * every script a fresh first page fetches, worker scripts included, gzipped at level 9.
 */
import { gzipSync } from 'node:zlib';
import { freshPage } from './fresh-page.js';

/** @typedef {Awaited<ReturnType<typeof measureFirstPageJs>>} FirstPageJs */

/**
 * When a page or worker asked for each resource, in ms from its time origin (which it gives).
 * Runs in the page or the worker.
 * @returns {{ origin: number, started: [string, number][] }}
 */
function startTimes() {
	return {
		origin: performance.timeOrigin,
		started: performance.getEntriesByType('resource').map((r) => [r.name, r.startTime])
	};
}

/**
 * Loads the app's first page fresh (no deep link, no chart) and sums the gzip size of every
 * script it fetched up to network idle, worker scripts included. The phone and the desktop
 * layouts load different code, so the viewport is part of the measurement. Scripts asked for
 * after the page's `warm-up` mark (src/lib/ui/app/warm-up.ts: the dashboard's and the charts'
 * code, and the worker's readers for them, loaded at idle once the first screen is drawn) are not
 * the first page's: they are listed apart, as `warmUp`.
 * @param {import('playwright-core').Browser} browser
 * @param {string} appUrl
 * @param {{ width: number, height: number }} viewport
 */
export async function measureFirstPageJs(browser, appUrl, viewport) {
	const { context, page } = await freshPage(browser, { viewport });
	try {
		/** @type {Promise<{ url: string, type: string, bytes: number, gzipBytes: number }>[]} */
		const pending = [];
		page.on('response', (response) => {
			const type = response.request().resourceType();
			const url = response.url();
			const isJs = type === 'script' || /javascript/.test(response.headers()['content-type'] ?? '');
			if (!isJs) return;
			pending.push(
				response.body().then((body) => ({
					url: url.replace(appUrl, ''),
					type,
					bytes: body.length,
					gzipBytes: gzipSync(body, { level: 9 }).length
				}))
			);
		});
		await page.goto(`${appUrl}/`, { waitUntil: 'networkidle' });
		const warmUpAt = await page.evaluate(
			() => performance.getEntriesByName('warm-up')[0]?.startTime ?? Infinity
		);
		const own = await page.evaluate(startTimes);
		/** @type {Record<string, number>} */
		const started = Object.fromEntries(own.started);
		// The engine worker's own fetches are in its timeline, whose clock starts later.
		for (const worker of page.workers()) {
			const theirs = await worker.evaluate(startTimes);
			for (const [name, at] of theirs.started) started[name] = theirs.origin + at - own.origin;
		}
		const all = (await Promise.all(pending)).sort((a, b) => b.gzipBytes - a.gzipBytes);
		const isWarmUp = (/** @type {(typeof all)[number]} */ s) =>
			(started[`${appUrl}${s.url}`] ?? -Infinity) >= warmUpAt;
		const scripts = all.filter((s) => !isWarmUp(s));
		const warmUpScripts = all.filter(isWarmUp);
		const sum = (/** @type {typeof scripts} */ list) =>
			list.reduce((total, s) => total + s.gzipBytes, 0);
		// Vite emits `new Worker(new URL(…))` entries under _app/immutable/workers/.
		const workers = scripts.filter((s) => s.url.includes('/workers/'));
		return {
			scripts,
			bytes: scripts.reduce((total, s) => total + s.bytes, 0),
			gzipBytes: sum(scripts),
			pageGzipBytes: sum(scripts.filter((s) => !workers.includes(s))),
			workerGzipBytes: sum(workers),
			warmUp: { scripts: warmUpScripts, gzipBytes: sum(warmUpScripts) }
		};
	} finally {
		await context.close();
	}
}
