// @ts-check
/**
 * `npm run bench:dashboard`: the busy dashboard of issue #11 point 3. A dashboard of 8 tiles
 * (4 numbers over `bench/+/telemetry`, 2 gauges, 2 status tiles) and 4 charts over
 * `bench/+/telemetry` while `--rate` (5,000) messages a second arrive on `--devices` (10)
 * topics for `--seconds` (20). Measured over the publishing:
 *  - history reads the page asks of the engine per live batch (readSeries, readFiltered,
 *    readTopic, readPage, historyHead commands; target 0), and the engine's readonly IndexedDB
 *    transactions per batch (counted inside the worker; the retention check reads every 5 s);
 *  - frames a second, the longest gap between two frames, and the main thread's busy share
 *    (Chromium's TaskDuration for the page), with the charts' redraws and their time;
 *  - the main thread's CPU time (ThreadTime), which a shared machine's other processes do not
 *    inflate as they do the busy share, and its script and style/layout time;
 *  - the engine worker's CPU time (Linux's /proc): on two cores, what the engine takes is what
 *    the page's main thread waits for;
 *  - work that load does not change: the message rows the engine sends the page per batch
 *    (no list is on screen), the engine's deliveries of batch events a second (each costs the
 *    page a rendering pass) and the animation frames the app asks for a second.
 * With `--baseline <build dir>` (e.g. a build of main) the same run goes against that build
 * too, one after the other in one invocation, and the table gives both and their ratio.
 * `--rounds <n>` alternates n runs of each and reports medians, for a shared machine.
 * Writes bench/results/dashboard.json and prints a table (plain and Markdown).
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import {
	chartStates,
	chartTile,
	installChartTiming,
	openDashboard,
	putDashboard,
	redrawsSince,
	savedProfile
} from './support/charts-page.js';
import { chromium } from 'playwright-core';
import { connectCdp } from './support/cdp-client.js';
import { startServices } from './support/environment.js';
import { launchOwnChromium } from './support/own-chromium.js';
import { publishPaced } from './support/paced.js';
import { WIDE } from './support/fresh-page.js';
import { count, directory, parseOptions } from './support/options.js';
import { connect, countPersisted, reloadApp } from './support/pages.js';
import { installProbe } from './support/probe.js';
import { fmt, markdown, median, table } from './support/report.js';
import { runInfo, writeResult } from './support/results.js';
import { processCpuMs, threadCpuMs, threadIds } from './support/thread-cpu.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULT_PATH = join(root, 'bench/results/dashboard.json');

/** Targets from the issue. */
const TARGETS = { readsPerBatch: 0, minFps: 58, maxFrameGapMs: 50, maxBusyShare: 0.15 };
/** A dedicated worker's thread, as Linux names it (bench/support/thread-cpu.js). */
const WORKER_THREAD = 'DedicatedWorker';

/**
 * The engine worker's thread: the page's first dedicated worker (the app starts it before its
 * first screen; the chart worker starts later, at idle), so the lowest thread id of the
 * browser's worker threads (one page runs at a time).
 * @returns {string[]} its id as threadIds gives it, or none
 */
function engineThread() {
	const ids = threadIds(WORKER_THREAD);
	const tid = (/** @type {string} */ id) => Number(id.split('/')[1]);
	return ids.sort((a, b) => tid(a) - tid(b)).slice(0, 1);
}
/** Engine commands that read history. */
const READ_COMMANDS = ['readSeries', 'readFiltered', 'readTopic', 'readPage', 'historyHead'];
/**
 * Who used the two cores: the browser (all its processes), the broker, and the bench's own
 * process (the publisher and Playwright). On a phone only the browser would be there.
 * @param {string} comm a process name as /proc shows it
 */
const machineShare = (comm) =>
	comm.startsWith('chrom') ? 'browser' : comm === 'mosquitto' ? 'broker' : undefined;
/** The charts' window: the last minute. */
const WINDOW_MS = 60_000;

const USAGE = `Usage: npm run bench:dashboard -- [options]   (or: node bench/dashboard.js after a build)

  --seconds <n>      publishing time (default 20)
  --rate <n>         messages a second (default 5000)
  --devices <n>      topics bench/devNN/telemetry (default 10)
  --build <dir>      serve this build directory instead of build/
  --baseline <dir>   also run against this build (e.g. main's) and report the ratio
  --rounds <n>       runs per build, alternating with the baseline; medians reported (default 1)
  --profile <file>   write the page's main-thread CPU profile while publishing (.cpuprofile)
  --worker-profile <file>  write the engine worker's CPU profile while publishing
  --trace <file>     write a Chromium trace of the publishing (open it in DevTools' Performance)
  --timeout <s>      cap on any single wait (default 120)
  -h, --help         show this help`;

/**
 * @typedef {import('playwright-core').Page} Page
 * @typedef {import('playwright-core').Browser} Browser
 * @typedef {import('./support/probe.js').ProbeResult} ProbeResult
 */

function readOptions() {
	const { timeout, ...options } = parseOptions(USAGE, {
		seconds: count('20'),
		rate: count('5000'),
		devices: count('10'),
		build: directory(),
		baseline: directory(),
		rounds: count('1'),
		profile: directory(),
		'worker-profile': directory(),
		trace: directory(),
		timeout: count('120')
	});
	return { ...options, timeoutMs: timeout * 1000 };
}

/**
 * Counts, in the page, every command sent to the engine (Comlink's APPLY, by name). Runs in the
 * page: no closure over Node.
 */
function installEngineCounter() {
	/** @type {any} */
	const w = window;
	const state = { commands: /** @type {Record<string, number>} */ ({}) };
	w.__benchEngine = state;
	const post = Worker.prototype.postMessage;
	Worker.prototype.postMessage = function (...args) {
		const message = args[0];
		if (message?.type === 'APPLY' && Array.isArray(message.path) && message.path.length) {
			const name = message.path.join('.');
			state.commands[name] = (state.commands[name] ?? 0) + 1;
		}
		return /** @type {any} */ (post).apply(this, args);
	};
}

/**
 * Counts, in the page, what the app asks of the browser and what the engine sends it: animation
 * frames requested (the frame probe asks for one a frame; its requests are taken off later), and
 * `messages` events with the message rows they carry (Comlink hands the bridge's listener one
 * array of events per APPLY on the listener's port). Runs in the page: no closure over Node.
 */
function installPageCounter() {
	/** @type {any} */
	const w = window;
	const state = { frameRequests: 0, batches: 0, rows: 0, deliveries: 0 };
	w.__benchPage = state;
	const raf = window.requestAnimationFrame;
	window.requestAnimationFrame = (callback) => {
		state.frameRequests++;
		return raf.call(window, callback);
	};
	const add = MessagePort.prototype.addEventListener;
	/** @this {MessagePort} @param {string} type @param {any} listener @param {any} [options] */
	MessagePort.prototype.addEventListener = function (type, listener, options) {
		if (type !== 'message' || typeof listener !== 'function') {
			return add.call(this, type, listener, options);
		}
		/** @this {MessagePort} @param {MessageEvent} event */
		const counting = function (event) {
			const events = event.data?.argumentList?.[0]?.value;
			if (Array.isArray(events)) {
				if (events.some((e) => e?.type === 'messages')) state.deliveries++;
				for (const e of events) {
					if (e?.type !== 'messages') continue;
					state.batches++;
					state.rows += e.newest?.length ?? 0;
				}
			}
			return listener.call(this, event);
		};
		return add.call(this, type, counting, options);
	};
}

/**
 * Counts, inside the engine worker, IndexedDB transactions by mode (idb looks the method up on
 * the prototype at every call, so patching it after start sees every later transaction).
 * Runs in the worker.
 */
function installTransactionCounter() {
	/** @type {any} */
	const g = globalThis;
	if (g.__benchTx) return;
	g.__benchTx = { readonly: 0, readwrite: 0 };
	const original = IDBDatabase.prototype.transaction;
	IDBDatabase.prototype.transaction = function (...args) {
		const mode = args[1] ?? 'readonly';
		g.__benchTx[mode === 'readwrite' ? 'readwrite' : 'readonly']++;
		return /** @type {any} */ (original).apply(this, args);
	};
}

/**
 * The dashboard: 4 charts and 8 tiles (shapes in src/lib/shared/dashboards/dashboard.ts).
 * @returns {unknown[]}
 */
function busyDashboard() {
	const wildcard = 'bench/+/telemetry';
	const fields = ['temperature', 'humidity', 'pressure', 'power'];
	const charts = fields.map((path, i) =>
		chartTile(`chart-${i}`, `Chart ${path}`, [{ topicFilter: wildcard, path }], WINDOW_MS)
	);
	const numbers = fields.map((path, i) => ({
		id: `number-${i}`,
		kind: 'number',
		title: `Number ${path}`,
		width: 1,
		decimals: 1,
		series: { topicFilter: wildcard, path }
	}));
	const gauges = ['temperature', 'humidity'].map((path, i) => ({
		id: `gauge-${i}`,
		kind: 'gauge',
		title: `Gauge ${path}`,
		width: 1,
		min: 0,
		max: 100,
		ranges: [],
		series: { topicFilter: 'bench/dev00/telemetry', path }
	}));
	const statuses = [wildcard, 'bench/dev01/telemetry'].map((topicFilter, i) => ({
		id: `status-${i}`,
		kind: 'status',
		title: `Status ${i + 1}`,
		width: 1,
		topicFilter,
		path: 'state',
		okValues: ['ok']
	}));
	return [...charts, ...numbers, ...gauges, ...statuses];
}

/**
 * The n-th message of a device: four wandering numbers and a state.
 * @param {number} n
 */
function reading(n) {
	const t = n / 1000;
	return JSON.stringify({
		temperature: +(21 + 4 * Math.sin(t)).toFixed(2),
		humidity: +(45 + 10 * Math.cos(t / 2)).toFixed(1),
		pressure: +(1013 + 5 * Math.sin(t / 3)).toFixed(1),
		power: +(120 + 30 * Math.cos(t / 5)).toFixed(1),
		state: n % 97 === 0 ? 'warn' : 'ok'
	});
}

/**
 * The page's main-thread time so far, in ms (CDP Performance metrics): `task` is the wall time
 * of its tasks (TaskDuration: what the busy share is), `cpu` the CPU time the thread actually
 * got (ThreadTime), which other processes on a shared machine do not inflate, and of the task
 * time `script` and `layout` (style recalculation and layout); `layouts` counts the page's
 * layouts, one a rendering pass that changed what is on screen.
 * @param {{ send: (method: string) => Promise<any> }} cdp a DevTools session of the page
 */
async function mainThreadMs(cdp) {
	/** @type {{ metrics: { name: string, value: number }[] }} */
	const { metrics } = await cdp.send('Performance.getMetrics');
	/** @param {string} name */
	const value = (name) => metrics.find((m) => m.name === name)?.value ?? 0;
	/** @param {string} name */
	const ms = (name) => value(name) * 1000;
	return {
		task: ms('TaskDuration'),
		cpu: ms('ThreadTime'),
		script: ms('ScriptDuration'),
		layout: ms('LayoutDuration') + ms('RecalcStyleDuration'),
		layouts: value('LayoutCount')
	};
}

/**
 * How many chart redraws ran since page time `from`, and their summed time (ms).
 * @param {Page} page
 * @param {number} from
 */
async function redrawTotals(page, from) {
	const durations = await redrawsSince(page, from);
	return { count: durations.length, totalMs: durations.reduce((a, b) => a + b, 0) };
}

/**
 * Each process group's CPU time over the run, as a share of one core.
 * @param {Record<string, number> | undefined} before
 * @param {Record<string, number> | undefined} after
 * @param {number} wallMs
 * @returns {Record<string, number> | undefined}
 */
function processShares(before, after, wallMs) {
	if (!before || !after) return undefined;
	return Object.fromEntries(
		Object.keys(after).map((name) => [name, (after[name] - (before[name] ?? 0)) / wallMs])
	);
}

/**
 * Collects, in the page, its uncaught errors and unhandled rejections into window.__benchErrors,
 * read after the run: no automation is attached to report them while it is measured. Runs in
 * the page: no closure over Node.
 */
function installErrorLog() {
	/** @type {any} */
	const w = window;
	const errors = /** @type {string[]} */ ([]);
	w.__benchErrors = errors;
	addEventListener('error', (event) => errors.push(`pageerror: ${event.message}`));
	addEventListener('unhandledrejection', (event) =>
		errors.push(`unhandled rejection: ${String(event.reason?.stack ?? event.reason)}`)
	);
}

/** Where a measuring window reads its counters: the page's and the engine worker's sessions. */
const PAGE_COUNTS = `({ engine: JSON.parse(JSON.stringify(window.__benchEngine)), page: { ...window.__benchPage } })`;

/**
 * Everything a window is measured by at one instant.
 * @param {import('./support/cdp-client.js').CdpSession} page
 * @param {import('./support/cdp-client.js').CdpSession} worker
 * @param {string[]} engineThreadId
 */
async function snapshot(page, worker, engineThreadId) {
	/** @type {{ engine: { commands: Record<string, number> }, page: { frameRequests: number, batches: number, rows: number, deliveries: number } }} */
	const counts = await page.evaluate(PAGE_COUNTS);
	/** @type {{ readonly: number, readwrite: number }} */
	const tx = await worker.evaluate('({ ...globalThis.__benchTx })');
	return {
		...counts,
		tx,
		main: await mainThreadMs(page),
		workerCpu: threadCpuMs(WORKER_THREAD, engineThreadId),
		allWorkersCpu: threadCpuMs(WORKER_THREAD),
		processes: processCpuMs(machineShare),
		at: Date.now()
	};
}

/**
 * What one window of publishing cost: the page's main thread and the machine's processes.
 * @param {Awaited<ReturnType<typeof snapshot>>} before
 * @param {Awaited<ReturnType<typeof snapshot>>} after
 */
function windowShares(before, after) {
	const wallMs = after.at - before.at;
	/** @param {number | undefined} a @param {number | undefined} b */
	const share = (a, b) => (a === undefined || b === undefined ? undefined : (a - b) / wallMs);
	const workerCpuShare = share(after.workerCpu, before.workerCpu);
	const allWorkersShare = share(after.allWorkersCpu, before.allWorkersCpu);
	return {
		wallMs,
		busyShare: (after.main.task - before.main.task) / wallMs,
		cpuShare: (after.main.cpu - before.main.cpu) / wallMs,
		scriptShare: (after.main.script - before.main.script) / wallMs,
		layoutShare: (after.main.layout - before.main.layout) / wallMs,
		layoutsPerSecond: ((after.main.layouts - before.main.layouts) * 1000) / wallMs,
		workerCpuShare,
		// The other dedicated workers: the chart worker (builds that draw charts off the page).
		chartWorkerCpuShare:
			allWorkersShare === undefined || workerCpuShare === undefined
				? undefined
				: allWorkersShare - workerCpuShare,
		processShares: processShares(before.processes, after.processes, wallMs)
	};
}

/**
 * Reads a trace the browser collected with transferMode ReturnAsStream into `path`.
 * @param {Awaited<ReturnType<typeof connectCdp>>} cdp
 * @param {Promise<string>} complete resolves to the trace's stream handle
 * @param {string} path
 */
async function saveTrace(cdp, complete, path) {
	await cdp.send('Tracing.end');
	const handle = await complete;
	let text = '';
	for (;;) {
		const { data, eof, base64Encoded } = await cdp.send('IO.read', { handle });
		text += base64Encoded ? Buffer.from(data, 'base64').toString('utf8') : data;
		if (eof) break;
	}
	await cdp.send('IO.close', { handle });
	writeFileSync(path, text);
}

/**
 * One busy-dashboard run in a browser of its own. Playwright sets the dashboard up, then leaves
 * the browser: a page it drives gets a DevTools event for every WebSocket frame (at 5,000 msg/s
 * that took a third of a core and showed in the page's busy share), which a user's browser does
 * not. While the messages arrive only a bare DevTools session is attached to the page, with the
 * Performance domain alone (cdp-client.js). Two windows of `seconds` each:
 *  - frames: the frame probe runs (a frame asked for every frame), for fps and frame gaps;
 *  - quiet: nothing asks for frames but the app, for the main thread's busy share and CPU time.
 * @param {{ appUrl: string, wsUrl: string, mqttUrl: string, seconds: number, rate: number,
 *   devices: number, timeoutMs: number, profile?: string, workerProfile?: string,
 *   trace?: string }} run
 */
async function dashboardRun(run) {
	const own = await launchOwnChromium(WIDE);
	/** @type {Browser | undefined} */
	let browser;
	try {
		browser = await chromium.connectOverCDP(own.endpoint, { noDefaults: true });
		const version = browser.version();
		const context = browser.contexts()[0];
		for (const script of [
			installErrorLog,
			installProbe,
			installChartTiming,
			installEngineCounter,
			installPageCounter
		]) {
			await context.addInitScript(script);
		}
		const page = context.pages()[0] ?? (await context.newPage());
		const profileId = await savedProfile(page, run.appUrl, run.wsUrl);
		await putDashboard(page, profileId, busyDashboard());
		await reloadApp(page, run.timeoutMs);
		// The app's offline copy is fetched once, at its first load: done before anything is timed.
		await page.evaluate(() => navigator.serviceWorker?.ready);
		await connect(page);
		const open = await openDashboard(page, { expectPoints: 0, timeoutMs: run.timeoutMs });
		if (open.timedOut) throw new Error('the dashboard did not open in time');
		await page.waitForFunction(
			(n) => document.querySelectorAll('[data-testid=chart][data-state=ready]').length === n,
			4,
			{ timeout: run.timeoutMs }
		);
		const workerUrl = page
			.workers()
			.map((w) => w.url())
			.find((url) => url.includes('worker') && !url.includes('chart-worker'));
		if (!workerUrl) throw new Error('no engine worker found');
		await browser.close(); // disconnects; the browser and its page go on
		browser = undefined;

		const cdp = await connectCdp(own.endpoint);
		const pageSession = await cdp.attach('page', (url) => url.startsWith(run.appUrl));
		const workerSession = await cdp.attach('worker', (url) => url === workerUrl);
		await workerSession.evaluate(`(${installTransactionCounter})()`);
		await pageSession.send('Performance.enable');
		await sleep(1000);

		const engineThreadId = engineThread();
		if (run.profile) {
			await pageSession.send('Profiler.enable');
			await pageSession.send('Profiler.start');
		}
		if (run.workerProfile) {
			await workerSession.send('Profiler.enable');
			await workerSession.send('Profiler.setSamplingInterval', { interval: 200 });
			await workerSession.send('Profiler.start');
		}
		/** @type {Promise<string> | undefined} */
		let traceComplete;
		if (run.trace) {
			traceComplete = new Promise((resolve) =>
				cdp.on('Tracing.tracingComplete', (event) => resolve(event.stream))
			);
			await cdp.send('Tracing.start', {
				transferMode: 'ReturnAsStream',
				traceConfig: {
					includedCategories: [
						'devtools.timeline',
						'disabled-by-default-devtools.timeline',
						'toplevel'
					]
				}
			});
		}
		const topics = Array.from(
			{ length: run.devices },
			(_, i) => `bench/dev${String(i).padStart(2, '0')}/telemetry`
		);
		let sent = 0;
		let publishMs = 0;
		const publishWindow = async () => {
			const offset = sent;
			const live = await publishPaced(run.mqttUrl, {
				rate: run.rate,
				seconds: run.seconds,
				topics,
				payload: (i) => {
					const n = offset + i;
					return reading(Math.floor(n / run.devices) + (n % run.devices) * 1000);
				}
			});
			sent += live.sent;
			publishMs += live.ms;
		};

		/** @type {number} */
		const from = await pageSession.evaluate('performance.now()');
		const start = await snapshot(pageSession, workerSession, engineThreadId);
		await pageSession.evaluate('window.__benchProbe.start()');
		await publishWindow();
		/** @type {ProbeResult} */
		const frames = await pageSession.evaluate('window.__benchProbe.stop()');
		const middle = await snapshot(pageSession, workerSession, engineThreadId);
		await publishWindow();
		const end = await snapshot(pageSession, workerSession, engineThreadId);

		if (run.profile) {
			const { profile } = await pageSession.send('Profiler.stop');
			writeFileSync(run.profile, JSON.stringify(profile));
		}
		if (run.workerProfile) {
			const { profile } = await workerSession.send('Profiler.stop');
			writeFileSync(run.workerProfile, JSON.stringify(profile));
		}
		if (run.trace && traceComplete) await saveTrace(cdp, traceComplete, run.trace);
		/** @type {string[]} */
		const errors = await pageSession.evaluate('window.__benchErrors');
		cdp.close();

		browser = await chromium.connectOverCDP(own.endpoint, { noDefaults: true });
		const measured = browser
			.contexts()[0]
			.pages()
			.find((p) => p.url().startsWith(run.appUrl));
		if (!measured) throw new Error('the dashboard page is gone');
		let persisted = await countPersisted(measured);
		for (const deadline = Date.now() + 15_000; persisted < sent && Date.now() < deadline;) {
			await sleep(250);
			persisted = await countPersisted(measured);
		}
		/** @type {Record<string, number>} */
		const reads = {};
		for (const name of READ_COMMANDS) {
			const n = (end.engine.commands[name] ?? 0) - (start.engine.commands[name] ?? 0);
			if (n) reads[name] = n;
		}
		const viewReads = Object.values(reads).reduce((a, b) => a + b, 0);
		// One readwrite transaction per committed batch (the retention check's deletes are rare).
		const batches = end.tx.readwrite - start.tx.readwrite;
		const readonlyTx = end.tx.readonly - start.tx.readonly;
		const rowBatches = end.page.batches - start.page.batches;
		const wallMs = end.at - start.at;
		const framesWindow = windowShares(start, middle);
		return {
			chromium: version,
			sent,
			publishMs,
			persisted,
			batches,
			reads,
			readsPerBatch: batches ? viewReads / batches : undefined,
			idbReadTransactions: readonlyTx,
			idbReadsPerBatch: batches ? readonlyTx / batches : undefined,
			rowsPerBatch: rowBatches ? (end.page.rows - start.page.rows) / rowBatches : undefined,
			appFrameRequests: Math.max(
				0,
				end.page.frameRequests - start.page.frameRequests - frames.requests
			),
			batchDeliveries: end.page.deliveries - start.page.deliveries,
			fps: (frames.frames * 1000) / framesWindow.wallMs,
			frames,
			// The quiet window's figures are the run's; the frames window's busy share beside them.
			...windowShares(middle, end),
			// Both windows: what the counters above span.
			wallMs,
			busyShareCountingFrames: framesWindow.busyShare,
			redraws: await redrawTotals(measured, from),
			charts: await chartStates(measured),
			errors
		};
	} finally {
		await browser?.close();
		await own.close();
	}
}

/**
 * Runs the dashboard against one build (its own broker, server and browser).
 * @param {string | undefined} build
 * @param {ReturnType<typeof readOptions>} options
 * @param {string} label
 * @param {boolean} profile whether this run writes the --profile, --worker-profile and --trace files
 */
async function runBuild(build, options, label, profile) {
	const { broker, server, stop } = await startServices({ root, build });
	try {
		console.log(`${label}: ${build ?? 'build/'} …`);
		const result = await dashboardRun({
			appUrl: server.url,
			wsUrl: broker.wsUrl,
			mqttUrl: broker.mqttUrl,
			seconds: options.seconds,
			rate: options.rate,
			devices: options.devices,
			timeoutMs: options.timeoutMs,
			profile: profile ? options.profile : undefined,
			workerProfile: profile ? options['worker-profile'] : undefined,
			trace: profile ? options.trace : undefined
		});
		console.log(
			`  sent ${fmt(result.sent)}, persisted ${fmt(result.persisted)}, ${fmt(result.batches)} ` +
				`batches; history reads ${JSON.stringify(result.reads)}; ${fmt(result.fps, 1)} fps, ` +
				`worst frame gap ${fmt(result.frames.maxGapMs, 1)} ms, main thread busy ` +
				`${fmt(result.busyShare * 100, 1)} % (CPU ${fmt(result.cpuShare * 100, 1)} %; ` +
				`${fmt(result.busyShareCountingFrames * 100, 1)} % while frames were counted)`
		);
		for (const error of result.errors) console.log(`  ${error}`);
		return { build: build ?? 'build/', ...result };
	} finally {
		await stop();
	}
}

/**
 * @param {boolean} ok
 * @param {string} target
 */
const verdict = (ok, target) => (ok ? target : `${target} — **missed**`);

/**
 * @param {number | undefined} a
 * @param {number | undefined} b
 */
const ratio = (a, b) =>
	a === undefined || b === undefined || !Number.isFinite(a / b) ? '–' : `${fmt(a / b, 2)}×`;

/**
 * The table: per measure the median over the rounds of this build (and of the baseline).
 * @param {Awaited<ReturnType<typeof runBuild>>[]} mine
 * @param {Awaited<ReturnType<typeof runBuild>>[] | null} base
 */
function summaryRows(mine, base) {
	const head = [
		'measure',
		'this build',
		...(base ? ['baseline', 'this / baseline'] : []),
		'target'
	];
	/** @typedef {(r: Awaited<ReturnType<typeof runBuild>>) => number | undefined} Get */
	/** @typedef {[string, Get, number, ((v: number) => boolean) | null, string]} Measure */
	/** @type {Measure[]} */
	const measures = [
		[
			'history reads asked per live batch',
			(r) => r.readsPerBatch,
			2,
			(v) => v <= TARGETS.readsPerBatch,
			'0'
		],
		['IndexedDB read transactions per batch', (r) => r.idbReadsPerBatch, 2, null, ''],
		// No message list is on screen: rows sent to the page would be cloned for nothing.
		['message rows sent to the page per batch', (r) => r.rowsPerBatch, 1, null, ''],
		[
			'deliveries of batch events, a second',
			(r) => (r.batchDeliveries * 1000) / r.wallMs,
			1,
			null,
			''
		],
		[
			'animation frames the app asked for, a second',
			(r) => (r.appFrameRequests * 1000) / r.wallMs,
			1,
			null,
			''
		],
		['frames a second', (r) => r.fps, 1, (v) => v >= TARGETS.minFps, `≥ ${TARGETS.minFps}`],
		[
			'longest frame gap (ms)',
			(r) => r.frames.maxGapMs,
			1,
			(v) => v <= TARGETS.maxFrameGapMs,
			`≤ ${TARGETS.maxFrameGapMs}`
		],
		[
			'main thread busy (%)',
			(r) => r.busyShare * 100,
			1,
			(v) => v < TARGETS.maxBusyShare * 100,
			`< ${TARGETS.maxBusyShare * 100}`
		],
		['main thread CPU time (%)', (r) => r.cpuShare * 100, 1, null, ''],
		// The engine's share of the same two cores: what it leaves the page on a loaded machine.
		[
			'engine worker CPU time (%)',
			(r) => (r.workerCpuShare === undefined ? undefined : r.workerCpuShare * 100),
			1,
			null,
			''
		],
		[
			'chart worker CPU time (%)',
			(r) => (r.chartWorkerCpuShare === undefined ? undefined : r.chartWorkerCpuShare * 100),
			1,
			null,
			''
		],
		// Where the machine's cores went: a busy share far above the CPU time is waiting for them.
		...['browser', 'broker', 'bench'].map(
			(name) =>
				/** @type {Measure} */ ([
					`${name === 'bench' ? 'the bench (publisher, Playwright)' : `the ${name}`}: CPU (% of a core)`,
					(r) => (r.processShares?.[name] === undefined ? undefined : r.processShares[name] * 100),
					1,
					null,
					''
				])
		),
		['script time (%)', (r) => r.scriptShare * 100, 1, null, ''],
		['style and layout time (%)', (r) => r.layoutShare * 100, 1, null, ''],
		// Each costs a style, layout, paint and commit pass however little changed.
		['layouts a second', (r) => r.layoutsPerSecond, 1, null, ''],
		['batches (IndexedDB writes)', (r) => r.batches, 0, null, ''],
		// Per unit of work: a faster page gets more, smaller batches and more redraws, so the
		// shares above also count work the other build never got to do.
		[
			'main thread CPU per batch (ms)',
			(r) => (r.batches ? (r.cpuShare * r.wallMs) / r.batches : undefined),
			1,
			null,
			''
		],
		['chart redraws', (r) => r.redraws.count, 0, null, ''],
		['chart redraw time (ms, summed)', (r) => r.redraws.totalMs, 0, null, ''],
		[
			'time per chart redraw (ms)',
			(r) => (r.redraws.count ? r.redraws.totalMs / r.redraws.count : undefined),
			1,
			null,
			''
		],
		['messages persisted / sent', (r) => r.persisted / r.sent, 3, (v) => v >= 1, '1']
	];
	return [
		head,
		...measures.map(([name, get, digits, ok, target]) => {
			const value = median(mine.map(get));
			const baseValue = base ? median(base.map(get)) : undefined;
			const met = !ok || (value !== undefined && ok(value));
			return [
				name,
				fmt(value, digits),
				...(base ? [fmt(baseValue, digits), ratio(value, baseValue)] : []),
				target ? verdict(met, target) : ''
			];
		})
	];
}

async function main() {
	const options = readOptions();
	// Everything shares the machine's cores: a busy machine shows up as frame gaps.
	const loadAtStart = loadavg()[0];
	console.log(
		`${fmt(options.rate)} msg/s on ${options.devices} topics for ${options.seconds} s; ` +
			`${availableParallelism()} cores, load average ${fmt(loadAtStart, 2)}`
	);
	/** @type {Awaited<ReturnType<typeof runBuild>>[]} */
	const mine = [];
	/** @type {Awaited<ReturnType<typeof runBuild>>[] | null} */
	const base = options.baseline ? [] : null;
	// Alternating, so a change in the machine's load falls on both builds alike.
	for (let round = 1; round <= options.rounds; round++) {
		const suffix = options.rounds > 1 ? ` (round ${round} of ${options.rounds})` : '';
		mine.push(await runBuild(options.build, options, `this build${suffix}`, round === 1));
		if (base && options.baseline) {
			base.push(await runBuild(options.baseline, options, `baseline${suffix}`, false));
		}
	}
	const rows = summaryRows(mine, base);
	writeResult(RESULT_PATH, {
		...runInfo(loadAtStart),
		params: {
			seconds: options.seconds,
			rate: options.rate,
			devices: options.devices,
			tiles: 8,
			charts: 4,
			windowMs: WINDOW_MS,
			qos: 0,
			payload: reading(0)
		},
		targets: TARGETS,
		builds: mine,
		baselines: base,
		summary: rows
	});
	console.log(`\n${table(rows)}\n\n${markdown(rows)}`);
	console.log(
		`\nload average (1 min) ${fmt(loadAtStart, 2)} → ${fmt(loadavg()[0], 2)} on ` +
			`${availableParallelism()} cores; wrote ${RESULT_PATH.replace(`${root}/`, '')}`
	);
}

await main();
