/**
 * Reads broker statistics out of $SYS topic values. Mosquitto publishes $SYS/broker/...
 * (https://mosquitto.org/man/mosquitto-8.html, "Broker Status"); EMQX uses
 * $SYS/brokers/<node>/...; other brokers may publish nothing there at all.
 */

/** What the broker panel shows; a field is undefined when the broker does not publish it. */
export interface SysStats {
	version?: string;
	/** Seconds since the broker started. */
	uptime?: number;
	clientsConnected?: number;
	messagesInPerSecond?: number;
	messagesOutPerSecond?: number;
	bytesInPerSecond?: number;
	bytesOutPerSecond?: number;
}

/** One counter reading, kept to turn running totals into rates. */
interface Reading {
	value: number;
	time: number;
}

/** Counters older than this without a change count as idle: the rate falls to 0. */
const IDLE_MS = 60_000;

const RATES = [
	['messagesInPerSecond', 'messages/received'],
	['messagesOutPerSecond', 'messages/sent'],
	['bytesInPerSecond', 'bytes/received'],
	['bytesOutPerSecond', 'bytes/sent']
] as const;

/**
 * Turns successive $SYS snapshots into statistics. Rates come from Mosquitto's 1-minute load
 * averages when present (they are per minute), else from the change of the running totals.
 * Mosquitto publishes a total only when it changed, and only every sys_interval (10 s by
 * default), so a rate spans the time between two different readings, not between snapshots.
 */
export class SysStatsTracker {
	#last = new Map<string, Reading>();
	#rates = new Map<string, number>();

	/** The statistics after a new snapshot of $SYS values taken at `time` (ms). */
	update(values: Record<string, string>, time: number): SysStats {
		const stats: SysStats = {
			version: find(values, 'version'),
			uptime: parseNumber(find(values, 'uptime')),
			clientsConnected: parseNumber(
				values['$SYS/broker/clients/connected'] ??
					values['$SYS/broker/clients/active'] ??
					find(values, 'clients/connected') ??
					find(values, 'stats/connections/count')
			)
		};
		for (const [field, path] of RATES) {
			const load = parseNumber(values[`$SYS/broker/load/${path}/1min`]);
			stats[field] = load !== undefined ? load / 60 : this.#rate(path, values, time);
		}
		return stats;
	}

	#rate(path: string, values: Record<string, string>, time: number): number | undefined {
		const total = parseNumber(values[`$SYS/broker/${path}`] ?? find(values, path));
		if (total === undefined) return undefined;
		const last = this.#last.get(path);
		if (!last || total < last.value) {
			// First reading, or the broker restarted and its totals began again.
			this.#last.set(path, { value: total, time });
			return undefined;
		}
		if (total !== last.value && time > last.time) {
			this.#rates.set(path, ((total - last.value) * 1000) / (time - last.time));
			this.#last.set(path, { value: total, time });
		} else if (time - last.time > IDLE_MS) {
			this.#rates.set(path, 0);
		}
		return this.#rates.get(path);
	}
}

/** A figure of the broker panel, each fed by its own $SYS topics. */
export type SysFigure = keyof SysStats;

/** Every figure, in the order the panel shows them. */
export const SYS_FIGURES: readonly SysFigure[] = [
	'version',
	'uptime',
	'clientsConnected',
	'messagesInPerSecond',
	'messagesOutPerSecond',
	'bytesInPerSecond',
	'bytesOutPerSecond'
];

/**
 * The figures none of whose $SYS topics is among `values`: the broker does not publish them
 * (Aedes publishes only client events; a broker may leave out load or byte counters), as
 * opposed to a rate that is published but needs a second reading before it can be shown.
 */
export function unpublishedFigures(values: Record<string, string>): SysFigure[] {
	const has = (path: string) => find(values, path) !== undefined;
	const published: Record<SysFigure, boolean> = {
		version: has('version'),
		uptime: has('uptime'),
		clientsConnected:
			has('clients/connected') || has('clients/active') || has('stats/connections/count'),
		messagesInPerSecond: false,
		messagesOutPerSecond: false,
		bytesInPerSecond: false,
		bytesOutPerSecond: false
	};
	for (const [field, path] of RATES) {
		published[field] = has(`load/${path}/1min`) || has(path);
	}
	return SYS_FIGURES.filter((figure) => !published[figure]);
}

/** Mosquitto's "$SYS/broker/<path>" or another broker's "$SYS/brokers/<node>/<path>". */
function find(values: Record<string, string>, path: string): string | undefined {
	const own = values[`$SYS/broker/${path}`];
	if (own !== undefined) return own;
	const suffix = `/${path}`;
	for (const [topic, value] of Object.entries(values)) {
		if (topic.startsWith('$SYS/brokers/') && topic.endsWith(suffix)) return value;
	}
	return undefined;
}

/** The leading number of a value such as "1234 seconds" or "12.5". */
function parseNumber(text: string | undefined): number | undefined {
	if (text === undefined) return undefined;
	const match = /^\s*(-?\d+(?:\.\d+)?)/.exec(text);
	return match ? Number(match[1]) : undefined;
}

/** An uptime in seconds as "3 d 4 h", "4 h 12 min", "12 min 5 s" or "5 s". */
export function formatUptime(seconds: number): string {
	const s = Math.floor(seconds);
	const d = Math.floor(s / 86400);
	const h = Math.floor((s % 86400) / 3600);
	const m = Math.floor((s % 3600) / 60);
	if (d > 0) return `${d} d ${h} h`;
	if (h > 0) return `${h} h ${m} min`;
	if (m > 0) return `${m} min ${s % 60} s`;
	return `${s} s`;
}

/** A rate with one decimal below 10 and none above, e.g. "3.4", "120". */
export function formatRate(value: number | undefined): string {
	if (value === undefined) return '—';
	return value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en');
}
