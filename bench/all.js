// @ts-check
/**
 * `npm run bench` after the build: bench/ingest.js with the command line's flags (so
 * `npm run bench -- --rounds 3` works as before), then bench/charts.js, bench/dashboard.js,
 * bench/resume.js, bench/topics-memory.js, bench/list.js and bench/lighthouse.js with their
 * defaults (their own flags go through `npm run bench:charts -- …` and so on), then
 * bench/month.js and bench/scale.js scaled down to about ten minutes together (30,000 messages
 * one a batch, 1 million stored); BENCH_FULL=1 runs them at full scale (the whole month one
 * message a batch, which takes hours, and 10 million stored), then bench/first-screen.js. Stops
 * at the first that fails, like `&&`.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const help = args.includes('-h') || args.includes('--help');
const full = process.env.BENCH_FULL === '1';
for (const [script, scriptArgs] of /** @type {const} */ ([
	['ingest.js', args],
	['charts.js', help ? ['--help'] : []],
	['dashboard.js', help ? ['--help'] : []],
	['resume.js', help ? ['--help'] : []],
	['topics-memory.js', help ? ['--help'] : []],
	['list.js', help ? ['--help'] : []],
	['lighthouse.js', help ? ['--help'] : []],
	['month.js', help ? ['--help'] : []],
	['scale.js', help ? ['--help'] : full ? [] : ['--messages', '1000000']],
	['first-screen.js', help ? ['--help'] : []]
])) {
	const { status, signal } = spawnSync(process.execPath, [join(here, script), ...scriptArgs], {
		stdio: 'inherit'
	});
	if (status !== 0) process.exit(status ?? (signal ? 1 : 0));
}
