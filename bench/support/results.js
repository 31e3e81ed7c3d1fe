// @ts-check
/** How a benchmark writes its result file (bench/results/*.json). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname } from 'node:path';

/**
 * Writes `data` to `path` as tab-indented JSON with a final newline, making its folder first.
 * @param {string} path
 * @param {unknown} data
 */
export function writeResult(path, data) {
	mkdirSync(dirname(path), { recursive: true });
	writeFileSync(path, `${JSON.stringify(data, null, '\t')}\n`);
}

/**
 * When and where a run was made, for the head of its result: the date, Node, the cores and the
 * 1-minute load average at the start (`loadAtStart`) and now, since other work on a shared
 * machine shows up in the figures.
 * @param {number} loadAtStart
 */
export function runInfo(loadAtStart) {
	return {
		date: new Date().toISOString(),
		node: process.version,
		cores: availableParallelism(),
		loadAverage1m: { start: loadAtStart, end: loadavg()[0] }
	};
}
