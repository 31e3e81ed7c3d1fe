// @ts-check
/**
 * Builds bench/support/history-harness.js with the app's own modules (Vite, $lib aliased to
 * src/lib) and serves it on a blank page of the app's origin, so it writes to the app's
 * IndexedDB through the app's ingest path.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';

/** The blank page's path on the app's origin. */
const HARNESS_PATH = '/__bench/history-harness';

/**
 * The harness as one classic script.
 * @param {string} root repository root
 * @returns {Promise<string>}
 */
export async function buildHarness(root) {
	const outDir = mkdtempSync(join(tmpdir(), 'mqtt-scope-harness-'));
	try {
		await build({
			configFile: false,
			logLevel: 'warn',
			resolve: { alias: { $lib: join(root, 'src/lib') } },
			build: {
				outDir,
				emptyOutDir: true,
				minify: false,
				lib: {
					entry: join(root, 'bench/support/history-harness.js'),
					name: 'historyHarness',
					formats: ['iife'],
					fileName: () => 'harness.js'
				}
			}
		});
		return readFileSync(join(outDir, 'harness.js'), 'utf8');
	} finally {
		rmSync(outDir, { recursive: true, force: true });
	}
}

/**
 * Opens the harness page in `page` (routed: no file of the build is involved) and loads the
 * harness; window.__historyHarness is then ready. `inWorker` runs it in a dedicated worker, as
 * the engine runs (its keeper then has a journal), behind a window.__historyHarness that
 * forwards each call.
 * @param {import('playwright-core').Page} page
 * @param {string} appUrl
 * @param {string} script from buildHarness
 * @param {{ inWorker?: boolean }} [options]
 */
export async function openHarness(page, appUrl, script, { inWorker = false } = {}) {
	const url = `${appUrl}${HARNESS_PATH}`;
	/** @param {import('playwright-core').Route} route */
	const serve = (route) =>
		route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>harness</title>' });
	await page.route(url, serve);
	try {
		await page.goto(url);
	} finally {
		// A route left in place makes Playwright intercept every later request of the page, with
		// the browser's memory cache off and a round trip to this process for each: the app's
		// later loads (month.js, scale.js) then waited 50–160 ms for every script.
		await page.unroute(url, serve);
	}
	if (inWorker) await page.evaluate(forwardToWorker, script);
	else await page.addScriptTag({ content: script });
	await page.waitForFunction(() => /** @type {any} */ (window).__historyHarness !== undefined);
}

/**
 * Starts the harness in a dedicated worker and makes window.__historyHarness forward each call
 * to it. Runs in the page.
 * @param {string} script
 */
function forwardToWorker(script) {
	const worker = new Worker(URL.createObjectURL(new Blob([script])));
	/** @type {Map<number, { done: (value: unknown) => void, fail: (error: Error) => void }>} */
	const calls = new Map();
	let next = 0;
	worker.onmessage = ({ data }) => {
		const call = calls.get(data.id);
		calls.delete(data.id);
		if ('error' in data) call?.fail(new Error(data.error));
		else call?.done(data.result);
	};
	const names = ['start', 'advance', 'retention', 'page', 'meta', 'close', 'usage'];
	/** @type {any} */ (window).__historyHarness = Object.fromEntries(
		names.map((name) => [
			name,
			(/** @type {unknown[]} */ ...args) =>
				new Promise((done, fail) => {
					const id = next++;
					calls.set(id, { done, fail });
					worker.postMessage({ id, name, args });
				})
		])
	);
}
