// @ts-check
/**
 * Waiting for the machine to go quiet before timing a page load. A browser that has just
 * written millions of records into IndexedDB keeps compacting its LevelDB files for a while,
 * on the same cores as the page: loads timed then measured that compaction (the browser's own
 * start, before any app code ran, took two to three times as long), not the app.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Share of all cores' time spent idle over the next `ms` (Linux /proc/stat), or null elsewhere. */
async function idleShare(ms) {
	const read = () => {
		try {
			const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
			const ticks = fields.slice(1).map(Number);
			// Time waiting for the disk is not idle: compaction writes too.
			return { idle: ticks[3], total: ticks.reduce((a, b) => a + b, 0) };
		} catch {
			return null;
		}
	};
	const before = read();
	await sleep(ms);
	const after = read();
	if (!before || !after || after.total === before.total) return null;
	return (after.idle - before.idle) / (after.total - before.total);
}

/**
 * Resolves once the cores have been at least `idle` idle for `windows` seconds in a row, or after
 * `maxMs`; returns how long it waited and the last second's idle share (null off Linux).
 * @param {{ idle?: number, windows?: number, maxMs?: number }} [options]
 */
export async function waitForQuiet({ idle = 0.85, windows = 2, maxMs = 180_000 } = {}) {
	const start = Date.now();
	let quiet = 0;
	/** @type {number | null} */
	let share = null;
	while (Date.now() - start < maxMs) {
		share = await idleShare(1000);
		if (share === null) break;
		quiet = share >= idle ? quiet + 1 : 0;
		if (quiet >= windows) break;
	}
	return { waitedMs: Date.now() - start, idle: share };
}
