// @ts-check
/**
 * `npm run bench:resume`: back from the pocket, in two scenarios.
 *  - frozen: a page connected to Mosquitto is hidden and frozen for real
 *    (Page.setWebLifecycleState, in a Chromium without Playwright's focus emulation), every socket
 *    to the broker is dropped while it is frozen (a relay in front of the broker cuts them, as a
 *    broker restart would), and after `--away` seconds the page is thawed and shown.
 *  - silent: the page is only hidden and the relay silently stops passing bytes (a dead route:
 *    NAT timeout, cell handover); after `--away` seconds the page is shown again.
 * Measured: from the return (thaw or show) to the next CONNACK on screen (the app's connection
 * pill turning "connected"; the bare page's mqtt.js 'connect' event). Pages:
 *  - app:  mqtt-scope with its return path (short probe, immediate reconnect), default backoff;
 *  - bare: a page running only mqtt.js on its main thread with mqtt.js's own reconnect
 *          (reconnectPeriod 1000 ms, its default) and keepalive: the baseline.
 * Writes bench/results/resume.json and prints a table (plain and Markdown).
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { startDropProxy } from './support/drop-proxy.js';
import { launchFreezableBrowser } from './support/freezable-browser.js';
import { FILTER, openSubscribed } from './support/pages.js';
import { count, flag, parseOptions, valued } from './support/options.js';
import { fmt, markdown, median, table } from './support/report.js';
import { writeResult } from './support/results.js';
import { startServices } from './support/environment.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULT_PATH = join(root, 'bench/results/resume.json');
/** The issue's target: a dead connection found and replaced in under 2 s. */
const TARGET_MS = 2000;
/** mqtt.js's default reconnect period, given to the bare page. */
const BARE_RECONNECT_MS = 1000;

const USAGE = `Usage: npm run bench:resume -- [options]   (or: node bench/resume.js after a build)

  --rounds <n>    rounds per page and scenario (default 10)
  --away <s>      seconds the page stays away (default 2)
  --scenarios <l> frozen,silent (default both)
  --timeout <s>   give up on a round this long after the thaw (default 30)
  --check         exit 1 when the app's p95 misses the ${TARGET_MS} ms target
  -h, --help      show this help`;

/** @typedef {'app' | 'bare'} Variant */
/** @typedef {'frozen' | 'silent'} Scenario */

function readOptions() {
	const { rounds, away, timeout, scenarios, check } = parseOptions(USAGE, {
		rounds: count('10'),
		away: count('2'),
		timeout: count('30'),
		scenarios: valued(
			'frozen,silent',
			(value) =>
				/** @type {Scenario[]} */ (value.split(',').filter((s) => s === 'frozen' || s === 'silent'))
		),
		check: flag()
	});
	return { rounds, awayMs: away * 1000, timeoutMs: timeout * 1000, scenarios, check };
}

/**
 * Records in the page when each CONNACK shows: for the app, every time its connection pill
 * turns "connected" (window.__benchConnects); the bare page keeps window.benchConnects itself.
 * @param {import('playwright-core').Page} page
 */
function watchAppConnects(page) {
	return page.evaluate(() => {
		/** @type {any} */
		const w = window;
		w.__benchConnects = [];
		w.__benchStates = [];
		const pill = document.querySelector('[data-testid="connection-state"]');
		if (!pill) throw new Error('no connection state on screen');
		new MutationObserver(() => {
			const state = pill.getAttribute('data-state');
			const reason = document.querySelector('[data-testid="connection-reason"]')?.textContent;
			w.__benchStates.push({ at: Date.now(), state, reason: reason?.trim() });
			if (state === 'connected') w.__benchConnects.push(Date.now());
		}).observe(pill, { attributes: true, attributeFilter: ['data-state'] });
	});
}

/**
 * @param {import('playwright-core').Page} page
 * @param {Variant} variant
 * @returns {Promise<number[]>}
 */
function connectsOf(page, variant) {
	return page.evaluate(
		(v) => /** @type {any} */ (window)[v === 'app' ? '__benchConnects' : 'benchConnects'] ?? [],
		variant
	);
}

/**
 * Runs every round of one variant and scenario in its own browser.
 * @param {{ variant: Variant, scenario: Scenario, appUrl: string, wsUrl: string,
 *   proxy: import('./support/drop-proxy.js').DropProxy, rounds: number, awayMs: number,
 *   timeoutMs: number }} run
 */
async function runVariant(run) {
	const pocket = await launchFreezableBrowser();
	/** @type {{ round: number, dropped: number, ms: number | null, states?: unknown[] }[]} */
	const results = [];
	try {
		const { page } = pocket;
		if (run.variant === 'app') {
			await openSubscribed(page, 'app', run.appUrl, run.wsUrl);
			await watchAppConnects(page);
		} else {
			const query = `url=${encodeURIComponent(run.wsUrl)}&sub=${encodeURIComponent(FILTER)}&reconnect=${BARE_RECONNECT_MS}`;
			await page.goto(`${run.appUrl}/bench/bare.html?${query}`);
			await page.waitForFunction(() => /** @type {any} */ (window).benchReady, undefined, {
				timeout: 15_000
			});
		}
		for (let round = 1; round <= run.rounds; round++) {
			await sleep(500); // settled: connected, no reconnect under way
			const before = (await connectsOf(page, run.variant)).length;
			await pocket.hide();
			const frozen = run.scenario === 'frozen';
			if (frozen) await pocket.lifecycle('frozen');
			const dropped = frozen ? run.proxy.dropAll() : run.proxy.stallAll();
			await sleep(run.awayMs);
			const thawedAt = Date.now();
			if (frozen) await pocket.lifecycle('active');
			await pocket.show();
			/** @type {number | null} */
			let ms = null;
			while (Date.now() - thawedAt < run.timeoutMs) {
				const connects = await connectsOf(page, run.variant);
				if (connects.length > before) {
					ms = connects[before] - thawedAt;
					break;
				}
				await sleep(50);
			}
			// The app's connection states since the thaw, in ms from it: what a slow round did.
			const states =
				run.variant === 'app'
					? await page.evaluate(
							(since) =>
								/** @type {any} */ (window).__benchStates
									.filter((/** @type {{ at: number }} */ s) => s.at >= since - 5000)
									.map((/** @type {{ at: number }} */ s) => ({ ...s, at: s.at - since })),
							thawedAt
						)
					: undefined;
			results.push({ round, dropped, ms, ...(states ? { states } : {}) });
			const label = `${run.scenario} ${run.variant} #${round}`;
			process.stdout.write(`${label}: ${ms === null ? 'TIMEOUT' : `${ms} ms`}\n`);
			if (ms === null) break;
		}
		return { version: pocket.version, results };
	} finally {
		await pocket.close();
	}
}

/**
 * Nearest-rank percentile of the finite values.
 * @param {(number | null)[]} values
 * @param {number} p 0..100
 */
function percentile(values, p) {
	const sorted = /** @type {number[]} */ (values.filter((v) => Number.isFinite(v))).sort(
		(a, b) => a - b
	);
	if (sorted.length === 0) return undefined;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** @param {{ ms: number | null }[]} results */
function summarize(results) {
	const times = results.map((r) => r.ms);
	const done = /** @type {number[]} */ (times.filter((t) => t !== null));
	return {
		rounds: results.length,
		reconnected: done.length,
		medianMs: median(times),
		p95Ms: percentile(times, 95),
		maxMs: done.length ? Math.max(...done) : undefined
	};
}

async function main() {
	const options = readOptions();
	const { broker, server, defer, stop } = await startServices({ root });
	try {
		const proxy = await startDropProxy(broker.wsPort);
		defer(proxy.stop);
		const load = loadavg()[0];
		console.log(
			`broker ${broker.wsUrl} behind ${proxy.wsUrl}, app ${server.url}, ` +
				`${options.rounds} round(s) per page, ${options.awayMs / 1000} s away`
		);
		/** @type {{ scenario: Scenario, variant: Variant, version: string, results: { round: number, dropped: number, ms: number | null }[] }[]} */
		const runs = [];
		for (const scenario of options.scenarios) {
			for (const variant of /** @type {Variant[]} */ (['app', 'bare'])) {
				const run = await runVariant({
					variant,
					scenario,
					appUrl: server.url,
					wsUrl: proxy.wsUrl,
					proxy,
					...options
				});
				runs.push({ scenario, variant, ...run });
			}
		}
		const names = {
			app: 'mqtt-scope (return path)',
			bare: `bare mqtt.js (reconnectPeriod ${BARE_RECONNECT_MS} ms, keepalive 60 s)`
		};
		const summaries = runs.map((r) => ({
			scenario: r.scenario,
			variant: r.variant,
			...summarize(r.results)
		}));
		const appSummaries = summaries.filter((s) => s.variant === 'app');
		const pass = appSummaries.every(
			(s) => s.reconnected === s.rounds && (s.p95Ms ?? Infinity) < TARGET_MS
		);
		const over = (/** @type {number | undefined} */ ms, /** @type {boolean} */ timedOut) =>
			timedOut ? `> ${fmt(options.timeoutMs)}` : fmt(ms);
		const rows = [
			['scenario', 'page', 'rounds', 'reconnected', 'median ms', 'p95 ms', 'max ms'],
			...summaries.map((s) => {
				const timedOut = s.reconnected < s.rounds;
				return [
					s.scenario,
					names[s.variant],
					fmt(s.rounds),
					fmt(s.reconnected),
					over(s.medianMs, timedOut && s.reconnected === 0),
					over(s.p95Ms, timedOut),
					over(s.maxMs, timedOut)
				];
			})
		];
		console.log(`\n${table(rows)}\n\n${markdown(rows)}`);
		console.log(
			`\ntarget: return → connected p95 < ${fmt(TARGET_MS)} ms (app, every scenario): ` +
				(pass ? 'PASS' : 'FAIL')
		);
		const result = {
			date: new Date().toISOString(),
			node: process.version,
			chromium: runs[0]?.version,
			machine: { cpu: cpus()[0]?.model, cores: availableParallelism(), loadAverage: load },
			params: { ...options, bareReconnectMs: BARE_RECONNECT_MS },
			runs,
			summaries,
			target: { name: 'return → connected p95', ms: TARGET_MS, pass }
		};
		writeResult(RESULT_PATH, result);
		console.log(`\nwritten ${RESULT_PATH}`);
		if (options.check && !pass) process.exitCode = 1;
	} finally {
		await stop();
	}
}

await main();
