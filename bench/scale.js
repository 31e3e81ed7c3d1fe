// @ts-check
/**
 * `npm run bench:scale`: history at scale (issue #11): `--messages` (default 10 million, or as
 * many as the disk, the quota or `--minutes` of writing allow: the result says how many)
 * written through the app's ingest path in batches of 5,000 into a Chromium profile on disk,
 * over 1,000 topics. Measures, on fresh page loads:
 *  - the first screen (target < 200 ms after navigation start): the median of the loads after
 *    the browser's first, which is reported apart (it waits for the browser to open the
 *    database's files, hundreds of ms at this size, as after a phone has closed the browser);
 *  - the first row filtered by one exact topic (target < 200 ms after Enter);
 *  - a jump to the oldest message: the list scrolled to its end until its rows are drawn
 *    (target < 500 ms), and the storage read behind it (readPage of the oldest 100).
 * Writes bench/results/scale.json.
 */
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServices } from './support/environment.js';
import { buildHarness, openHarness } from './support/harness-page.js';
import {
	diskContext,
	finishRun,
	firstScreen,
	indexedDbBytes,
	preparedProfile,
	stream,
	timeJumpToOldest,
	timeTopicFilter
} from './support/stored-history.js';
import { count, parseOptions } from './support/options.js';
import { waitForQuiet } from './support/quiet.js';
import { fmt, median } from './support/report.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULT_PATH = join(root, 'bench/results/scale.json');
const TOPICS = 1000;
const PER_BATCH = 5000;
const TARGETS = { firstScreenMs: 200, topicFilterMs: 200, oldestMs: 500 };
/** Fresh loads timed: the browser's first, then the ones the median is taken of. */
const LOADS = 5;

const USAGE = `Usage: npm run bench:scale -- [options]   (or: node bench/scale.js after a build)

  --messages <n>   messages to store (default 10000000); fewer if the quota runs out
  --minutes <n>    stop writing after this long, and measure what is stored (default 60)
  --timeout <s>    cap on any single wait in the browser (default 600)
  -h, --help       show this help`;

function readOptions() {
	const { timeout, ...options } = parseOptions(USAGE, {
		messages: count('10000000'),
		minutes: count('60'),
		timeout: count('600')
	});
	return { ...options, timeoutMs: timeout * 1000 };
}

async function main() {
	const options = readOptions();
	const loadAtStart = loadavg()[0];
	const harness = await buildHarness(root);
	const { broker, server, defer, stop } = await startServices({ root });
	const env = { appUrl: server.url, wsUrl: broker.wsUrl, harness };
	try {
		console.log(
			`scale: ${fmt(options.messages)} messages over ${fmt(TOPICS)} topics; ` +
				`${availableParallelism()} cores, load average ${fmt(loadAtStart, 2)}`
		);
		const first = await diskContext();
		defer(first.close);
		const profileId = await preparedProfile(first.page, env);
		await first.page.evaluate((plan) => /** @type {any} */ (window).__historyHarness.start(plan), {
			profileId,
			startTime: Date.now() - options.messages * 100,
			stepMs: PER_BATCH * 100,
			perTick: PER_BATCH,
			topics: TOPICS,
			retention: { maxMessages: 1e9, maxMegabytes: 1e6, maxAgeDays: 0 }
		});
		/** @type {string | null} */
		let stopped = null;
		let written = { ms: 0, sent: 0, now: 0 };
		try {
			written = await stream(first.page, {
				ticks: Math.ceil(options.messages / PER_BATCH),
				perTick: PER_BATCH,
				label: 'stored',
				deadline: Date.now() + options.minutes * 60_000
			});
		} catch (error) {
			// A full disk or quota ends the run with what was stored.
			stopped = error instanceof Error ? error.message : String(error);
			console.log(`  writing stopped: ${stopped}`);
		}
		const meta = await first.page.evaluate(
			(id) => /** @type {any} */ (window).__historyHarness.meta(id),
			profileId
		);
		await first.quit();
		const bytes = indexedDbBytes(first.dir);
		console.log(
			`  stored ${fmt(meta.total)} messages in ${fmt(meta.segments)} segments, ` +
				`${fmt(written.ms / 1000, 1)} s, ${fmt(bytes / 1e6)} MB on disk`
		);

		const disk = await diskContext(first.dir);
		defer(disk.quit);
		const { page } = disk;
		await openHarness(page, env.appUrl, harness);
		/** @param {number} skip */
		const read = (skip) =>
			page.evaluate(
				({ id, skip }) => /** @type {any} */ (window).__historyHarness.page(id, skip, 100),
				{ id: profileId, skip }
			);
		const newestRead = await read(0);
		const oldestRead = await read(meta.total - 100);
		const middleRead = await read(Math.floor(meta.total / 2));
		console.log(
			`  readPage: newest ${fmt(newestRead.ms, 1)} ms, oldest ${fmt(oldestRead.ms, 1)} ms ` +
				`(ids ${oldestRead.ids.join('…')}), middle ${fmt(middleRead.ms, 1)} ms`
		);
		await page.evaluate(() => /** @type {any} */ (window).__historyHarness.close());

		const opens = [];
		const filters = [];
		const jumps = [];
		for (let i = 0; i < LOADS; i++) {
			const quiet = await waitForQuiet();
			const open = await firstScreen(page, env.appUrl, options.timeoutMs);
			await sleep(1000);
			await waitForQuiet();
			const filterMs = await timeTopicFilter(
				page,
				`field/device${(i * 337) % TOPICS}/telemetry`,
				options.timeoutMs
			);
			await sleep(500);
			const jump = await timeJumpToOldest(page, options.timeoutMs);
			console.log(
				`  load ${i + 1} (after ${fmt(quiet.waitedMs / 1000, 1)} s waiting for idle cores): ` +
					`first screen ${fmt(open.firstRowMs)} ms (${open.shown}), topic filter ` +
					`${fmt(filterMs)} ms, end of list ${fmt(jump.ms)} ms showing #${fmt(jump.oldestShown)}`
			);
			opens.push(open);
			filters.push(filterMs);
			jumps.push(jump);
		}

		const result = {
			messages: meta.total,
			segments: meta.segments,
			stopped,
			writeMs: written.ms,
			diskBytes: bytes,
			firstScreenMs: median(opens.slice(1).map((o) => o.firstRowMs)),
			firstLoadMs: opens[0].firstRowMs,
			firstScreens: opens,
			topicFilterMs: median(filters),
			oldestMs: median(jumps.map((j) => j.ms)),
			oldestShown: jumps.map((j) => j.oldestShown),
			reads: { newest: newestRead, oldest: oldestRead, middle: middleRead },
			errors: disk.errors
		};
		const rows = [
			[`${fmt(result.messages)} messages`, 'result', 'target'],
			['segments', fmt(result.segments), ''],
			['disk (MB)', fmt(bytes / 1e6), ''],
			[
				`first screen (ms from navigation), median of loads 2-${LOADS}`,
				fmt(result.firstScreenMs),
				`< ${TARGETS.firstScreenMs}`
			],
			["first screen, the browser's first load (opens the files)", fmt(result.firstLoadMs), ''],
			[
				'filtered by one topic: first row (ms)',
				fmt(result.topicFilterMs),
				`< ${TARGETS.topicFilterMs}`
			],
			[
				`list scrolled to its end: rows drawn (ms), oldest shown #${fmt(Math.min(...result.oldestShown))}`,
				fmt(result.oldestMs),
				`< ${TARGETS.oldestMs}`
			],
			['storage read of the oldest 100 (ms)', fmt(oldestRead.ms, 1), ''],
			['storage read of 100 in the middle (ms)', fmt(middleRead.ms, 1), '']
		];
		finishRun({
			path: RESULT_PATH,
			root,
			loadAtStart,
			params: { ...options, topics: TOPICS, perBatch: PER_BATCH },
			targets: TARGETS,
			result,
			rows
		});
	} finally {
		await stop();
	}
}

await main();
