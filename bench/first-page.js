// @ts-check
/**
 * `npm run bench:first-page`: only the first-page JavaScript measurement of bench/ingest.js (the
 * same code, bench/support/first-page-js.js), at 390×844 and 1280×800, without the flood, so a
 * change to what the first page loads is checked in seconds. Writes
 * bench/results/first-page.json and prints each script with its gzip size.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureFirstPageJs } from './support/first-page-js.js';
import { startEnvironment } from './support/environment.js';
import { fmt, table } from './support/report.js';
import { flag, parseOptions } from './support/options.js';
import { writeResult } from './support/results.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULT_PATH = join(root, 'bench/results/first-page.json');
/** The issue's budget; KB = 1024 bytes. */
const MAX_GZIP_BYTES = 100 * 1024;
const VIEWPORTS = /** @type {const} */ ([
	['phone', { width: 390, height: 844 }],
	['desktop', { width: 1280, height: 800 }]
]);

const { check } = parseOptions(
	'Usage: node bench/first-page.js [--check]   (after npm run build)',
	{ check: flag() }
);

const { server, browser, stop } = await startEnvironment({ root });
try {
	/** @type {Record<string, import('./support/first-page-js.js').FirstPageJs>} */
	const results = {};
	for (const [name, viewport] of VIEWPORTS) {
		const result = await measureFirstPageJs(browser, server.url, viewport);
		results[name] = result;
		console.log(`\n${name} ${viewport.width}×${viewport.height} (gzip -9):`);
		console.log(
			table([
				['script', 'bytes', 'gzip'],
				...result.scripts.map((s) => [s.url, fmt(s.bytes), fmt(s.gzipBytes)]),
				['total', fmt(result.bytes), fmt(result.gzipBytes)]
			])
		);
		console.log(
			`  ${fmt(result.gzipBytes / 1024, 1)} KB: page ${fmt(result.pageGzipBytes / 1024, 1)} KB, ` +
				`worker ${fmt(result.workerGzipBytes / 1024, 1)} KB (budget ${fmt(MAX_GZIP_BYTES / 1024)} KB); ` +
				`then at idle, after the first screen: ${fmt(result.warmUp.gzipBytes / 1024, 1)} KB ` +
				`in ${result.warmUp.scripts.length} scripts (the dashboard and the charts)`
		);
	}
	writeResult(RESULT_PATH, {
		date: new Date().toISOString(),
		chromium: browser.version(),
		...results
	});
	console.log(`\nwrote ${RESULT_PATH.replace(`${root}/`, '')}`);
	const over = Object.values(results).some((r) => r.gzipBytes > MAX_GZIP_BYTES);
	if (check && over) process.exitCode = 1;
} finally {
	await stop();
}
