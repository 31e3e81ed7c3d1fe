// @ts-check
/** How a benchmark writes its result file (bench/results/*.json). */
import { mkdirSync, writeFileSync } from 'node:fs';
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
