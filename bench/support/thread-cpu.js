// @ts-check
/**
 * CPU time of browser threads by name, read from Linux's /proc: the engine worker's own cost
 * ("DedicatedWorker"), which Chromium's page metrics do not cover. Only processes started by this
 * Node process (the bench's own browser) count, so another browser on the machine does not.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** Clock ticks a second of /proc's utime and stime. */
const TICKS = (() => {
	try {
		return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
	} catch {
		return 100;
	}
})();

/**
 * The fields after a /proc stat line's command name (which may hold spaces and parentheses).
 * @param {string} path
 */
function statFields(path) {
	const line = readFileSync(path, 'utf8');
	return line.slice(line.lastIndexOf(')') + 2).split(' ');
}

/**
 * Whether a process descends from `ancestor` (walking parent ids).
 * @param {number} pid
 * @param {number} ancestor
 */
function descendsFrom(pid, ancestor) {
	for (let current = pid, hops = 0; current > 1 && hops < 16; hops++) {
		// After the command name: state (0), then the parent id (1).
		current = Number(statFields(`/proc/${current}/stat`)[1]);
		if (current === ancestor) return true;
	}
	return false;
}

/**
 * The ids of the processes this Node process started (its descendants), as /proc lists them now.
 * @returns {number[]}
 */
function ownProcesses() {
	return readdirSync('/proc')
		.map(Number)
		.filter((pid) => {
			try {
				return Number.isInteger(pid) && descendsFrom(pid, process.pid);
			} catch {
				return false; // The process ended while being read.
			}
		});
}

/**
 * The threads named `name` in processes this Node process started, each as "pid/tid".
 * @param {string} name a thread's name as /proc shows it (at most 15 characters)
 * @returns {string[]}
 */
export function threadIds(name) {
	if (!existsSync('/proc/self/task')) return [];
	const ids = [];
	for (const pid of ownProcesses()) {
		try {
			for (const tid of readdirSync(`/proc/${pid}/task`)) {
				if (readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim() === name) {
					ids.push(`${pid}/${tid}`);
				}
			}
		} catch {
			// The process or thread ended while being read.
		}
	}
	return ids;
}

/**
 * CPU ms (user and system) used so far by threads named `name` in processes this Node process
 * started, or only by those of them in `only` (ids from threadIds); undefined where /proc is not
 * there (not Linux). Threads that ended are not counted, so take the two readings of a difference
 * while the thread lives.
 * @param {string} name a thread's name as /proc shows it (at most 15 characters)
 * @param {readonly string[]} [only]
 * @returns {number | undefined}
 */
export function threadCpuMs(name, only) {
	if (!existsSync('/proc/self/task')) return undefined;
	let ticks = 0;
	for (const id of threadIds(name)) {
		if (only && !only.includes(id)) continue;
		const [pid, tid] = id.split('/');
		try {
			// utime and stime: fields 14 and 15 of the line, 11 and 12 after the name.
			const fields = statFields(`/proc/${pid}/task/${tid}/stat`);
			ticks += Number(fields[11]) + Number(fields[12]);
		} catch {
			// The thread ended while being read.
		}
	}
	return (ticks * 1000) / TICKS;
}

/**
 * CPU ms (user and system, all threads) used so far by the processes this Node process started,
 * summed by a name for each (`group(comm)`, undefined to leave one out); the bench's own process
 * is `bench`. Undefined where /proc is not there (not Linux). Processes that ended are not
 * counted, so take the two readings of a difference while they live.
 * @param {(comm: string) => string | undefined} group
 * @returns {Record<string, number> | undefined}
 */
export function processCpuMs(group) {
	if (!existsSync('/proc/self/stat')) return undefined;
	const own = process.cpuUsage();
	/** @type {Record<string, number>} */
	const ms = { bench: (own.user + own.system) / 1000 };
	for (const pid of ownProcesses()) {
		try {
			const name = group(readFileSync(`/proc/${pid}/comm`, 'utf8').trim());
			if (name === undefined) continue;
			const fields = statFields(`/proc/${pid}/stat`);
			ms[name] = (ms[name] ?? 0) + ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
		} catch {
			// The process ended while being read.
		}
	}
	return ms;
}
