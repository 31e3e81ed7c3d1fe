// @ts-check
/**
 * `npm run bench:charts`: the chart benchmarks of issue #5, recorded as numbers.
 *  (1) A chart over `--points` (100,000) imported points, all history shown, while one message
 *      arrives every 100 ms for `--seconds`: the 'chart-redraw' measures (median, p95, max).
 *  (2) A dashboard chart of 20 live series (bench/dev00…19/telemetry, one wildcard series) at
 *      1,000 messages/s for `--seconds`: worst main-thread frame gap, gaps over 100 ms, redraws.
 *  (3) A chart over `--history` (1,000,000) imported points, all history shown, on a fresh page
 *      load: from the click on the Dashboard tab to the 'chart-first-draw' mark, to the chart's
 *      data-state="ready" (first page shown) and to all history read (every point in its line).
 * History is seeded with the app's own NDJSON import; the dashboard is written to IndexedDB
 * before the page loads it. Reuses bench/support. Writes bench/results/charts.json and prints
 * a table (plain and Markdown).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
	chartStates,
	chartTile,
	importFile,
	installChartTiming,
	openDashboard,
	putDashboard,
	redrawsSince,
	savedProfile,
	telemetry,
	writeHistoryFile
} from './support/charts-page.js';
import { connect, countPersisted, reloadApp } from './support/pages.js';
import { count, directory, optionalCount, parseOptions, valued } from './support/options.js';
import { freshPage } from './support/fresh-page.js';
import { publishPaced } from './support/paced.js';
import { installProbe } from './support/probe.js';
import { startEnvironment } from './support/environment.js';
import { fmt, markdown, median, table } from './support/report.js';
import { runInfo, writeResult } from './support/results.js';
import { setTimeout as sleep } from 'node:timers/promises';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULT_PATH = join(root, 'bench/results/charts.json');

/** Targets from the issue. */
const TARGETS = { maxRedrawMs: 16, maxFrameGapMs: 100, maxFirstDrawMs: 500 };
/** (1) and (3): the one topic the history and the live messages go to. */
const TOPIC = 'bench/chart/telemetry';
/** (1): live updates a second, and the spacing of the imported history to match. */
const UPDATE_RATE = 10;
/** (2): devices (one line each) and messages a second over all of them. */
const DEVICES = 20;
const LIVE_RATE = 1000;
/** (2): the dashboard's default chart window (DEFAULT_WINDOW_MS, 15 minutes). */
const LIVE_WINDOW_MS = 15 * 60_000;
/** Every part's page: the frame-gap probe and the charts' own timing installed. */
const CHART_PAGE = { scripts: [installProbe, installChartTiming] };
/** (3): page loads, each opening the dashboard once. */
const OPENS = 3;

const USAGE = `Usage: npm run bench:charts -- [options]   (or: node bench/charts.js after a build)

  --seconds <n>    live publishing in (1) and (2) (default 20 for (1), 30 for (2))
  --points <n>     imported points under the chart in (1) (default 100000)
  --history <n>    imported points under the chart in (3) (default 1000000)
  --parts <list>   which parts to run, e.g. 1,3 (default 1,2,3)
  --build <dir>    serve this build directory instead of build/
  --timeout <s>    cap on any single wait: import, chart ready (default 600)
  -h, --help       show this help`;

/**
 * @typedef {import('playwright-core').Page} Page
 * @typedef {import('playwright-core').Browser} Browser
 * @typedef {import('./support/probe.js').ProbeResult} ProbeResult
 * @typedef {{ appUrl: string, wsUrl: string, mqttUrl: string, timeoutMs: number }} Common
 */

function readOptions() {
	const { seconds, timeout, ...options } = parseOptions(USAGE, {
		seconds: optionalCount(),
		points: count('100000'),
		history: count('1000000'),
		parts: valued('1,2,3', (value) => {
			const parts = new Set(value.split(',').map((p) => p.trim()));
			for (const p of parts) {
				if (!['1', '2', '3'].includes(p)) throw new Error(`--parts: unknown part "${p}" (1, 2, 3)`);
			}
			return parts;
		}),
		build: directory(),
		timeout: count('600')
	});
	return {
		redrawSeconds: seconds ?? 20,
		liveSeconds: seconds ?? 30,
		...options,
		timeoutMs: timeout * 1000
	};
}

/**
 * Median, p95 and max of the redraw durations.
 * @param {number[]} durations
 */
function redrawStats(durations) {
	const sorted = durations.slice().sort((a, b) => a - b);
	const p95 = sorted.length
		? sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]
		: undefined;
	return {
		count: sorted.length,
		medianMs: median(sorted),
		p95Ms: p95,
		maxMs: sorted.length ? sorted[sorted.length - 1] : undefined,
		over16: sorted.filter((d) => d > TARGETS.maxRedrawMs).length
	};
}

/**
 * Imports `count` points on TOPIC into the saved profile, `stepMs` apart and ending now.
 * @param {Page} page
 * @param {{ count: number, stepMs: number, timeoutMs: number }} plan
 */
async function seedHistory(page, { count, stepMs, timeoutMs }) {
	const dir = mkdtempSync(join(tmpdir(), 'mqtt-scope-bench-charts-'));
	try {
		const file = join(dir, 'history.ndjson');
		await writeHistoryFile(file, { topic: TOPIC, count, stepMs, endMs: Date.now() });
		const startedAt = Date.now();
		await importFile(page, file, count, timeoutMs);
		const ms = Date.now() - startedAt;
		console.log(`  imported ${fmt(count)} points in ${fmt(ms)} ms`);
		return ms;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * Saves the link's profile, imports `count` points on TOPIC into it `stepMs` apart, and writes
 * its dashboard: one chart (`id`) over all of them, which the app reads at the next reload.
 * Returns the import's time (ms).
 * @param {Page} page
 * @param {Common} run
 * @param {{ id: string, count: number, stepMs: number }} chart
 */
async function historyChart(page, run, { id, count, stepMs }) {
	const profileId = await savedProfile(page, run.appUrl, run.wsUrl);
	const importMs = await seedHistory(page, { count, stepMs, timeoutMs: run.timeoutMs });
	const series = [{ topicFilter: TOPIC, path: 'temperature', unit: '°C' }];
	await putDashboard(page, profileId, [chartTile(id, 'Temperature', series, 0)]);
	return importMs;
}

/**
 * Opens the dashboard and waits until its chart has read all history (`expectPoints` points);
 * fails with what the chart says when it does not in time.
 * @param {Page} page
 * @param {number} expectPoints
 * @param {number} timeoutMs
 */
async function openLoaded(page, expectPoints, timeoutMs) {
	const open = await openDashboard(page, { expectPoints, timeoutMs });
	if (open.timedOut || open.loadedMs === null) {
		const shot = join(tmpdir(), `mqtt-scope-bench-charts-${Date.now()}.png`);
		await page.screenshot({ path: shot }).catch(() => undefined);
		throw new Error(
			`chart did not load ${fmt(expectPoints)} points ${timeoutMs / 1000} s after opening ` +
				`the dashboard (charts: ${describe(await chartStates(page))}, first draw ` +
				`${open.firstDrawMs === null ? 'never marked' : `${fmt(open.firstDrawMs)} ms`}; ` +
				`screenshot ${shot})`
		);
	}
	return open;
}

/**
 * (1) Redraw time of a chart over `points` points at 10 updates a second.
 * @param {Browser} browser
 * @param {Common & { points: number, seconds: number }} run
 */
async function redrawRun(browser, run) {
	const { context, page, errors } = await freshPage(browser, CHART_PAGE);
	try {
		const importMs = await historyChart(page, run, {
			id: 'bench-redraw',
			count: run.points,
			stepMs: 1000 / UPDATE_RATE
		});
		await reloadApp(page, run.timeoutMs);
		await connect(page);
		const open = await openLoaded(page, run.points, run.timeoutMs);
		const before = await chartStates(page);
		await sleep(1000);
		const from = await page.evaluate(() => performance.now());
		const live = await publishPaced(run.mqttUrl, {
			rate: UPDATE_RATE,
			seconds: run.seconds,
			topics: [TOPIC],
			payload: (n) => telemetry(run.points + n)
		});
		await sleep(1000);
		const redraws = redrawStats(await redrawsSince(page, from));
		return {
			points: run.points,
			seconds: run.seconds,
			importMs,
			open,
			sent: live.sent,
			redraws,
			charts: { before, after: await chartStates(page) },
			errors
		};
	} finally {
		await context.close();
	}
}

/**
 * (2) 20 live series at 1,000 messages/s: frame gaps and redraws.
 * @param {Browser} browser
 * @param {Common & { seconds: number }} run
 */
async function liveRun(browser, run) {
	const { context, page, errors } = await freshPage(browser, CHART_PAGE);
	try {
		const profileId = await savedProfile(page, run.appUrl, run.wsUrl);
		const series = [{ topicFilter: 'bench/+/telemetry', path: 'temperature', unit: '°C' }];
		await putDashboard(page, profileId, [
			chartTile('bench-live', 'Temperature by device', series, LIVE_WINDOW_MS)
		]);
		await reloadApp(page, run.timeoutMs);
		await connect(page);
		await openLoaded(page, 0, run.timeoutMs);
		await sleep(1000);
		const from = await page.evaluate(() => performance.now());
		await page.evaluate(() => /** @type {any} */ (window).__benchProbe.start());
		const topics = Array.from(
			{ length: DEVICES },
			(_, i) => `bench/dev${String(i).padStart(2, '0')}/telemetry`
		);
		const live = await publishPaced(run.mqttUrl, {
			rate: LIVE_RATE,
			seconds: run.seconds,
			topics,
			payload: (n) => telemetry(Math.floor(n / DEVICES) + (n % DEVICES) * 1000)
		});
		/** @type {ProbeResult} */
		const frames = await page.evaluate(() => /** @type {any} */ (window).__benchProbe.stop());
		// The app keeps up when everything sent is in IndexedDB shortly after the last publish.
		let persisted = await countPersisted(page);
		for (const deadline = Date.now() + 15_000; persisted < live.sent && Date.now() < deadline;) {
			await sleep(250);
			persisted = await countPersisted(page);
		}
		await sleep(500);
		const redraws = redrawStats(await redrawsSince(page, from));
		return {
			devices: DEVICES,
			rate: LIVE_RATE,
			seconds: run.seconds,
			sent: live.sent,
			publishMs: live.ms,
			persisted,
			frames,
			redraws,
			charts: await chartStates(page),
			errors
		};
	} finally {
		await context.close();
	}
}

/**
 * (3) Opening a chart over `history` points: first draw and all history read, on fresh loads.
 * @param {Browser} browser
 * @param {Common & { history: number }} run
 */
async function openRun(browser, run) {
	const { context, page, errors } = await freshPage(browser, CHART_PAGE);
	try {
		const importMs = await historyChart(page, run, {
			id: 'bench-open',
			count: run.history,
			stepMs: 1000
		});
		const opens = [];
		for (let i = 1; i <= OPENS; i++) {
			await reloadApp(page, run.timeoutMs);
			// Let the first screen settle: the open is timed from the click, not the page load.
			await sleep(1000);
			const open = await openLoaded(page, run.history, run.timeoutMs);
			const charts = await chartStates(page);
			console.log(
				`  open #${i}: first draw ${fmt(open.firstDrawMs)} ms, first page ${fmt(open.readyMs)} ms, ` +
					`all history ${fmt(open.loadedMs)} ms, worst frame gap ${fmt(open.frames.maxGapMs)} ms, ` +
					`chart ${describe(charts)}`
			);
			opens.push({ ...open, charts });
		}
		return {
			history: run.history,
			importMs,
			opens,
			firstDrawMs: median(opens.map((o) => o.firstDrawMs)),
			readyMs: median(opens.map((o) => o.readyMs)),
			loadedMs: median(opens.map((o) => o.loadedMs)),
			worstFrameGapMs: Math.max(...opens.map((o) => o.frames.maxGapMs)),
			errors
		};
	} finally {
		await context.close();
	}
}

/**
 * All points in the charts' lines.
 * @param {Awaited<ReturnType<typeof chartStates>>} charts
 */
const pointsOf = (charts) =>
	charts.reduce((sum, c) => sum + c.lines.reduce((n, l) => n + l.points, 0), 0);

/**
 * The charts' states in a few words: state, lines and points.
 * @param {Awaited<ReturnType<typeof chartStates>>} charts
 */
function describe(charts) {
	if (!charts.length) return 'none on screen';
	return charts
		.map((c) => {
			const points = pointsOf([c]);
			const loading = c.loadingHistory ? ', loading history' : '';
			return `${c.state}${loading}, ${c.lines.length} line(s), ${fmt(points)} points`;
		})
		.join('; ');
}

/** @param {number | null | undefined} ms */
const ms1 = (ms) => fmt(ms, 1);

/**
 * @param {boolean} ok
 * @param {string} target
 */
const verdict = (ok, target) => (ok ? target : `${target} — **missed**`);

/**
 * @param {Awaited<ReturnType<typeof redrawRun>> | null} a
 * @param {Awaited<ReturnType<typeof liveRun>> | null} b
 * @param {Awaited<ReturnType<typeof openRun>> | null} c
 */
function summaryRows(a, b, c) {
	/** @type {string[][]} */
	const rows = [['benchmark', 'measure', 'result', 'target']];
	if (a) {
		const r = a.redraws;
		const ok = r.count > 0 && (r.p95Ms ?? Infinity) < TARGETS.maxRedrawMs;
		rows.push(
			[
				`(1) ${fmt(a.points)} points, ${UPDATE_RATE} updates/s for ${a.seconds} s`,
				'chart-redraw ms median / p95 / max',
				`${ms1(r.medianMs)} / ${ms1(r.p95Ms)} / ${ms1(r.maxMs)}`,
				verdict(ok, `< ${TARGETS.maxRedrawMs} (p95)`)
			],
			['', 'redraws (over 16 ms)', `${fmt(r.count)} (${fmt(r.over16)})`, ''],
			[
				'',
				'live messages sent; points in the chart',
				`${fmt(a.sent)}; ${fmt(pointsOf(a.charts.after))}`,
				''
			]
		);
	}
	if (b) {
		const ok = b.frames.maxGapMs <= TARGETS.maxFrameGapMs;
		rows.push(
			[
				`(2) ${b.devices} live series, ${fmt(b.rate)} msg/s for ${b.seconds} s`,
				'worst main-thread frame gap ms (gaps > 100)',
				`${ms1(b.frames.maxGapMs)} (${fmt(b.frames.gapsOver100)})`,
				verdict(ok, `≤ ${TARGETS.maxFrameGapMs}`)
			],
			[
				'',
				'long tasks (longest ms)',
				`${fmt(b.frames.longTasks)} (${ms1(b.frames.maxLongTaskMs)})`,
				''
			],
			[
				'',
				'chart-redraw ms median / p95 / max (count)',
				`${ms1(b.redraws.medianMs)} / ${ms1(b.redraws.p95Ms)} / ${ms1(b.redraws.maxMs)} (${fmt(b.redraws.count)})`,
				''
			],
			['', 'persisted / sent', `${fmt(b.persisted)} / ${fmt(b.sent)}`, 'all'],
			['', 'lines in the chart', fmt(b.charts[0]?.lines.length), `${b.devices}`]
		);
	}
	if (c) {
		const first = c.opens[0];
		const ok = (c.firstDrawMs ?? Infinity) < TARGETS.maxFirstDrawMs;
		rows.push(
			[
				`(3) open a chart over ${fmt(c.history)} points`,
				`first draw ms from the click (median of ${c.opens.length}; first)`,
				`${fmt(c.firstDrawMs)} (${fmt(first?.firstDrawMs)})`,
				verdict(ok, `< ${TARGETS.maxFirstDrawMs}`)
			],
			[
				'',
				'first page shown (data-state ready) ms',
				`${fmt(c.readyMs)} (${fmt(first?.readyMs)})`,
				''
			],
			[
				'',
				'all history read ms (median; first)',
				`${fmt(c.loadedMs)} (${fmt(first?.loadedMs)})`,
				''
			],
			['', 'worst frame gap ms while loading', fmt(c.worstFrameGapMs), '']
		);
	}
	return rows;
}

/**
 * @param {string} label
 * @param {string[]} errors
 */
function printErrors(label, errors) {
	if (!errors.length) return;
	console.log(`  ${label}: ${errors.length} page error(s)`);
	/** @type {Map<string, number>} */
	const counts = new Map();
	for (const error of errors) counts.set(error, (counts.get(error) ?? 0) + 1);
	for (const [error, n] of [...counts].slice(0, 5)) {
		console.log(`    ${n > 1 ? `${n} × ` : ''}${error.replace(/\n/g, '\n      ')}`);
	}
}

async function main() {
	const options = readOptions();
	const { broker, server, browser, stop } = await startEnvironment({ root, build: options.build });
	try {
		// Everything shares the machine's cores: a busy machine shows up as frame gaps.
		const loadAtStart = loadavg()[0];
		console.log(
			`broker ${broker.wsUrl} (tcp ${broker.mqttUrl}), app ${server.url}, Chromium ${browser.version()}; ` +
				`${availableParallelism()} cores, load average ${fmt(loadAtStart, 2)}`
		);
		const common = {
			appUrl: server.url,
			wsUrl: broker.wsUrl,
			mqttUrl: broker.mqttUrl,
			timeoutMs: options.timeoutMs
		};

		/** @type {Awaited<ReturnType<typeof redrawRun>> | null} */
		let redraw = null;
		if (options.parts.has('1')) {
			console.log(`(1) ${fmt(options.points)} points, ${UPDATE_RATE} updates/s …`);
			redraw = await redrawRun(browser, {
				...common,
				points: options.points,
				seconds: options.redrawSeconds
			});
			const r = redraw.redraws;
			console.log(
				`  ${fmt(r.count)} redraws: median ${ms1(r.medianMs)} ms, p95 ${ms1(r.p95Ms)} ms, ` +
					`max ${ms1(r.maxMs)} ms; chart ${describe(redraw.charts.after)}`
			);
			printErrors('(1)', redraw.errors);
		}

		/** @type {Awaited<ReturnType<typeof liveRun>> | null} */
		let live = null;
		if (options.parts.has('2')) {
			console.log(`(2) ${DEVICES} live series at ${fmt(LIVE_RATE)} msg/s …`);
			live = await liveRun(browser, { ...common, seconds: options.liveSeconds });
			console.log(
				`  sent ${fmt(live.sent)}, persisted ${fmt(live.persisted)}; worst frame gap ` +
					`${ms1(live.frames.maxGapMs)} ms, ${fmt(live.frames.gapsOver100)} over 100 ms; ` +
					`${fmt(live.redraws.count)} redraws, p95 ${ms1(live.redraws.p95Ms)} ms; ` +
					`chart ${describe(live.charts)}`
			);
			printErrors('(2)', live.errors);
		}

		/** @type {Awaited<ReturnType<typeof openRun>> | null} */
		let open = null;
		if (options.parts.has('3')) {
			console.log(`(3) chart over ${fmt(options.history)} points …`);
			open = await openRun(browser, { ...common, history: options.history });
			printErrors('(3)', open.errors);
		}

		const rows = summaryRows(redraw, live, open);
		writeResult(RESULT_PATH, {
			...runInfo(loadAtStart),
			chromium: browser.version(),
			params: {
				redrawSeconds: options.redrawSeconds,
				liveSeconds: options.liveSeconds,
				points: options.points,
				history: options.history,
				updateRate: UPDATE_RATE,
				devices: DEVICES,
				liveRate: LIVE_RATE,
				liveWindowMs: LIVE_WINDOW_MS,
				qos: 0,
				payload: telemetry(0)
			},
			targets: TARGETS,
			redraw,
			live,
			open,
			summary: rows
		});
		console.log(`\n${table(rows)}\n\n${markdown(rows)}`);
		console.log(
			`\nload average (1 min) ${fmt(loadAtStart, 2)} → ${fmt(loadavg()[0], 2)} on ` +
				`${availableParallelism()} cores; wrote ${RESULT_PATH.replace(`${root}/`, '')}`
		);
	} finally {
		await stop();
	}
}

await main();
