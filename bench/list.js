// @ts-check
/**
 * `npm run bench:list`: what the message list costs the main thread while a flood arrives with
 * the list open (1280×800), following the newest at the top and scrolled away into older
 * messages. Floods `--rate` messages a second for `--seconds` and measures, over the flood:
 * main-thread busy time (Chrome's TaskDuration), layout and style counts and times, frame gaps
 * (a requestAnimationFrame probe) and element nodes added to the page (a row created anew).
 * With `--baseline-ref <git ref>` (or `--baseline <build dir>`) the same runs go against that
 * build too, alternating, and the table shows this build over the baseline.
 * Writes bench/results/list.json and prints a table.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { openSubscribed, readCount } from './support/pages.js';
import { count, optionalText, parseOptions } from './support/options.js';
import { freshPage } from './support/fresh-page.js';
import { installCountWatch, installProbe } from './support/probe.js';
import { rootWithBuild, startEnvironment } from './support/environment.js';
import { startFlood } from './support/flood.js';
import { startServer } from './support/server.js';
import { fmt, median, table } from './support/report.js';
import { writeResult } from './support/results.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULT_PATH = join(root, 'bench/results/list.json');
/** Messages stored before a run, so the list can be scrolled away from the newest. */
const PREFILL = 3000;

const USAGE = `Usage: npm run bench:list -- [options]   (or: node bench/list.js [options] after a build)

  --rate <n>              messages a second during the flood (default 5000)
  --seconds <n>           flood length (default 8)
  --rounds <n>            runs per build and scenario (default 1)
  --baseline-ref <ref>    also build this git ref (e.g. the commit before the virtual list)
                          and measure it the same way, alternating
  --baseline <dir>        or: an already built baseline (its build/ directory)
  -h, --help              show this help`;

/**
 * @typedef {'following' | 'scrolled'} Scenario
 * @typedef {object} RunResult
 * @property {string} build 'this' or 'baseline'
 * @property {Scenario} scenario
 * @property {number} round
 * @property {number} received messages the page counted during the run
 * @property {number} seconds wall time measured
 * @property {number} busyShare main-thread task time / wall time
 * @property {number} scriptMs
 * @property {number} layoutCount
 * @property {number} layoutMs
 * @property {number} styleCount
 * @property {number} styleMs
 * @property {number} addedElements element nodes inserted into the page during the flood
 * @property {import('./support/probe.js').ProbeResult} frames
 */

function readOptions() {
	const options = parseOptions(USAGE, {
		rate: count('5000'),
		seconds: count('8'),
		rounds: count('1'),
		'baseline-ref': optionalText(),
		baseline: optionalText()
	});
	const { rate, seconds, rounds, baseline } = options;
	return { rate, seconds, rounds, baselineRef: options['baseline-ref'], baseline };
}

/**
 * Exports a git ref into a temporary checkout that shares this one's node_modules, and builds
 * it there. Returns the checkout (a root startServer can serve) and how to remove it.
 * @param {string} ref
 */
function buildRef(ref) {
	const dir = mkdtempSync(join(tmpdir(), 'mqtt-scope-list-baseline-'));
	console.log(`building ${ref} in ${dir} …`);
	const archive = execFileSync('git', ['-C', root, 'archive', '--format=tar', ref], {
		maxBuffer: 1 << 30
	});
	execFileSync('tar', ['-x', '-C', dir], { input: archive });
	symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
	execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build'], {
		cwd: dir,
		stdio: ['ignore', 'ignore', 'inherit']
	});
	return { root: dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A root whose build/ is an existing build directory, with this checkout's bench pages.
 * @param {string} buildDir
 */
function rootFor(buildDir) {
	if (!existsSync(join(buildDir, 'index.html'))) throw new Error(`no build in ${buildDir}`);
	const dir = rootWithBuild(root, buildDir);
	return { root: dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Counts element nodes added anywhere in the page while `__benchAdded.active`. */
function installAddedCounter() {
	/** @type {any} */
	const w = window;
	w.__benchAdded = { active: false, elements: 0 };
	new MutationObserver((records) => {
		if (!w.__benchAdded.active) return;
		for (const record of records) {
			for (const node of record.addedNodes) if (node.nodeType === 1) w.__benchAdded.elements++;
		}
	}).observe(document, { childList: true, subtree: true });
}

/**
 * @param {import('playwright-core').CDPSession} cdp
 * @returns {Promise<Record<string, number>>}
 */
async function metrics(cdp) {
	const { metrics } = await cdp.send('Performance.getMetrics');
	return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

/**
 * Waits until the page has counted `count` messages.
 * @param {import('playwright-core').Page} page
 * @param {number} count
 */
async function waitForCount(page, count) {
	const deadline = Date.now() + 60_000;
	while ((await readCount(page, 'app')).value < count) {
		if (Date.now() > deadline) throw new Error(`the page counted fewer than ${count} messages`);
		await sleep(100);
	}
}

/**
 * One run: fresh context, open and subscribe, prefill, place the list, flood, measure.
 * @param {import('playwright-core').Browser} browser
 * @param {{ build: string, appUrl: string, wsUrl: string, mqttUrl: string, scenario: Scenario,
 *   round: number, rate: number, seconds: number }} run
 * @returns {Promise<RunResult>}
 */
async function runOnce(browser, run) {
	const { context, page } = await freshPage(browser, {
		viewport: { width: 1280, height: 800 },
		scripts: [installProbe, installCountWatch, installAddedCounter]
	});
	try {
		await openSubscribed(page, 'app', run.appUrl, run.wsUrl);
		const prefill = await startFlood(run.mqttUrl, {
			until: (sent) => sent >= PREFILL,
			counted: () => 0,
			backlog: Infinity,
			topics: 100,
			payload: (n) => `{"seq":${n},"v":${n % 97}}`
		});
		await prefill.done;
		await waitForCount(page, PREFILL);
		const list = page.locator('[data-testid=message-list]');
		if (run.scenario === 'scrolled') {
			// Into older messages: the list must keep them still while the flood arrives above.
			await list.evaluate((el) => el.scrollTo({ top: 52 * 1500 }));
		}
		await sleep(1000);
		const cdp = await context.newCDPSession(page);
		await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
		const countBefore = (await readCount(page, 'app')).value;
		const before = await metrics(cdp);
		await page.evaluate(() => {
			/** @type {any} */ (window).__benchProbe.start();
			/** @type {any} */ (window).__benchAdded.active = true;
		});
		const startedAt = Date.now();
		const total = run.rate * run.seconds;
		const flood = await startFlood(run.mqttUrl, {
			until: (sent) => sent >= total,
			// A clock, not a count: at most `rate` a second are let out.
			counted: () => ((Date.now() - startedAt) * run.rate) / 1000,
			backlog: 0,
			topics: 100,
			payload: (n) => `{"seq":${n},"t":${Date.now()},"v":${Math.random()}}`
		});
		await flood.done;
		// The last batch reaches the list within a few hundred ms.
		await sleep(500);
		const after = await metrics(cdp);
		const seconds = (Date.now() - startedAt) / 1000;
		const frames = await page.evaluate(() => /** @type {any} */ (window).__benchProbe.stop());
		const addedElements = await page.evaluate(() => {
			/** @type {any} */ (window).__benchAdded.active = false;
			return /** @type {any} */ (window).__benchAdded.elements;
		});
		const received = (await readCount(page, 'app')).value - countBefore;
		const delta = (/** @type {string} */ name) => (after[name] ?? 0) - (before[name] ?? 0);
		return {
			build: run.build,
			scenario: run.scenario,
			round: run.round,
			received,
			seconds,
			busyShare: delta('TaskDuration') / seconds,
			scriptMs: delta('ScriptDuration') * 1000,
			layoutCount: delta('LayoutCount'),
			layoutMs: delta('LayoutDuration') * 1000,
			styleCount: delta('RecalcStyleCount'),
			styleMs: delta('RecalcStyleDuration') * 1000,
			addedElements,
			frames
		};
	} finally {
		await context.close();
	}
}

/**
 * Medians of one build's runs in one scenario.
 * @param {RunResult[]} runs
 */
function summarize(runs) {
	const m = (/** @type {(r: RunResult) => number} */ pick) => median(runs.map(pick)) ?? NaN;
	return {
		runs: runs.length,
		received: m((r) => r.received),
		busyShare: m((r) => r.busyShare),
		scriptMsPerS: m((r) => r.scriptMs / r.seconds),
		layoutsPerS: m((r) => r.layoutCount / r.seconds),
		layoutMsPerS: m((r) => r.layoutMs / r.seconds),
		stylesPerS: m((r) => r.styleCount / r.seconds),
		styleMsPerS: m((r) => r.styleMs / r.seconds),
		addedPerS: m((r) => r.addedElements / r.seconds),
		maxFrameGapMs: m((r) => r.frames.maxGapMs),
		gapsOver100: m((r) => r.frames.gapsOver100)
	};
}

async function main() {
	const options = readOptions();
	const baseline = options.baselineRef
		? buildRef(options.baselineRef)
		: options.baseline
			? rootFor(options.baseline)
			: undefined;
	const { broker, server, browser, stop } = await startEnvironment({ root });
	const baselineServer = baseline ? await startServer(baseline.root) : undefined;
	try {
		console.log(
			`broker ${broker.wsUrl}, Chromium ${browser.version()}, ${fmt(options.rate)} msg/s for ` +
				`${options.seconds} s, ${options.rounds} round(s)` +
				(baseline ? `, baseline ${options.baselineRef ?? options.baseline}` : '')
		);
		const builds = [
			...(baselineServer ? [{ build: 'baseline', appUrl: baselineServer.url }] : []),
			{ build: 'this', appUrl: server.url }
		];
		/** @type {RunResult[]} */
		const runs = [];
		for (let round = 1; round <= options.rounds; round++) {
			for (const scenario of /** @type {Scenario[]} */ (['following', 'scrolled'])) {
				for (const { build, appUrl } of builds) {
					process.stdout.write(`${build} ${scenario} #${round} … `);
					const result = await runOnce(browser, {
						build,
						appUrl,
						wsUrl: broker.wsUrl,
						mqttUrl: broker.mqttUrl,
						scenario,
						round,
						rate: options.rate,
						seconds: options.seconds
					});
					runs.push(result);
					console.log(
						`busy ${fmt(result.busyShare * 100, 1)} %, max frame gap ${fmt(result.frames.maxGapMs)} ms`
					);
				}
			}
		}

		/** @type {Record<string, ReturnType<typeof summarize>>} */
		const summary = {};
		for (const scenario of ['following', 'scrolled']) {
			for (const { build } of builds) {
				summary[`${build} ${scenario}`] = summarize(
					runs.filter((r) => r.build === build && r.scenario === scenario)
				);
			}
		}
		/** @type {Record<string, number>} */
		const ratios = {};
		if (baseline) {
			for (const scenario of ['following', 'scrolled']) {
				ratios[`busy ${scenario}`] =
					summary[`this ${scenario}`].busyShare / summary[`baseline ${scenario}`].busyShare;
			}
		}
		const header = [
			'median of runs',
			'received',
			'busy %',
			'script ms/s',
			'layouts/s',
			'layout ms/s',
			'styles/s',
			'style ms/s',
			'elements added/s',
			'max gap ms',
			'gaps>100'
		];
		const rows = Object.entries(summary).map(([name, s]) => [
			name,
			fmt(s.received),
			fmt(s.busyShare * 100, 1),
			fmt(s.scriptMsPerS),
			fmt(s.layoutsPerS, 1),
			fmt(s.layoutMsPerS, 1),
			fmt(s.stylesPerS, 1),
			fmt(s.styleMsPerS, 1),
			fmt(s.addedPerS),
			fmt(s.maxFrameGapMs),
			fmt(s.gapsOver100)
		]);
		console.log(`\n${table([header, ...rows])}`);
		for (const [name, ratio] of Object.entries(ratios)) {
			console.log(`this / baseline, ${name}: ${fmt(ratio, 2)}`);
		}

		writeResult(RESULT_PATH, {
			date: new Date().toISOString(),
			node: process.version,
			chromium: browser.version(),
			params: { ...options, prefill: PREFILL },
			summary,
			ratios,
			runs
		});
		console.log(`\nwrote ${RESULT_PATH}`);
	} finally {
		await baselineServer?.stop();
		await stop();
		baseline?.remove();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
