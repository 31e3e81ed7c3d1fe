// @ts-check
/**
 * `npm run bench:history`: the issue's history benchmarks, recorded as numbers.
 *  (a) Firehose: `--seconds` of saturation on `--topics` distinct topics with the message list,
 *      the topic tree and a chart on screen, against the bare mqtt.js page (alternating runs,
 *      medians): msg/s, ratio, persisted count, frame gaps, JS heap at start and end.
 *  (b) `--stored` messages in IndexedDB: time to the first row on a fresh page load, and to the
 *      first filtered row for a topic filter and payload-text filters.
 *  (c) NDJSON export of those messages: time to the download, file size, peak JS heap of page
 *      and worker.
 * Reuses bench/support (broker, server, probe, report). Writes bench/results/history.json and
 * prints a table (plain and Markdown).
 */
import { createReadStream, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import {
	countPersisted,
	FILTER,
	openSubscribed,
	readCount,
	saveLinkProfile
} from './support/pages.js';
import { count, directory, parseOptions, valued } from './support/options.js';
import { collectErrors, freshPage } from './support/fresh-page.js';
import { installCountWatch, installProbe } from './support/probe.js';
import { startEnvironment } from './support/environment.js';
import { fmt, markdown, median, table } from './support/report.js';
import { writeResult } from './support/results.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { startFlood } from './support/flood.js';
import { workerHeapSampler } from './support/worker-heap.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULT_PATH = join(root, 'bench/results/history.json');
const POLL_MS = 50;
/** After the last publish, a count that has not moved for this long means the run is stuck. */
const STALL_MS = 10_000;
/** The word 1 in MARKER_EVERY seeded payloads carry, for the rare payload-text filter. */
const MARKER = 'needle';
const MARKER_EVERY = 1000;
/** A payload text no message contains: the search must scan the whole history. */
const NO_MATCH = 'no-such-text-zq';

/** Page errors are listed by their message alone, one line each. */
const ERRORS = { stacks: false };

/** Targets from the issue (a). */
const TARGETS = { minRatio: 0.9, maxFrameGapMs: 200 };

const USAGE = `Usage: npm run bench:history -- [options]   (or: node bench/history.js after a build)

  --seconds <n>    firehose duration per run (default 60)
  --topics <n>     distinct topics bench/t0 … (default 10000)
  --stored <n>     messages stored for (b) and exported in (c) (default 1000000)
  --rounds <n>     bare/app firehose pairs (default 1)
  --backlog <n>    most messages published ahead of the page's count; keeps the broker's
                   QoS 0 queue (max_queued_messages 1e6) from dropping (default 200000)
  --parts <list>   which parts to run, e.g. a or b,c (default a,b,c; c needs b)
  --build <dir>    serve this build directory instead of build/
  --timeout <s>    cap on any single wait: drain, seeding, full scan, export (default 600)
  -h, --help       show this help`;

/**
 * @typedef {'bare' | 'app'} Variant
 * @typedef {import('./support/probe.js').ProbeResult} ProbeResult
 * @typedef {import('playwright-core').Page} Page
 * @typedef {import('playwright-core').Browser} Browser
 */

function readOptions() {
	const { timeout, ...options } = parseOptions(USAGE, {
		seconds: count('60'),
		topics: count('10000'),
		stored: count('1000000'),
		rounds: count('1'),
		backlog: count('200000'),
		parts: valued('a,b,c', (value) => {
			const parts = new Set(value.split(',').map((p) => p.trim()));
			return { a: parts.has('a'), b: parts.has('b') || parts.has('c'), c: parts.has('c') };
		}),
		build: directory(),
		timeout: count('600')
	});
	return { ...options, timeoutMs: timeout * 1000 };
}

/**
 * The page's used JS heap (needs --enable-precise-memory-info for exact figures).
 * @param {Page} page
 * @returns {Promise<number | null>}
 */
function pageHeap(page) {
	return page.evaluate(() => /** @type {any} */ (performance).memory?.usedJSHeapSize ?? null);
}

/**
 * The app's next message id from IndexedDB: the newest segment head's firstId + count. Unlike
 * the count on screen (and the segment counts), it keeps growing once retention (default
 * 1,000,000 messages) starts pruning the oldest segments, so it tells how many messages were
 * committed in total. Reads one head through a reverse cursor on a connection kept open.
 * Assumes one profile stores messages (a fresh context) and ids have no gaps.
 * @param {Page} page
 * @returns {Promise<number>}
 */
function committedNextId(page) {
	return page.evaluate(
		() =>
			new Promise((resolveId, reject) => {
				/** @type {any} Page global: the bench's own IndexedDB connection. */
				const w = window;
				/** @param {IDBDatabase} db */
				const read = (db) => {
					const request = db
						.transaction('segment-heads', 'readonly')
						.objectStore('segment-heads')
						.openCursor(null, 'prev');
					request.onsuccess = () => {
						const head = request.result?.value;
						resolveId(head ? head.firstId + head.count : 0);
					};
					request.onerror = () => reject(request.error);
				};
				if (w.__benchDb) return read(w.__benchDb);
				const open = indexedDB.open('mqtt-scope');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					w.__benchDb = open.result;
					read(open.result);
				};
			})
	);
}

/**
 * Publishes one message and waits until the page counted it: the app then has a row to open
 * the chart from.
 * @param {Page} page
 * @param {Variant} variant
 * @param {string} mqttUrl
 */
async function warmUp(page, variant, mqttUrl) {
	const client = await mqtt.connectAsync(mqttUrl, { protocolVersion: 5, reconnectPeriod: 0 });
	await client.publishAsync('bench/t0', `{"v":0,"t":${Date.now()}}`, { qos: 0 });
	await client.endAsync();
	const deadline = Date.now() + 15_000;
	while ((await readCount(page, variant)).value < 1) {
		if (Date.now() > deadline) throw new Error(`${variant}: warm-up message never counted`);
		await sleep(POLL_MS);
	}
}

/**
 * Puts the chart and the topic tree on screen beside the message list: the chart first (it
 * stays in the right column), then the Topics tool tab.
 * @param {Page} page
 */
async function showChartAndTree(page) {
	await page.locator('[data-testid=message-row]').first().click();
	await page.getByRole('button', { name: 'Chart this topic' }).click();
	await page.waitForSelector('[data-testid=chart]', { timeout: 15_000 });
	await page.getByRole('tab', { name: 'Topics' }).click();
	await page.waitForSelector('[data-testid=topic-tree]', { timeout: 15_000 });
}

/**
 * One firehose run in a fresh context.
 * @param {Browser} browser
 * @param {{ variant: Variant, round: number, appUrl: string, wsUrl: string, mqttUrl: string,
 *   seconds: number, topics: number, backlog: number, timeoutMs: number }} run
 */
async function firehoseOnce(browser, run) {
	const { context, page, errors } = await freshPage(browser, {
		scripts: [installProbe, ...(run.variant === 'app' ? [installCountWatch] : [])],
		errors: ERRORS
	});
	try {
		await openSubscribed(page, run.variant, run.appUrl, run.wsUrl);
		await warmUp(page, run.variant, run.mqttUrl);
		if (run.variant === 'app') await showChartAndTree(page);
		await sleep(500);
		// The app's count on screen stops at the retention limit; follow committed ids instead.
		const read = async () =>
			run.variant === 'app'
				? { value: await committedNextId(page), at: 0 }
				: readCount(page, run.variant);
		const base = (await read()).value;
		const workers = await workerHeapSampler(browser);
		const heapStart = await pageHeap(page);
		const workerHeapStart = await workers.sample();
		await page.evaluate(() => /** @type {any} */ (window).__benchProbe.start());

		let count = { value: base, at: 0 };
		const windowMs = run.seconds * 1000;
		const flood = await startFlood(run.mqttUrl, {
			until: (_sent, elapsed) => elapsed >= windowMs,
			counted: () => count.value - base,
			backlog: run.backlog,
			topics: run.topics,
			payload: (n) => `{"v":${n},"t":${Date.now()}}`
		});
		let published = false;
		void flood.done.then(() => (published = true));
		/** Counted at the end of the window, and the page heap then. */
		let atWindowEnd = /** @type {{ value: number, heap: number | null } | undefined} */ (undefined);
		let lastChange = Date.now();
		for (;;) {
			const now = Date.now();
			if (published && !atWindowEnd) {
				atWindowEnd = { value: count.value - base, heap: await pageHeap(page) };
			}
			if (published && count.value - base >= flood.sent) break;
			if (now - flood.startedAt > windowMs + run.timeoutMs) break;
			if (published && now - lastChange > STALL_MS) break;
			await sleep(POLL_MS);
			const next = await read();
			if (next.value !== count.value) lastChange = Date.now();
			count = { value: next.value, at: next.at || lastChange };
		}
		await flood.done;
		/** @type {ProbeResult} */
		const frames = await page.evaluate(() => /** @type {any} */ (window).__benchProbe.stop());
		const heapEnd = await pageHeap(page);
		const workerHeapEnd = await workers.sample();
		await workers.close();
		const persisted = run.variant === 'app' ? (await committedNextId(page)) - base : null;
		const stored = run.variant === 'app' ? await countPersisted(page) : null;
		const shownCount =
			run.variant === 'app'
				? ((await page.getByTestId('message-count').textContent()) ?? '').trim()
				: null;
		const topicCount =
			run.variant === 'app'
				? Number(
						((await page.locator('[data-testid=topic-count]').textContent()) ?? '').replace(
							/\D/g,
							''
						)
					)
				: null;
		const received = count.value - base;
		const elapsedMs = Math.max(1, (count.at || Date.now()) - flood.startedAt);
		const windowCount = atWindowEnd?.value ?? received;
		return {
			variant: run.variant,
			round: run.round,
			sent: flood.sent,
			received,
			persisted,
			complete: received >= flood.sent && (persisted === null || persisted >= flood.sent),
			publishMs: flood.publishMs,
			throttledMs: flood.throttledMs,
			elapsedMs,
			/** Everything sent, counted, over first publish to last count change. */
			messagesPerSecond: Math.round((received / elapsedMs) * 1000),
			/** Counted while the publisher ran, over the window. */
			windowMessagesPerSecond: Math.round((windowCount / Math.max(1, flood.publishMs)) * 1000),
			frames,
			heapStartBytes: heapStart,
			heapWindowEndBytes: atWindowEnd?.heap ?? null,
			heapEndBytes: heapEnd,
			workerHeapStartBytes: workerHeapStart,
			workerHeapEndBytes: workerHeapEnd,
			topicCount,
			/** Records in IndexedDB at the end: at most about the retention limit. */
			stored,
			shownCount,
			errors
		};
	} finally {
		await context.close();
	}
}

/**
 * Waits in the page (checked every animation frame) until `selector` matches; returns
 * performance.now() then, i.e. ms since the page's navigation started.
 * @param {Page} page
 * @param {string} selector
 * @param {number} timeoutMs
 * @returns {Promise<number>}
 */
async function pageTimeWhen(page, selector, timeoutMs) {
	try {
		const handle = await page.waitForFunction(
			(sel) => (document.querySelector(sel) ? performance.now() : 0),
			selector,
			{ polling: 'raf', timeout: timeoutMs }
		);
		return /** @type {number} */ (await handle.jsonValue());
	} catch (error) {
		const shot = join(tmpdir(), `mqtt-scope-bench-${Date.now()}.png`);
		await page.screenshot({ path: shot }).catch(() => undefined);
		throw new Error(`${selector} never appeared (screenshot ${shot})`, { cause: error });
	}
}

/**
 * Applies one filter from the filter bar (Enter skips the typing debounce) and times it.
 * @param {Page} page
 * @param {{ name: string, field: 'topic' | 'text', value: string, waitDone: boolean,
 *   timeoutMs: number }} filter
 */
async function timeFilter(page, filter) {
	const input = page.getByTestId(filter.field === 'topic' ? 'filter-topic' : 'filter-text');
	await input.fill(filter.value);
	// The watch runs in the page from before the key press: every animation frame it notes when
	// the first matching row and "End of history" appear. It settles at the end of history, or
	// (when the end is not awaited) GRACE_MS after the first row: the list only searches on
	// while its end is near the screen, so the end may never come.
	const watch = page.evaluate(
		({ waitDone, timeoutMs }) =>
			new Promise((resolveWatch) => {
				const GRACE_MS = 3000;
				const t0 = performance.now();
				/** @type {number | null} */
				let row = null;
				const tick = () => {
					const now = performance.now();
					if (
						row === null &&
						document.querySelector('[data-testid=filtered-list] [data-testid=message-row]')
					)
						row = now - t0;
					const done = document.querySelector('[data-testid=filter-done]') ? now - t0 : null;
					const settled =
						done !== null ||
						now - t0 > timeoutMs ||
						(!waitDone && row !== null && now - t0 - row > GRACE_MS);
					if (settled) resolveWatch({ firstRowMs: row, doneMs: done });
					else requestAnimationFrame(tick);
				};
				requestAnimationFrame(tick);
			}),
		{ waitDone: filter.waitDone, timeoutMs: filter.timeoutMs }
	);
	await input.press('Enter');
	const { firstRowMs, doneMs } =
		/** @type {{ firstRowMs: number | null, doneMs: number | null }} */ (await watch);
	const status = ((await page.getByTestId('filter-count').textContent()) ?? '')
		.replace(/\s+/g, ' ')
		.trim();
	await page.getByTestId('filter-clear').click();
	await page.waitForSelector('[data-testid=message-list] [data-testid=message-row]', {
		timeout: 30_000
	});
	return { ...filter, firstRowMs, doneMs, status };
}

/**
 * (b) and (c): seeds `stored` messages through the broker into one profile, saves the profile,
 * then on fresh page loads times the first screen, filters and the NDJSON export.
 * @param {Browser} browser
 * @param {{ appUrl: string, wsUrl: string, mqttUrl: string, stored: number, topics: number,
 *   backlog: number, timeoutMs: number, exportToo: boolean }} run
 */
async function storedRun(browser, run) {
	const fresh = await freshPage(browser, {
		scripts: [installCountWatch],
		acceptDownloads: true,
		errors: ERRORS
	});
	const { context, errors } = fresh;
	let { page } = fresh;
	/** @param {Page} page */
	const watch = (page) => collectErrors(page, errors, ERRORS);
	try {
		await openSubscribed(page, 'app', run.appUrl, run.wsUrl);

		// Seed: every MARKER_EVERY-th payload carries the marker word.
		let count = { value: 0, at: 0 };
		const flood = await startFlood(run.mqttUrl, {
			until: (sent) => sent >= run.stored,
			counted: () => count.value,
			backlog: run.backlog,
			topics: run.topics,
			payload: (n) =>
				n % MARKER_EVERY === MARKER_EVERY - 1
					? `{"v":${n},"t":${Date.now()},"m":"${MARKER}"}`
					: `{"v":${n},"t":${Date.now()}}`
		});
		let lastChange = Date.now();
		let published = false;
		void flood.done.then(() => (published = true));
		while (count.value < run.stored) {
			if (Date.now() - flood.startedAt > run.timeoutMs) break;
			if (published && Date.now() - lastChange > STALL_MS) break;
			await sleep(200);
			const next = await readCount(page, 'app');
			if (next.value !== count.value) lastChange = Date.now();
			count = next;
		}
		await flood.done;
		const seedMs = (count.at || Date.now()) - flood.startedAt;
		const persisted = await countPersisted(page);
		console.log(
			`seeded ${fmt(count.value)} (IndexedDB ${fmt(persisted)}) in ${fmt(seedMs)} ms = ` +
				`${fmt((count.value / seedMs) * 1000)} msg/s`
		);

		await saveLinkProfile(page);
		await page.close();

		// (b) First screen on a fresh page load of the saved profile.
		page = await context.newPage();
		watch(page);
		await page.goto(`${run.appUrl}/`, { timeout: run.timeoutMs });
		const firstRowMs = await pageTimeWhen(
			page,
			'[data-testid=message-list] [data-testid=message-row]',
			run.timeoutMs
		);
		const shownCount = ((await page.getByTestId('message-count').textContent()) ?? '').trim();
		const topic = `bench/t${Math.floor(run.topics / 2)}`;
		const filters = [];
		for (const filter of /** @type {const} */ ([
			{ name: `topic ${topic} (exact)`, field: 'topic', value: topic, waitDone: false },
			{ name: 'topic bench/+ (all match)', field: 'topic', value: 'bench/+', waitDone: false },
			{
				name: `payload "${MARKER}" (1 in ${MARKER_EVERY})`,
				field: 'text',
				value: MARKER,
				waitDone: false
			},
			{ name: 'payload no match (full scan)', field: 'text', value: NO_MATCH, waitDone: true }
		])) {
			const result = await timeFilter(page, { ...filter, timeoutMs: run.timeoutMs });
			console.log(
				`  ${result.name}: first row ${fmt(result.firstRowMs)} ms, end ${fmt(result.doneMs)} ms ` +
					`(${result.status})`
			);
			filters.push(result);
		}

		/** @type {Record<string, unknown> | null} */
		let exported = null;
		if (run.exportToo) {
			await page.close();
			page = await context.newPage();
			watch(page);
			await page.goto(`${run.appUrl}/`);
			await pageTimeWhen(page, '[data-testid=message-list] [data-testid=message-row]', 60_000);
			exported = await timeExport(browser, page, run.timeoutMs);
		}
		return {
			stored: run.stored,
			seeded: count.value,
			persisted,
			seedMs,
			firstScreen: { firstRowMs, shownCount },
			filters,
			export: exported,
			errors
		};
	} finally {
		await context.close();
	}
}

/**
 * (c) Exports everything as NDJSON from the Export/import panel: time from the click to the
 * download, file size and lines, peak JS heap of the page (sampled in the page every 100 ms)
 * and of the engine worker (CDP, every ~100 ms).
 * @param {Browser} browser
 * @param {Page} page
 * @param {number} timeoutMs
 */
async function timeExport(browser, page, timeoutMs) {
	await page.getByRole('button', { name: 'Export / import' }).click();
	const workers = await workerHeapSampler(browser);
	const heapBefore = await pageHeap(page);
	const workerHeapBefore = await workers.sample();
	await page.evaluate(() => {
		/** @type {any} Page global read back below. */
		const w = window;
		w.__peakHeap = 0;
		w.__heapTimer = setInterval(() => {
			const used = /** @type {any} */ (performance).memory?.usedJSHeapSize ?? 0;
			if (used > w.__peakHeap) w.__peakHeap = used;
		}, 100);
	});
	let sampling = true;
	let workerPeak = workerHeapBefore ?? 0;
	const workerLoop = (async () => {
		while (sampling) {
			const bytes = await workers.sample();
			if (bytes !== null && bytes > workerPeak) workerPeak = bytes;
			await sleep(100);
		}
	})();
	const started = Date.now();
	const download = page.waitForEvent('download', { timeout: timeoutMs });
	await page.getByRole('button', { name: 'Export', exact: true }).click();
	const file = await download;
	const ms = Date.now() - started;
	sampling = false;
	await workerLoop;
	const pagePeak = await page.evaluate(() => {
		/** @type {any} */
		const w = window;
		clearInterval(w.__heapTimer);
		return w.__peakHeap;
	});
	await workers.close();
	const path = await file.path();
	const bytes = statSync(path).size;
	let lines = 0;
	for await (const chunk of createReadStream(path)) {
		for (const byte of /** @type {Buffer} */ (chunk)) if (byte === 10) lines++;
	}
	const message =
		(await page
			.getByTestId('export-result')
			.textContent()
			.catch(() => '')) ?? '';
	await file.delete();
	return {
		ms,
		bytes,
		lines,
		message: message.trim(),
		pageHeapBeforeBytes: heapBefore,
		pagePeakHeapBytes: pagePeak,
		workerHeapBeforeBytes: workerHeapBefore,
		workerPeakHeapBytes: workerPeak
	};
}

/** @param {number | null | undefined} b */
const mb = (b) => (b == null ? undefined : b / 2 ** 20);

/**
 * @param {ReturnType<typeof summarizeFirehose> | null} a
 * @param {Awaited<ReturnType<typeof storedRun>> | null} b
 */
function summaryRows(a, b) {
	/** @type {string[][]} */
	const rows = [['benchmark', 'measure', 'result', 'target']];
	if (a) {
		const { bare, app, ratio, seconds, topics } = a;
		rows.push(
			[
				`(a) firehose ${seconds} s, ${fmt(topics)} topics`,
				'bare page msg/s',
				fmt(bare.messagesPerSecond),
				''
			],
			['', 'app msg/s (list + tree + chart)', fmt(app.messagesPerSecond), ''],
			['', 'ratio app/bare', fmt(ratio, 3), `≥ ${TARGETS.minRatio}`],
			['', 'persisted / sent', `${fmt(app.persisted)} / ${fmt(app.sent)}`, 'all'],
			[
				'',
				'worst frame gap ms (gaps > 200)',
				`${fmt(app.worstFrameGapMs)} (${fmt(app.gapsOver200)})`,
				`≤ ${TARGETS.maxFrameGapMs}`
			],
			[
				'',
				'page heap MB start → end',
				`${fmt(mb(app.heapStartBytes), 1)} → ${fmt(mb(app.heapEndBytes), 1)}`,
				'bounded'
			],
			[
				'',
				'worker heap MB start → end',
				`${fmt(mb(app.workerHeapStartBytes), 1)} → ${fmt(mb(app.workerHeapEndBytes), 1)}`,
				'bounded'
			]
		);
	}
	if (b) {
		rows.push([
			`(b) ${fmt(b.stored)} stored`,
			'first row, fresh load (ms from navigation)',
			fmt(b.firstScreen.firstRowMs),
			''
		]);
		for (const f of b.filters) {
			rows.push([
				'',
				`${f.name}: first row ms${f.waitDone ? ' / end of history ms' : ''}`,
				f.waitDone ? `${fmt(f.firstRowMs)} / ${fmt(f.doneMs)}` : fmt(f.firstRowMs),
				''
			]);
		}
		const e = /** @type {any} */ (b.export);
		if (e) {
			rows.push(
				[`(c) export ${fmt(b.stored)} NDJSON`, 'time to download ms', fmt(e.ms), ''],
				['', 'file MB (lines)', `${fmt(mb(e.bytes), 1)} (${fmt(e.lines)})`, ''],
				[
					'',
					'peak heap MB page / worker',
					`${fmt(mb(e.pagePeakHeapBytes), 1)} / ${fmt(mb(e.workerPeakHeapBytes), 1)}`,
					''
				]
			);
		}
	}
	return rows;
}

/**
 * @param {Awaited<ReturnType<typeof firehoseOnce>>[]} runs
 * @param {number} seconds
 * @param {number} topics
 */
function summarizeFirehose(runs, seconds, topics) {
	/** @param {Variant} variant */
	const of = (variant) => {
		const mine = runs.filter((r) => r.variant === variant);
		return {
			runs: mine.length,
			complete: mine.every((r) => r.complete),
			sent: median(mine.map((r) => r.sent)),
			received: median(mine.map((r) => r.received)),
			persisted: variant === 'app' ? median(mine.map((r) => r.persisted)) : null,
			messagesPerSecond: median(mine.map((r) => r.messagesPerSecond)),
			windowMessagesPerSecond: median(mine.map((r) => r.windowMessagesPerSecond)),
			maxFrameGapMs: median(mine.map((r) => r.frames.maxGapMs)),
			worstFrameGapMs: Math.max(...mine.map((r) => r.frames.maxGapMs)),
			gapsOver200: median(mine.map((r) => r.frames.gapsOver200)),
			heapStartBytes: median(mine.map((r) => r.heapStartBytes)),
			heapEndBytes: median(mine.map((r) => r.heapEndBytes)),
			workerHeapStartBytes: median(mine.map((r) => r.workerHeapStartBytes)),
			workerHeapEndBytes: median(mine.map((r) => r.workerHeapEndBytes))
		};
	};
	const bare = of('bare');
	const app = of('app');
	const ratio =
		app.messagesPerSecond !== undefined && bare.messagesPerSecond
			? app.messagesPerSecond / bare.messagesPerSecond
			: undefined;
	return { seconds, topics, bare, app, ratio, runs };
}

async function main() {
	const options = readOptions();
	const { broker, server, browser, stop } = await startEnvironment({ root, build: options.build });
	try {
		console.log(
			`broker ${broker.wsUrl} (tcp ${broker.mqttUrl}), app ${server.url}, Chromium ${browser.version()}; ` +
				`${options.seconds} s firehose × ${options.rounds} round(s), ${fmt(options.topics)} topics, ` +
				`${fmt(options.stored)} stored`
		);
		const common = {
			appUrl: server.url,
			wsUrl: broker.wsUrl,
			mqttUrl: broker.mqttUrl,
			topics: options.topics,
			backlog: options.backlog,
			timeoutMs: options.timeoutMs
		};

		/** @type {ReturnType<typeof summarizeFirehose> | null} */
		let firehose = null;
		if (options.parts.a) {
			const runs = [];
			for (let round = 1; round <= options.rounds; round++) {
				for (const variant of /** @type {Variant[]} */ (['bare', 'app'])) {
					process.stdout.write(`(a) ${variant} #${round} … `);
					const r = await firehoseOnce(browser, {
						...common,
						variant,
						round,
						seconds: options.seconds
					});
					runs.push(r);
					console.log(
						`sent ${fmt(r.sent)}, counted ${fmt(r.received)} in ${fmt(r.elapsedMs)} ms = ` +
							`${fmt(r.messagesPerSecond)} msg/s (window ${fmt(r.windowMessagesPerSecond)}), ` +
							`max gap ${fmt(r.frames.maxGapMs)} ms, heap ${fmt(mb(r.heapStartBytes), 1)} → ` +
							`${fmt(mb(r.heapEndBytes), 1)} MB, worker ${fmt(mb(r.workerHeapStartBytes), 1)} → ` +
							`${fmt(mb(r.workerHeapEndBytes), 1)} MB` +
							`${r.persisted === null ? '' : `, persisted ${fmt(r.persisted)}`}` +
							`${r.complete ? '' : ' (INCOMPLETE)'}` +
							`${r.errors.length ? `, ${r.errors.length} page error(s)` : ''}`
					);
					for (const error of r.errors.slice(0, 5)) console.log(`    ${error}`);
				}
			}
			firehose = summarizeFirehose(runs, options.seconds, options.topics);
		}

		/** @type {Awaited<ReturnType<typeof storedRun>> | null} */
		let stored = null;
		if (options.parts.b) {
			console.log(`(b) seeding ${fmt(options.stored)} messages …`);
			stored = await storedRun(browser, {
				...common,
				stored: options.stored,
				exportToo: options.parts.c
			});
			if (stored.export) {
				const e = /** @type {any} */ (stored.export);
				console.log(
					`(c) export: ${fmt(e.ms)} ms, ${fmt(mb(e.bytes), 1)} MB, ${fmt(e.lines)} lines, peak heap ` +
						`page ${fmt(mb(e.pagePeakHeapBytes), 1)} MB, worker ${fmt(mb(e.workerPeakHeapBytes), 1)} MB`
				);
			}
			for (const error of stored.errors.slice(0, 5)) console.log(`    ${error}`);
		}

		const rows = summaryRows(firehose, stored);
		writeResult(RESULT_PATH, {
			date: new Date().toISOString(),
			node: process.version,
			chromium: browser.version(),
			params: {
				seconds: options.seconds,
				topics: options.topics,
				stored: options.stored,
				rounds: options.rounds,
				backlog: options.backlog,
				qos: 0,
				payload: '{"v":n,"t":Date.now()}',
				marker: { word: MARKER, every: MARKER_EVERY },
				filter: FILTER
			},
			firehose,
			stored,
			summary: rows
		});
		console.log(`\n${table(rows)}\n\n${markdown(rows)}`);
		console.log(`\nwrote ${RESULT_PATH.replace(`${root}/`, '')}`);
	} finally {
		await stop();
	}
}

await main();
