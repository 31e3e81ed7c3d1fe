/**
 * Where a chart line breaks instead of bridging a gap (issue #5): across a time the connection
 * was down, and across a silence much longer than the line's usual interval between points.
 */
import { upperBound } from '../history/line-buffer';

/** A silence breaks the line when it is longer than this many usual intervals… */
export const SILENCE_FACTOR = 5;
/** …and longer than this (ms): a 10 Hz sensor pausing for 0.6 s is not a gap worth showing. */
export const MIN_SILENCE_MS = 1000;
/** Intervals looked at to estimate the usual one; a sample keeps 1,000,000 points cheap. */
const MEDIAN_SAMPLE = 2001;

/** A time the connection was down (arrival time, ms), as in SeriesPage.gaps. */
export interface ConnectionGap {
	from: number;
	to: number;
}

/** How sensitive silence detection is. */
export interface BreakOptions {
	silenceFactor?: number;
	minSilenceMs?: number;
}

/** Where to look for breaks: from point `from` on, with a silence threshold already known. */
export interface BreakRange {
	from?: number;
	/** Silence threshold in ms (see `silenceThreshold`); computed from `times` when absent. */
	threshold?: number;
}

/** The silence (ms) that breaks a line: `silenceFactor` × its median interval, at least `minSilenceMs`. */
export function silenceThreshold(times: ArrayLike<number>, options: BreakOptions = {}): number {
	return Math.max(
		(options.silenceFactor ?? SILENCE_FACTOR) * medianInterval(times),
		options.minSilenceMs ?? MIN_SILENCE_MS
	);
}

/**
 * Indices i where the line breaks before point i (ascending, each in 1..length-1), for points
 * sorted by `times`: (a) the arrivals of points i-1 and i lie on both sides of (or within) a
 * connection gap; (b) times[i] - times[i-1] exceeds the silence threshold. With `range.from`,
 * only breaks before points from there on (so live points can be checked alone).
 */
export function findBreaks(
	times: ArrayLike<number>,
	arrivals: ArrayLike<number>,
	gaps: readonly ConnectionGap[],
	options: BreakOptions = {},
	range: BreakRange = {}
): number[] {
	const n = times.length;
	const breaks: number[] = [];
	if (n < 2) return breaks;
	const threshold = range.threshold ?? silenceThreshold(times, options);
	const sorted = mergeGaps(gaps);
	const gapEnds = sorted.map((gap) => gap.to);
	for (let i = Math.max(1, range.from ?? 1); i < n; i++) {
		if (times[i] - times[i - 1] > threshold) {
			breaks.push(i);
			continue;
		}
		if (sorted.length === 0) continue;
		// Arrivals need not follow time order (jittered timestamps), so take the pair's span.
		const a = arrivals[i - 1];
		const b = arrivals[i];
		const lo = a < b ? a : b;
		const hi = a < b ? b : a;
		// The first gap ending after lo is the only one that can start before hi.
		const g = upperBound(gapEnds, lo);
		if (g < sorted.length && sorted[g].from < hi) breaks.push(i);
	}
	return breaks;
}

/** Number of unbroken pieces a line of `length` points with these breaks is drawn in. */
export function runCount(length: number, breaks: readonly number[]): number {
	return length === 0 ? 0 : breaks.length + 1;
}

/**
 * The median of the positive intervals between consecutive times, from an evenly spread sample
 * of at most MEDIAN_SAMPLE intervals; 0 when there are none.
 */
export function medianInterval(times: ArrayLike<number>): number {
	const intervals = times.length - 1;
	if (intervals < 1) return 0;
	const step = Math.max(1, intervals / MEDIAN_SAMPLE);
	const sample: number[] = [];
	for (let k = 0; k < intervals; k += step) {
		const i = Math.floor(k) + 1;
		const d = times[i] - times[i - 1];
		// Equal times (a burst, or a device sending twice) say nothing about the usual pace.
		if (d > 0) sample.push(d);
	}
	if (sample.length === 0) return 0;
	sample.sort((x, y) => x - y);
	const mid = sample.length >> 1;
	return sample.length % 2 ? sample[mid] : (sample[mid - 1] + sample[mid]) / 2;
}

/** Gaps sorted by start with overlapping ones merged, so their ends are sorted too. */
function mergeGaps(gaps: readonly ConnectionGap[]): ConnectionGap[] {
	const sorted = gaps.filter((g) => g.to >= g.from).sort((x, y) => x.from - y.from);
	const merged: ConnectionGap[] = [];
	for (const gap of sorted) {
		const last = merged[merged.length - 1];
		if (last && gap.from <= last.to) last.to = Math.max(last.to, gap.to);
		else merged.push({ from: gap.from, to: gap.to });
	}
	return merged;
}
