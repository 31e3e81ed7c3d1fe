/**
 * The points of one chart line in memory: times, values and arrival times in Float64Arrays,
 * kept sorted by time, growing at both ends (older history pages in front, live points at the
 * back) in amortized O(1) per point.
 *
 * Pages never overlap (they are read by record id), so nothing is deduplicated. Payload
 * timestamps jitter, though: a device's clock or a queued message can put a point slightly
 * before one already stored. Such a point is inserted where it belongs by moving the few points
 * after it (or before it, when prepending), so out-of-order points cost O(distance moved) —
 * cheap for jitter, and correct (if slow) for anything else.
 */

/** Room made for the first points; the storage then doubles as needed. */
const INITIAL_CAPACITY = 256;

/** One page of points, oldest first (the shape of a SeriesLine). */
export interface LinePoints {
	times: ArrayLike<number>;
	values: ArrayLike<number>;
	arrivals: ArrayLike<number>;
}

/** A growable, time-sorted buffer of one line's points. */
export class LineBuffer {
	#times = new Float64Array(INITIAL_CAPACITY);
	#values = new Float64Array(INITIAL_CAPACITY);
	#arrivals = new Float64Array(INITIAL_CAPACITY);
	/** Points live in [#start, #end) of the arrays; room on both sides lets either end grow. */
	#start = INITIAL_CAPACITY / 2;
	#end = INITIAL_CAPACITY / 2;
	#reshapes = 0;

	/** Number of points. */
	get length(): number {
		return this.#end - this.#start;
	}

	/** Times (ms) of the points, sorted; a view that is valid until the next change. */
	get times(): Float64Array {
		return this.#times.subarray(this.#start, this.#end);
	}

	/** Values of the points, in the order of `times`; a view valid until the next change. */
	get values(): Float64Array {
		return this.#values.subarray(this.#start, this.#end);
	}

	/** Arrival times of the points, in the order of `times`; a view valid until the next change. */
	get arrivals(): Float64Array {
		return this.#arrivals.subarray(this.#start, this.#end);
	}

	/** Time of the first point, or NaN when empty. */
	get firstTime(): number {
		return this.length ? this.#times[this.#start] : NaN;
	}

	/** Time of the last point, or NaN when empty. */
	get lastTime(): number {
		return this.length ? this.#times[this.#end - 1] : NaN;
	}

	/**
	 * Counts every change other than an in-order append (prepends, inserts, clears). While it
	 * stays the same, the points an earlier look saw are where they were: work on them (such
	 * as finding line breaks) need only look at what was appended.
	 */
	get reshapes(): number {
		return this.#reshapes;
	}

	/** Value of the newest point (by time), or NaN when empty. */
	get lastValue(): number {
		return this.length ? this.#values[this.#end - 1] : NaN;
	}

	/** Adds newer points (oldest first) at the end, inserting any that are out of time order. */
	append(page: LinePoints): void {
		const n = page.times.length;
		if (n === 0) return;
		this.#reserveBack(n);
		for (let i = 0; i < n; i++) {
			const t = page.times[i];
			let at = this.#end;
			// Usual case: in order. Otherwise walk back to after the last point not later than t.
			if (at > this.#start && this.#times[at - 1] > t) {
				this.#reshapes++;
				at = upperBound(this.#times, t, this.#start, this.#end);
				this.#times.copyWithin(at + 1, at, this.#end);
				this.#values.copyWithin(at + 1, at, this.#end);
				this.#arrivals.copyWithin(at + 1, at, this.#end);
			}
			this.#times[at] = t;
			this.#values[at] = page.values[i];
			this.#arrivals[at] = page.arrivals[i];
			this.#end++;
		}
	}

	/** Adds older points (oldest first) in front, inserting any that are out of time order. */
	prepend(page: LinePoints): void {
		const n = page.times.length;
		if (n === 0) return;
		this.#reshapes++;
		this.#reserveFront(n);
		// Newest of the page first, so each point goes in front of the ones already placed.
		for (let i = n - 1; i >= 0; i--) {
			const t = page.times[i];
			let at = this.#start - 1;
			if (this.#start < this.#end && this.#times[this.#start] < t) {
				// Goes before the first point later than t: shift the earlier points one left.
				const before = upperBound(this.#times, t, this.#start, this.#end);
				this.#times.copyWithin(this.#start - 1, this.#start, before);
				this.#values.copyWithin(this.#start - 1, this.#start, before);
				this.#arrivals.copyWithin(this.#start - 1, this.#start, before);
				at = before - 1;
			}
			this.#times[at] = t;
			this.#values[at] = page.values[i];
			this.#arrivals[at] = page.arrivals[i];
			this.#start--;
		}
	}

	/** Index of the first point at or after `time` (binary search); `length` when none. */
	indexOfTime(time: number): number {
		return lowerBound(this.#times, time, this.#start, this.#end) - this.#start;
	}

	/** Removes every point. */
	clear(): void {
		const middle = this.#times.length >> 1;
		this.#reshapes++;
		this.#start = middle;
		this.#end = middle;
	}

	#reserveBack(n: number): void {
		if (this.#end + n <= this.#times.length) return;
		this.#grow(this.#start, Math.max(n, this.length));
	}

	#reserveFront(n: number): void {
		if (this.#start >= n) return;
		this.#grow(Math.max(n, this.length), this.#times.length - this.#end);
	}

	/** Moves the points into bigger arrays with `front` free slots before and `back` after. */
	#grow(front: number, back: number): void {
		const length = this.length;
		const capacity = front + length + back;
		const move = (from: Float64Array): Float64Array<ArrayBuffer> => {
			const to = new Float64Array(capacity);
			to.set(from.subarray(this.#start, this.#end), front);
			return to;
		};
		this.#times = move(this.#times);
		this.#values = move(this.#values);
		this.#arrivals = move(this.#arrivals);
		this.#start = front;
		this.#end = front + length;
	}
}

/** First index in [from, to) whose value is ≥ x (sorted array). */
export function lowerBound(
	array: ArrayLike<number>,
	x: number,
	from = 0,
	to = array.length
): number {
	let lo = from;
	let hi = to;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (array[mid] < x) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** First index in [from, to) whose value is > x (sorted array). */
export function upperBound(
	array: ArrayLike<number>,
	x: number,
	from = 0,
	to = array.length
): number {
	let lo = from;
	let hi = to;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (array[mid] <= x) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}
