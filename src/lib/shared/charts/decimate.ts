/**
 * Min-max decimation of one chart line for a time range: at most two points per pixel-wide
 * bucket (the lowest and the highest, in time order), so spikes survive and 1,000,000 points
 * draw as ~2 × width. chart.js's own decimation plugin drops points pushed after it kicks in
 * (chart.js #11929), so charts decimate here and replace their data arrays.
 */
import { lowerBound, upperBound } from '../history/line-buffer';

/** A chart.js point ({x: ms, y}); y null breaks the line (with spanGaps false). */
export interface ChartPoint {
	x: number;
	y: number | null;
}

/**
 * The points to draw of a line sorted by time, over [from, to] in `buckets` buckets: the first
 * and last point inside the range, one point just outside each edge (so the line reaches the
 * chart's edges), and per bucket its min and max in time order. `breaks` (ascending indices i:
 * the line breaks before point i, see series-gaps.ts) become {x, y: null} between the two points.
 * Ranges with few points are returned whole.
 */
export function decimate(
	times: ArrayLike<number>,
	values: ArrayLike<number>,
	from: number,
	to: number,
	buckets: number,
	breaks: readonly number[] = []
): ChartPoint[] {
	const n = times.length;
	const out: ChartPoint[] = [];
	if (n === 0 || !(to >= from)) return out;
	const firstIn = lowerBound(times, from);
	const lastIn = upperBound(times, to) - 1;
	const a = Math.max(0, firstIn - 1);
	const b = Math.min(n - 1, lastIn + 1);
	let nextBreak = upperBound(breaks, a);
	const breakAt = (i: number): boolean => {
		if (nextBreak < breaks.length && breaks[nextBreak] === i) {
			nextBreak++;
			return true;
		}
		return false;
	};
	const gap = (i: number) => out.push({ x: (times[i - 1] + times[i]) / 2, y: null });

	if (b - a + 1 <= 2 * buckets + 4) {
		for (let i = a; i <= b; i++) {
			if (i > a && breakAt(i)) gap(i);
			out.push({ x: times[i], y: values[i] });
		}
		return out;
	}

	const scale = buckets / (to - from || 1);
	let bucket = NaN;
	let minI = -1;
	let maxI = -1;
	const flush = () => {
		if (minI < 0) return;
		const first = minI < maxI ? minI : maxI;
		const second = minI < maxI ? maxI : minI;
		out.push({ x: times[first], y: values[first] });
		if (second !== first) out.push({ x: times[second], y: values[second] });
		minI = -1;
		maxI = -1;
	};
	for (let i = a; i <= b; i++) {
		if (i > a && breakAt(i)) {
			flush();
			gap(i);
		}
		// Edge points are kept as they are: each is its own group.
		if (i === a || i === firstIn || i === lastIn || i === b) {
			flush();
			out.push({ x: times[i], y: values[i] });
			bucket = NaN;
			continue;
		}
		let k = Math.floor((times[i] - from) * scale);
		if (k >= buckets) k = buckets - 1;
		if (k !== bucket) {
			flush();
			bucket = k;
		}
		const v = values[i];
		if (minI < 0) {
			minI = i;
			maxI = i;
		} else if (v < values[minI]) minI = i;
		else if (v > values[maxI]) maxI = i;
	}
	flush();
	return out;
}
