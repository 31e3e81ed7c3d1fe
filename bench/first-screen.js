// @ts-check
/**
 * `npm run bench:first-screen`: history's first screen (issue #11: < 200 ms after navigation
 * start) on its own, in about two minutes: `--messages` (default 20,000) written through the
 * app's ingest path into a Chromium profile on disk, then `--rounds` rounds of fresh loads a
 * viewport (phone 390×844, desktop 1400×900, as bench/scale.js) timed as bench/scale.js and
 * bench/month.js time them (stored-history.js firstScreen: performance.now() in the first
 * animation frame after the first row of the message list is added). The time is the app's own
 * start, not the history's size: the same few reads at any size. The app marks
 * `first-screen:start` as its scripts start, `:db` once its database is open, and `:layout`,
 * `:profiles` and `:history` when each of the three things the first screen waits on is ready
 * (src/hooks.client.ts); their medians say which one was last.
 * Each round opens the app two ways: a launch, from a blank tab (as the home-screen icon or a
 * new tab opens it: no page of the app to take down first), and a reload from the app's own
 * page, whose teardown takes the new page's main thread for 25–40 ms before its HTML is parsed.
 * With `--baseline <build dir>` (e.g. a build of main) every load is also made on that build,
 * in turn, on the same origin and IndexedDB, and the ratio is reported.
 * Writes bench/results/first-screen.json.
 */
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServices } from './support/environment.js';
import { buildHarness } from './support/harness-page.js';
import {
	diskContext,
	finishRun,
	FIRST_SCREEN_MARKS,
	firstScreen,
	medianMarks,
	preparedProfile,
	stream
} from './support/stored-history.js';
import { count, directory, parseOptions } from './support/options.js';
import { waitForQuiet } from './support/quiet.js';
import { fmt, median } from './support/report.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULT_PATH = join(root, 'bench/results/first-screen.json');
const TARGET_MS = 200;
const PER_BATCH = 5000;
const TOPICS = 100;
const VIEWPORTS = /** @type {const} */ ([
	['phone', { width: 390, height: 844 }],
	['desktop', { width: 1400, height: 900 }]
]);

const USAGE = `Usage: npm run bench:first-screen -- [options]   (or: node bench/first-screen.js after a build)

  --messages <n>   messages stored before the loads (default 20000)
  --rounds <n>     rounds a viewport and build, a launch and a reload each (default 7)
  --baseline <dir> also load this build (e.g. main's), in turn, and report the ratio
  --timeout <s>    cap on any single wait in the browser (default 120)
  -h, --help       show this help`;

function readOptions() {
	const { timeout, ...options } = parseOptions(USAGE, {
		messages: count('20000'),
		rounds: count('7'),
		baseline: directory(),
		timeout: count('120')
	});
	return { ...options, timeoutMs: timeout * 1000 };
}

/** How a load opens the app: from a blank tab, or from the app's page (a reload). */
const OPENS = /** @type {const} */ (['launch', 'reload']);

/**
 * One fresh load of the build served now (the baseline's at its own address: the browser
 * keeps index.html for a while, and must not start one build from the other's), the first
 * row's time and the app's first-screen marks (absent on a build without them), ms from
 * navigation start.
 * @param {import('playwright-core').Page} page
 * @param {string} appUrl
 * @param {boolean} baseline
 * @param {(typeof OPENS)[number]} open
 * @param {number} timeoutMs
 */
async function timedLoad(page, appUrl, baseline, open, timeoutMs) {
	const path = baseline ? '/?baseline' : '/';
	if (open === 'launch') await page.goto('about:blank');
	const { firstRowMs, marks } = await firstScreen(page, appUrl, timeoutMs, path);
	// Let the page settle (the engine's start, the list's later chunks) before the next load.
	await sleep(500);
	return { firstRowMs, marks };
}

/** @param {{ firstRowMs: number, marks: Record<string, number> }[]} loads */
function summary(loads) {
	return {
		firstRowMs: median(loads.map((l) => l.firstRowMs)),
		loads: loads.map((l) => Math.round(l.firstRowMs)),
		marks: medianMarks(loads)
	};
}

async function main() {
	const options = readOptions();
	const loadAtStart = loadavg()[0];
	const harness = await buildHarness(root);
	const { broker, server, defer, stop } = await startServices({ root });
	const env = { appUrl: server.url, wsUrl: broker.wsUrl, harness };
	try {
		console.log(
			`first screen: ${fmt(options.messages)} messages, ${options.rounds} rounds ` +
				`(launch and reload) a viewport${options.baseline ? ' and build' : ''}; ${availableParallelism()} cores, ` +
				`load average ${fmt(loadAtStart, 2)}`
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
		await stream(first.page, {
			ticks: Math.ceil(options.messages / PER_BATCH),
			perTick: PER_BATCH,
			label: 'stored'
		});
		await first.page.evaluate(() => /** @type {any} */ (window).__historyHarness.close());
		await first.quit();

		const disk = await diskContext(first.dir);
		defer(disk.quit);
		// The browser compacts what was just written for a while; the loads wait for that.
		await waitForQuiet();
		const { page } = disk;
		/** @type {Record<string, any>} */
		const results = {};
		for (const [name, viewport] of VIEWPORTS) {
			await page.setViewportSize(viewport);
			/** @typedef {Awaited<ReturnType<typeof timedLoad>>[]} Loads */
			/** @type {Record<string, { ours: Loads, base: Loads }>} */
			const loads = Object.fromEntries(OPENS.map((open) => [open, { ours: [], base: [] }]));
			// One untimed load of each build first: neither pays the first load's cold caches.
			for (const build of options.baseline ? [options.baseline, undefined] : [undefined]) {
				server.serve(build);
				await timedLoad(page, env.appUrl, !!build, 'reload', options.timeoutMs);
			}
			for (let i = 0; i < options.rounds; i++) {
				// Alternate which build goes first, so neither always follows the other.
				const order = i % 2 ? [undefined, options.baseline] : [options.baseline, undefined];
				for (const build of options.baseline ? order : [undefined]) {
					server.serve(build);
					for (const open of OPENS) {
						const load = await timedLoad(page, env.appUrl, !!build, open, options.timeoutMs);
						loads[open][build ? 'base' : 'ours'].push(load);
					}
				}
			}
			server.serve();
			results[name] = Object.fromEntries(
				OPENS.map((open) => {
					const { ours, base } = loads[open];
					const r = { ours: summary(ours), base: options.baseline ? summary(base) : null };
					console.log(
						`  ${name} ${open}: first screen ${r.ours.loads.join(', ')} ms` +
							(r.base ? `; baseline ${r.base.loads.join(', ')} ms` : '')
					);
					return [open, r];
				})
			);
		}

		/** @param {number | null} ms */
		const ms = (ms) => (ms === null ? '–' : fmt(ms));
		const rows = [
			['first screen (ms from navigation), median', 'this build', 'baseline', 'ratio', 'target'],
			...VIEWPORTS.flatMap(([name]) =>
				OPENS.flatMap((open) => {
					const { ours, base } = results[name][open];
					return [
						[
							`${name} ${open}: first row`,
							ms(ours.firstRowMs),
							base ? ms(base.firstRowMs) : '',
							base ? fmt(ours.firstRowMs / base.firstRowMs, 2) : '',
							`< ${TARGET_MS}`
						],
						...FIRST_SCREEN_MARKS.map((mark) => [
							`${name} ${open}: ${mark} ready`,
							ms(ours.marks[mark]),
							base ? ms(base.marks[mark]) : '',
							'',
							''
						])
					];
				})
			)
		];
		finishRun({
			path: RESULT_PATH,
			root,
			loadAtStart,
			params: { ...options, topics: TOPICS },
			targets: { firstScreenMs: TARGET_MS },
			result: { ...results, errors: disk.errors },
			rows
		});
	} finally {
		await stop();
	}
}

await main();
