// Texts of the series chart: window choices, axis titles from units, the tooltip's full time.
import { formatTime, isShowableTime, type TimeStyle } from '$lib/shared/history/time-format';

/** Window choices of the series chart (ms; 0 shows all loaded history). */
export const WINDOWS: readonly { ms: number; label: string }[] = [
	{ ms: 5 * 60_000, label: '5 min' },
	{ ms: 60 * 60_000, label: '1 h' },
	{ ms: 6 * 60 * 60_000, label: '6 h' },
	{ ms: 24 * 60 * 60_000, label: '24 h' },
	{ ms: 7 * 24 * 60 * 60_000, label: '7 d' },
	{ ms: 0, label: 'All' }
];

/** A window as a user reads it: "15 min", "2 h", "3 d" (windows from imported files may be any). */
export function windowLabel(ms: number): string {
	const known = WINDOWS.find((w) => w.ms === ms);
	if (known) return known.label;
	const round = (n: number) => String(Math.round(n * 10) / 10);
	if (ms < 60 * 60_000) return `${round(ms / 60_000)} min`;
	if (ms < 24 * 60 * 60_000) return `${round(ms / (60 * 60_000))} h`;
	return `${round(ms / (24 * 60 * 60_000))} d`;
}

/** A chart.js axis title listing the distinct units of the axis's series; hidden when none. */
export function axisTitle(units: (string | undefined)[], color: string) {
	const distinct = [...new Set(units.filter((u): u is string => !!u))];
	return { display: distinct.length > 0, text: distinct.join(', '), color };
}

/** Room a time label needs on the axis, with its gap: "4:05 PM" is about 50 px at 12 px. */
const LABEL_SLOT_PX = 72;

/**
 * How many time labels fit an axis `width` px wide, at most `max` and at least 2: chart.js's
 * own skipping lets long labels touch on a phone-wide chart.
 */
export function timeTickLimit(width: number, max: number): number {
	if (!Number.isFinite(width) || width <= 0) return Math.max(2, max);
	return Math.max(2, Math.min(max, Math.floor(width / LABEL_SLOT_PX)));
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Spacings a reader counts in: 1, 2, 5 … ms, then whole seconds, minutes, hours and days. */
const ROUND_STEPS = [
	1,
	2,
	5,
	10,
	20,
	50,
	100,
	200,
	500,
	SECOND,
	2 * SECOND,
	5 * SECOND,
	10 * SECOND,
	15 * SECOND,
	30 * SECOND,
	MINUTE,
	2 * MINUTE,
	5 * MINUTE,
	10 * MINUTE,
	15 * MINUTE,
	20 * MINUTE,
	30 * MINUTE,
	HOUR,
	2 * HOUR,
	3 * HOUR,
	6 * HOUR,
	12 * HOUR,
	DAY,
	2 * DAY,
	7 * DAY
];

/** The smallest round spacing that puts at most `limit` labels across `spanMs`. */
export function roundTimeStep(spanMs: number, limit: number): number {
	const wanted = spanMs / Math.max(1, limit);
	return ROUND_STEPS.find((step) => step >= wanted) ?? Math.ceil(wanted / DAY) * DAY;
}

/** Most ticks one axis is given, whatever its span and step (labels are far fewer): a guard. */
const MAX_TICKS = 1000;

/** The local time's offset from UTC at `time`, in ms (UTC+01:00 gives 3,600,000). */
const localOffset = (time: number) => -new Date(time).getTimezoneOffset() * MINUTE;

/**
 * The times in [min, max] that fall on a multiple of `stepMs` in local time ("4:10, 4:15", not
 * "4:07:59"): the time axis's ticks, made directly. chart.js's own walk a time unit at a time,
 * so an axis under a minute long made one tick per millisecond on every redraw.
 */
export function roundTickTimes(
	min: number,
	max: number,
	stepMs: number,
	localOffsetMs: (time: number) => number = localOffset
): number[] {
	if (!Number.isFinite(min) || !Number.isFinite(max) || !(stepMs > 0) || max < min) return [];
	const offset = localOffsetMs(min);
	const ticks: number[] = [];
	let time = Math.ceil((min + offset) / stepMs) * stepMs - offset;
	while (time <= max && ticks.length < MAX_TICKS) {
		ticks.push(time);
		// The local clock moves on by one step, also across a daylight-saving change (a day is
		// then 23 or 25 hours); a step into the hour that does not exist goes on past it.
		const next = time + stepMs;
		const kept = next + localOffsetMs(time) - localOffsetMs(next);
		time = kept > time ? kept : next;
	}
	return ticks;
}

/** "14:03:07.250 · Nov 25, 2026": the exact time of a point, for the hover read-out. */
export function formatFullTime(ms: number, style: TimeStyle): string {
	if (!isShowableTime(ms)) return '';
	// Always with milliseconds: the read-out is where the exact time is looked up.
	const time = formatTime(ms, style, { milliseconds: true });
	return `${time} · ${formatTime(ms, style, { date: 'year', clock: false })}`;
}
