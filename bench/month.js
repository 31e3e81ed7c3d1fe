// @ts-check
/**
 * `npm run bench:month`: a month of field telemetry (issue #11): 2.6 million messages at
 * 1 msg/s, written through the app's ingest path (Ingest → HistoryKeeper → storage) with an
 * injected clock, into a Chromium profile on disk. Measures:
 *  - segments stored (target ≤ 3,000) and the cost of one message a batch;
 *  - disk bytes a message when each message is its own batch, against the same messages as a
 *    flood (target within 1.2×);
 *  - a retention pass (target < 50 ms), with nothing due and removing a day;
 *  - the history's first screen on a fresh load (target < 200 ms after navigation start);
 *  - a chart of one device over the month (target: drawn < 500 ms after its tab is opened), and
 *    one of every device (`field/+/telemetry`); then the chart of every device again with its
 *    segments read whole (their samples deleted), as a history written before samples is read.
 * One message a batch costs a transaction each: the first `--trickle` messages arrive that way
 * (all of them with --trickle equal to --messages, or BENCH_FULL=1), the rest of the month in
 * batches of 1,000 at the same 1 msg/s clock (the layout does not depend on it: see
 * src/lib/storage/segments.spec.ts). With `--baseline <build dir>` (e.g. a build of main) the
 * first screens and the chart are timed on both builds in turn, on the same origin and the same stored
 * history, and the table gives their ratio: on a shared machine the ratio means more than the
 * times. Bytes a message are given twice: the app's own (the history-meta row's byte count of
 * the segment rows as written) and the disk's (LevelDB files, which keep replaced rows until
 * a compaction). Writes bench/results/month.json.
 */
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServices } from './support/environment.js';
import { buildHarness, openHarness } from './support/harness-page.js';
import { chartStates, chartTile, openDashboard, putDashboard } from './support/charts-page.js';
import {
	diskContext,
	finishRun,
	firstScreen,
	medianMarks,
	storedBytes,
	levelDbBookkeepingBytes,
	preparedProfile,
	stream
} from './support/stored-history.js';
import { count, directory, parseOptions, positiveInt, valued } from './support/options.js';
import { waitForQuiet } from './support/quiet.js';
import { fmt, median } from './support/report.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULT_PATH = join(root, 'bench/results/month.json');
const DAY = 86_400_000;
const TOPICS = 10;
const TARGETS = {
	maxSegments: 3000,
	firstScreenMs: 200,
	chartDrawMs: 500,
	retentionMs: 50,
	bytesRatio: 1.2
};

const USAGE = `Usage: npm run bench:month -- [options]   (or: node bench/month.js after a build)

  --messages <n>   the month's messages at 1 msg/s (default 2600000)
  --trickle <n>    how many of them arrive one message a batch (default 30000;
                   BENCH_FULL=1 makes it all of them: hours on a 2-core machine)
  --baseline <dir> also time the first screens and the chart on this build (e.g. main's), in turn
  --timeout <s>    cap on any single wait in the browser (default 600)
  -h, --help       show this help`;

function readOptions() {
	const { messages, trickle, baseline, timeout } = parseOptions(USAGE, {
		messages: count('2600000'),
		// BENCH_FULL=1 makes it all of them, whatever is given.
		trickle: valued(undefined, (value, name) =>
			process.env.BENCH_FULL === '1' ? Infinity : positiveInt(value ?? '30000', name)
		),
		baseline: directory(),
		timeout: count('600')
	});
	return { messages, trickle: Math.min(messages, trickle), baseline, timeoutMs: timeout * 1000 };
}

/** The policy of the month's profile: keeps a month (the app's default keeps 1,000,000). */
const RETENTION = { maxMessages: 3_000_000, maxMegabytes: 2000, maxAgeDays: 31 };

/**
 * Writes `count` messages one a second ending about now, `perTick` a batch, into a fresh
 * profile on disk, and quits the browser; returns the context (to reopen or close), its
 * profile, the stream's figures, the stored history's meta and its bytes on disk. Bytes are
 * counted once the browser has quit, so what IndexedDB keeps in memory is on disk.
 * @param {{ appUrl: string, wsUrl: string, harness: string }} env
 * @param {{ count: number, perTick: number, startTime: number, label: string }} plan
 */
async function written(env, { count, perTick, startTime, label }) {
	const disk = await diskContext();
	const profileId = await preparedProfile(disk.page, env);
	await start(disk.page, profileId, startTime, perTick);
	const run = await stream(disk.page, { ticks: Math.ceil(count / perTick), perTick, label });
	const meta = await metaOf(disk.page, profileId);
	await disk.quit();
	const bytes = storedBytes(disk.dir);
	return { disk, profileId, run, meta, bytes, ownBytes: levelDbBookkeepingBytes(disk.dir) };
}

/**
 * (Re)starts the harness' stream into a profile at 1 msg/s, `perTick` messages a batch.
 * @param {import('playwright-core').Page} page
 * @param {string} profileId
 * @param {number} startTime
 * @param {number} perTick
 */
function start(page, profileId, startTime, perTick) {
	return page.evaluate((plan) => /** @type {any} */ (window).__historyHarness.start(plan), {
		profileId,
		startTime,
		stepMs: perTick * 1000,
		perTick,
		topics: TOPICS,
		retention: RETENTION
	});
}

/** @param {import('playwright-core').Page} page @param {string} profileId */
const metaOf = (page, profileId) =>
	page.evaluate((id) => /** @type {any} */ (window).__historyHarness.meta(id), profileId);

/**
 * Where a build is loaded: the baseline at an address of its own, so the browser never starts
 * one build from the other's cached index.html (the server sends no cache headers).
 * @param {string | undefined} build
 */
const pathOf = (build) => (build ? '/?baseline' : '/');

/**
 * Times `rounds` first screens, in turn with the baseline build when there is one (the server
 * switches builds on one origin), so both see the same load on the machine: one untimed load of
 * each first (a fresh browser's first load opens caches and the database files), then rounds
 * that alternate which build goes first.
 * @param {import('playwright-core').Page} page
 * @param {import('./support/server.js').BenchServer} server
 * @param {string | undefined} baseline
 * @param {number} rounds
 * @param {number} timeoutMs
 */
async function firstScreens(page, server, baseline, rounds, timeoutMs) {
	/** @type {{ firstRowMs: number, shown: string, marks: Record<string, number> }[]} */
	const ours = [];
	/** @type {{ firstRowMs: number, shown: string, marks: Record<string, number> }[]} */
	const base = [];
	/** @param {string | undefined} build @param {typeof ours | undefined} into */
	const open = async (build, into) => {
		server.serve(build);
		await waitForQuiet();
		const screen = await firstScreen(page, server.url, timeoutMs, pathOf(build));
		into?.push(screen);
		server.serve();
	};
	await open(undefined, undefined);
	if (baseline) await open(baseline, undefined);
	for (let i = 0; i < rounds; i++) {
		if (!baseline) await open(undefined, ours);
		else if (i % 2 === 0) {
			await open(undefined, ours);
			await open(baseline, base);
		} else {
			await open(baseline, base);
			await open(undefined, ours);
		}
	}
	return { ours, base };
}

/**
 * Opens the month's chart `rounds` times on fresh loads, in turn with the baseline build when
 * there is one (which goes first alternates, as for the first screens). A build without the
 * overview has drawn the whole month only once every page is read (settled).
 * @param {import('playwright-core').Page} page
 * @param {import('./support/server.js').BenchServer} server
 * @param {string | undefined} baseline
 * @param {number} rounds
 * @param {number} timeoutMs
 * @param {string} label
 */
async function chartOpens(page, server, baseline, rounds, timeoutMs, label) {
	/** @type {ChartOpen[]} */
	const ours = [];
	/** @type {ChartOpen[]} */
	const base = [];
	/** @param {string | undefined} build @param {ChartOpen[] | null} into (null: untimed) */
	const open = async (build, into) => {
		server.serve(build);
		await page.goto(`${server.url}${pathOf(build)}`, { timeout: timeoutMs });
		await page.waitForSelector('[data-testid=message-count]', { timeout: 30_000 });
		await sleep(1000);
		await waitForQuiet();
		const opened = await openDashboard(page, { expectPoints: 1, timeoutMs });
		// The legend counts a line's points in the chart's next drawn frame, which can come after
		// the progress bar (the read) is gone: count once two looks agree.
		let points = -1;
		for (let seen = await legendPoints(page); seen !== points; seen = await legendPoints(page)) {
			points = seen;
			await sleep(500);
		}
		console.log(
			`  ${label}${build ? ' (baseline)' : ''}${into ? '' : ' (untimed)'}: first draw ` +
				`${fmt(opened.firstDrawMs)} ms, ` +
				`the month drawn (overview) ${fmt(opened.overviewMs)} ms, first page ` +
				`${fmt(opened.readyMs)} ms, settled ${fmt(opened.loadedMs)} ms, ${fmt(points)} points`
		);
		into?.push({ ...opened, points });
	};
	// Each build stays served until the next reload: an open chart still loads chunks of its own.
	// One untimed open of each first: the first chart after the writing paid cold caches (the
	// first of three opens took 1.5-2× the others, for whichever build went first).
	for (const build of baseline ? [baseline, undefined] : [undefined]) await open(build, null);
	for (let i = 0; i < rounds; i++) {
		if (baseline && i % 2 === 1) await open(baseline, base);
		await open(undefined, ours);
		if (baseline && i % 2 === 0) await open(baseline, base);
	}
	server.serve();
	return { ours, base };
}

/**
 * @typedef {Awaited<ReturnType<typeof openDashboard>> & { points: number }} ChartOpen
 */

/**
 * Points the dashboard's charts say they hold (their legends' counts).
 * @param {import('playwright-core').Page} page
 */
async function legendPoints(page) {
	const states = await chartStates(page);
	return states.reduce((n, c) => n + c.lines.reduce((m, l) => m + l.points, 0), 0);
}

/**
 * Medians of a chart's opens.
 * @param {ChartOpen[]} opens
 */
const chartFigures = (opens) => ({
	firstDrawMs: median(opens.map((c) => c.firstDrawMs ?? Infinity)),
	monthDrawMs: median(opens.map((c) => c.overviewMs ?? Infinity)),
	readyMs: median(opens.map((c) => c.readyMs ?? Infinity)),
	settledMs: median(opens.map((c) => c.loadedMs ?? Infinity)),
	points: opens[0].points
});

/**
 * The table's rows for one chart, with its ratios to the baseline's when there is one.
 * @param {string} name
 * @param {ReturnType<typeof chartFigures>} ours
 * @param {ReturnType<typeof chartFigures> | undefined} base
 */
const chartRows = (name, ours, base) => [
	[`${name}: first draw, the newest page (ms)`, fmt(ours.firstDrawMs), ''],
	[
		`${name}: the whole month drawn from its overview (ms)`,
		fmt(ours.monthDrawMs),
		`< ${TARGETS.chartDrawMs}`
	],
	[`${name}: settled (ms), ${fmt(ours.points)} points`, fmt(ours.settledMs), ''],
	...(base
		? [
				[
					`${name} on the baseline: month drawn / settled (ms)`,
					`${fmt(base.monthDrawMs)} / ${fmt(base.settledMs)}`,
					''
				],
				[
					`${name}, this build / baseline: month drawn / settled`,
					`${fmt(ours.monthDrawMs / base.monthDrawMs, 2)} / ${fmt(ours.settledMs / base.settledMs, 2)}`,
					'< 1'
				]
			]
		: [])
];

/**
 * Deletes a profile's segment samples (src/lib/storage/db.ts SegmentSample), so its overviews
 * read every segment whole, as those of a history written before samples.
 * @param {import('playwright-core').Page} page
 * @param {string} profileId
 */
const deleteSamples = (page, profileId) =>
	page.evaluate(
		(id) =>
			new Promise((resolveDelete, reject) => {
				const open = indexedDB.open('mqtt-scope');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const tx = db.transaction('segment-samples', 'readwrite');
					tx.objectStore('segment-samples').delete(
						IDBKeyRange.bound([id, -Infinity], [id, Infinity])
					);
					tx.oncomplete = () => {
						db.close();
						resolveDelete(undefined);
					};
					tx.onerror = () => reject(tx.error);
				};
			}),
		profileId
	);

/** @param {{ firstRowMs: number }[]} opens */
const medianMs = (opens) => median(opens.map((o) => o.firstRowMs));

/**
 * Closes the harness' connection and the page's, so the files are settled and the app can
 * open the database.
 * @param {import('playwright-core').Page} page
 */
const closeHarness = (page) =>
	page.evaluate(() => /** @type {any} */ (window).__historyHarness.close());

async function main() {
	const options = readOptions();
	const loadAtStart = loadavg()[0];
	const harness = await buildHarness(root);
	const { broker, server, defer, stop } = await startServices({ root });
	// The harness runs where the engine runs, so a slow stream goes through the keeper's journal.
	const env = { appUrl: server.url, wsUrl: broker.wsUrl, harness, harnessInWorker: true };
	try {
		console.log(
			`month: ${fmt(options.messages)} messages at 1 msg/s, ${fmt(options.trickle)} of them ` +
				`one a batch; ${availableParallelism()} cores, load average ${fmt(loadAtStart, 2)}`
		);
		const startTime = Date.now() - options.messages * 1000;

		// The same messages as a flood, for the bytes a message.
		const flood = await written(env, {
			count: options.trickle,
			perTick: 1000,
			startTime,
			label: 'flood'
		});
		const { meta: floodMeta, bytes: floodBytes, ownBytes: floodOwnBytes } = flood;
		await flood.disk.close();

		// One message a batch, through the real ingest path.
		const month = await written(env, {
			count: options.trickle,
			perTick: 1,
			startTime,
			label: 'one a batch'
		});
		const { meta: trickleMeta, bytes: trickleBytes, ownBytes: trickleOwnBytes } = month;
		const disk = await diskContext(month.disk.dir);
		defer(disk.close);
		const { page } = disk;
		// Which file a "404" console error was about, so a page error can be traced to it.
		page.on('response', (response) => {
			if (response.status() >= 400) disk.errors.push(`${response.status()}: ${response.url()}`);
		});
		// The first screen with a short history: what loading the app costs on this machine.
		const short = await firstScreens(page, server, options.baseline, 4, options.timeoutMs);
		await openHarness(page, env.appUrl, harness, { inWorker: true });
		const trickle = {
			messages: trickleMeta.total,
			segments: trickleMeta.segments,
			msPerMessage: month.run.ms / trickleMeta.total,
			bytesPerMessage: trickleBytes / trickleMeta.total,
			floodSegments: floodMeta.segments,
			floodBytesPerMessage: floodBytes / floodMeta.total,
			// The same without LevelDB's LOG and MANIFEST (see levelDbBookkeepingBytes).
			tableBytesPerMessage: (trickleBytes - trickleOwnBytes) / trickleMeta.total,
			floodTableBytesPerMessage: (floodBytes - floodOwnBytes) / floodMeta.total,
			storedBytesPerMessage: trickleMeta.bytes / trickleMeta.total,
			floodStoredBytesPerMessage: floodMeta.bytes / floodMeta.total
		};
		console.log(
			`  one a batch: ${fmt(trickle.messages)} messages in ${fmt(trickle.segments)} segments, ` +
				`${fmt(trickle.msPerMessage, 2)} ms a message, ${fmt(trickle.bytesPerMessage)} B a message ` +
				`on disk, ${fmt(trickle.storedBytesPerMessage)} B stored (flood: ${fmt(trickle.floodSegments)} ` +
				`segments, ${fmt(trickle.floodBytesPerMessage)} B on disk, ` +
				`${fmt(trickle.floodStoredBytesPerMessage)} B stored); without LevelDB's LOG and ` +
				`MANIFEST ${fmt(trickle.tableBytesPerMessage)} / ${fmt(trickle.floodTableBytesPerMessage)} B`
		);

		// The rest of the month, a thousand a batch on the same clock.
		const rest = options.messages - options.trickle;
		if (rest > 0) {
			await start(page, month.profileId, trickleMeta.lastTime, 1000);
			const more = await stream(page, {
				ticks: Math.ceil(rest / 1000),
				perTick: 1000,
				label: 'rest of the month'
			});
			console.log(`  rest: ${fmt(rest)} messages in ${fmt(more.ms / 1000, 1)} s`);
		}
		const meta = await metaOf(page, month.profileId);
		const now = meta.lastTime;
		/** @param {typeof RETENTION} policy */
		const pass = (policy) =>
			page.evaluate(
				({ id, policy, now }) =>
					/** @type {any} */ (window).__historyHarness.retention(id, policy, now),
				{ id: month.profileId, policy, now }
			);
		const idle = [];
		for (let i = 0; i < 5; i++) idle.push((await pass(RETENTION)).ms);
		const dayOff = await pass({
			...RETENTION,
			maxAgeDays: Math.floor(options.messages / 86_400) - 1
		});
		const after = await metaOf(page, month.profileId);
		console.log(
			`  ${fmt(meta.total)} messages in ${fmt(meta.segments)} segments; retention pass ` +
				`${fmt(median(idle), 1)} ms (nothing due), ${fmt(dayOff.ms, 1)} ms removing ` +
				`${fmt(dayOff.removed)} (a day)`
		);
		await closeHarness(page);

		const long = await firstScreens(page, server, options.baseline, 4, options.timeoutMs);
		const opens = long.ours;
		console.log(
			`  first screen: ${opens.map((o) => fmt(o.firstRowMs)).join(', ')} ms (${opens[0].shown})` +
				(options.baseline
					? `; baseline ${long.base.map((o) => fmt(o.firstRowMs)).join(', ')} ms`
					: '')
		);
		// Which of what the first screen waits on came last (medians of this build's marks).
		const marks = medianMarks(opens);
		const shortMarks = medianMarks(short.ours);
		console.log(
			`  marks, month / short: ` +
				Object.keys(marks)
					.map((name) => `${name} ${fmt(marks[name] ?? NaN)} / ${fmt(shortMarks[name] ?? NaN)}`)
					.join(', ') +
				' ms'
		);

		/**
		 * Opens a chart of `topicFilter` over the month, as `label`, on both builds in turn (on
		 * this build alone when `baseline` is false).
		 */
		const monthChart = async (
			/** @type {string} */ topicFilter,
			/** @type {string} */ label,
			baseline = options.baseline
		) => {
			const series = [{ topicFilter, path: 'temperature', unit: '°C' }];
			await putDashboard(page, month.profileId, [chartTile('month', 'Month', series, 31 * DAY)]);
			const opened = await chartOpens(page, server, baseline, 3, options.timeoutMs, label);
			return {
				ours: chartFigures(opened.ours),
				base: opened.base.length ? chartFigures(opened.base) : undefined
			};
		};
		const chart = await monthChart('field/device0/telemetry', 'chart');
		// Every device: the topic index walked one cursor a device instead of listed.
		const wildcard = await monthChart('field/+/telemetry', 'wildcard chart');
		// The same chart with every segment read whole, as a history written before segments had
		// samples is read (and as builds before them read every history): this build, the same
		// data, its samples deleted. A baseline older than the samples cannot open this database.
		await deleteSamples(page, month.profileId);
		const whole = await monthChart('field/+/telemetry', 'wildcard chart, read whole', undefined);

		// Disk bytes of the whole month, once the browser has quit.
		await disk.quit();
		const monthBytes = storedBytes(disk.dir);

		const result = {
			bytesPerMessage: monthBytes / after.total,
			shortFirstScreenMs: medianMs(short.ours),
			baseline: options.baseline
				? {
						build: options.baseline,
						firstScreenMs: medianMs(long.base),
						shortFirstScreenMs: medianMs(short.base),
						firstScreens: long.base,
						chart: chart.base,
						wildcardChart: wildcard.base
					}
				: undefined,
			messages: meta.total,
			segments: meta.segments,
			trickle,
			retention: { idleMs: median(idle), dayMs: dayOff.ms, dayRemoved: dayOff.removed, after },
			firstScreenMs: medianMs(opens),
			firstScreens: opens,
			chart: chart.ours,
			wildcardChart: wildcard.ours,
			wildcardChartReadWhole: whole.ours,
			errors: disk.errors
		};
		const rows = [
			['month (1 msg/s, 10 devices)', 'result', 'target'],
			['messages stored', fmt(result.messages), ''],
			['segments', fmt(result.segments), `≤ ${fmt(TARGETS.maxSegments)}`],
			[
				`segments after ${fmt(trickle.messages)} one a batch`,
				fmt(trickle.segments),
				`flood: ${fmt(trickle.floodSegments)}`
			],
			['ms a message, one a batch', fmt(trickle.msPerMessage, 2), ''],
			[
				'stored bytes a message (history-meta), one a batch / flood',
				`${fmt(trickle.storedBytesPerMessage)} / ${fmt(trickle.floodStoredBytesPerMessage)} = ` +
					`${fmt(trickle.storedBytesPerMessage / trickle.floodStoredBytesPerMessage, 2)}×`,
				`≤ ${TARGETS.bytesRatio}×`
			],
			[
				'disk bytes a message, one a batch / flood',
				`${fmt(trickle.bytesPerMessage)} / ${fmt(trickle.floodBytesPerMessage)} = ` +
					`${fmt(trickle.bytesPerMessage / trickle.floodBytesPerMessage, 2)}×`,
				`≤ ${TARGETS.bytesRatio}×`
			],
			[
				"the same without LevelDB's LOG and MANIFEST",
				`${fmt(trickle.tableBytesPerMessage)} / ${fmt(trickle.floodTableBytesPerMessage)} = ` +
					`${fmt(trickle.tableBytesPerMessage / trickle.floodTableBytesPerMessage, 2)}×`,
				''
			],
			[
				'retention pass, nothing due (ms)',
				fmt(result.retention.idleMs, 1),
				`< ${TARGETS.retentionMs}`
			],
			[
				`retention pass removing a day (${fmt(dayOff.removed)}) (ms)`,
				fmt(dayOff.ms, 1),
				`< ${TARGETS.retentionMs}`
			],
			[
				`disk bytes a message, the whole month (${fmt(after.total)} after retention)`,
				fmt(result.bytesPerMessage),
				''
			],
			[
				'first screen (ms from navigation)',
				fmt(result.firstScreenMs),
				`< ${TARGETS.firstScreenMs}`
			],
			[
				`first screen with ${fmt(trickle.messages)} stored (ms): the app's own load`,
				fmt(result.shortFirstScreenMs),
				''
			],
			...(result.baseline
				? [
						[
							'first screen on the baseline build, month / short (ms)',
							`${fmt(result.baseline.firstScreenMs)} / ${fmt(result.baseline.shortFirstScreenMs)}`,
							''
						],
						[
							'first screen, this build / baseline, month / short',
							`${fmt(result.firstScreenMs / result.baseline.firstScreenMs, 2)} / ` +
								fmt(result.shortFirstScreenMs / result.baseline.shortFirstScreenMs, 2),
							'< 1'
						]
					]
				: []),
			...chartRows('chart of one device', result.chart, result.baseline?.chart),
			...chartRows(
				'chart of every device (+)',
				result.wildcardChart,
				result.baseline?.wildcardChart
			),
			[
				'chart of every device, segments read whole (no samples): month drawn / settled (ms)',
				`${fmt(whole.ours.monthDrawMs)} / ${fmt(whole.ours.settledMs)}`,
				''
			],
			[
				'chart of every device, samples / read whole: month drawn / settled',
				`${fmt(wildcard.ours.monthDrawMs / whole.ours.monthDrawMs, 2)} / ` +
					fmt(wildcard.ours.settledMs / whole.ours.settledMs, 2),
				'< 1'
			]
		];
		finishRun({
			path: RESULT_PATH,
			root,
			loadAtStart,
			params: { ...options, topics: TOPICS, retention: RETENTION },
			targets: TARGETS,
			result,
			rows
		});
	} finally {
		await stop();
	}
}

await main();
