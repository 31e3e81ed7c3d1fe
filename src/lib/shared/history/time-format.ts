/**
 * The one way the app writes a clock time (message rows, details, gap markers, the alert log,
 * chart axes and read-outs, the topic tree), so the user's choice of 24-hour or 12-hour time and
 * of milliseconds holds everywhere. Never throws: a time that is not a finite number inside the
 * range a Date can hold (±8.64e15 ms) is written as TIME_UNKNOWN.
 */

/** How the user wants clock times written (Settings; kept on the device). */
export interface TimeStyle {
	/** 'system' follows the browser's language; '24' and '12' force that clock. */
	hourCycle: 'system' | '24' | '12';
	/** Whether message times carry milliseconds. */
	milliseconds: boolean;
}

/** The style before the user chooses: the system's clock, with milliseconds (a debugging tool). */
export const DEFAULT_TIME_STYLE: TimeStyle = { hourCycle: 'system', milliseconds: true };

/** What is written for a time that cannot be shown (not a number, or out of a Date's range). */
export const TIME_UNKNOWN = 'time unknown';

/** Which parts of a moment to write besides hours and minutes. */
export interface TimeParts {
	/** 'day' adds "Nov 25", 'year' adds "Nov 25, 2026"; none by default. */
	date?: 'day' | 'year';
	/** Seconds; true by default. */
	seconds?: boolean;
	/** Overrides the style's milliseconds (false for coarse times such as gap markers). */
	milliseconds?: boolean;
	/** Hours and minutes only when false (a date alone, e.g. an axis spanning days). */
	clock?: boolean;
	/** Hours without a leading zero ("3:05 PM"): shorter, for axis labels; not for lists. */
	compact?: boolean;
}

/** ECMAScript's limit for a Date (§21.4.1.22): 100,000,000 days either side of 1970. */
const MAX_DATE_MS = 8.64e15;

// Creating an Intl.DateTimeFormat is slow; a list of thousands of rows reuses a handful.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Whether `ms` can be written as a time. */
export function isShowableTime(ms: unknown): ms is number {
	return typeof ms === 'number' && Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS;
}

/**
 * `ms` (since the epoch) written in the user's style and the browser's language (or `locale`),
 * e.g. "14:03:07.250", "2:03:07.250 PM", "Nov 25, 14:03". TIME_UNKNOWN when it cannot be shown.
 */
export function formatTime(
	ms: number,
	style: TimeStyle,
	parts: TimeParts = {},
	locale?: string
): string {
	if (!isShowableTime(ms)) return TIME_UNKNOWN;
	try {
		return formatter(style, parts, locale).format(ms);
	} catch {
		// An unknown locale tag or an engine without an option: fall back to ISO, still readable.
		return new Date(ms).toISOString().replace('T', ' ').replace('Z', ' UTC');
	}
}

/** `ms` as ISO 8601 for a datetime attribute or a tooltip; undefined when it is no time. */
export function isoTime(ms: number): string | undefined {
	return isShowableTime(ms) ? new Date(ms).toISOString() : undefined;
}

/** Whether the browser's language (or `locale`) writes times on a 12-hour clock. */
export function systemUses12Hour(locale?: string): boolean {
	try {
		const cycle = new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hourCycle;
		return cycle === 'h11' || cycle === 'h12';
	} catch {
		return false;
	}
}

/** Whether a stored value is a TimeStyle (anything else is replaced by the default). */
export function isTimeStyle(value: unknown): value is TimeStyle {
	if (typeof value !== 'object' || value === null) return false;
	const v = value as Record<string, unknown>;
	return (
		(v.hourCycle === 'system' || v.hourCycle === '24' || v.hourCycle === '12') &&
		typeof v.milliseconds === 'boolean'
	);
}

/**
 * A time-axis label for a tick at `ms` when ticks are `stepMs` apart: only as precise as the
 * step needs ("14:05" for minutes, "14:05:30" for seconds, "Nov 25" for days), so labels stay
 * short enough for a phone-wide chart.
 */
export function formatAxisTime(ms: number, stepMs: number, style: TimeStyle, locale?: string) {
	const step = Number.isFinite(stepMs) && stepMs > 0 ? stepMs : 60_000;
	if (step >= 86_400_000) return formatTime(ms, style, { date: 'day', clock: false }, locale);
	const seconds = step < 60_000;
	const milliseconds = step < 1000 && style.milliseconds;
	return formatTime(ms, style, { seconds, milliseconds, compact: true }, locale);
}

function formatter(style: TimeStyle, parts: TimeParts, locale?: string): Intl.DateTimeFormat {
	const key = JSON.stringify([locale, style.hourCycle, style.milliseconds, parts]);
	let found = formatters.get(key);
	if (!found) {
		found = new Intl.DateTimeFormat(locale, options(style, parts));
		formatters.set(key, found);
	}
	return found;
}

function options(style: TimeStyle, parts: TimeParts): Intl.DateTimeFormatOptions {
	const out: Intl.DateTimeFormatOptions = {};
	if (parts.date) {
		out.month = 'short';
		out.day = 'numeric';
		if (parts.date === 'year') out.year = 'numeric';
	}
	if (parts.clock === false) return out;
	// Two-digit hours keep a list's times in one column; labels may be shorter.
	out.hour = parts.compact ? 'numeric' : '2-digit';
	out.minute = '2-digit';
	// 'h23' rather than hour12: false, which some engines map to 'h24' ("24:05" after midnight).
	if (style.hourCycle === '24') out.hourCycle = 'h23';
	if (style.hourCycle === '12') out.hourCycle = 'h12';
	if (parts.seconds !== false) {
		out.second = '2-digit';
		if (parts.milliseconds ?? style.milliseconds) out.fractionalSecondDigits = 3;
	}
	return out;
}
