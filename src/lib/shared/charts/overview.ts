/**
 * A bounded first look at a chart over a long range (a month at 1 msg/s is 2,600 segments):
 * a spread of segments across the range, and their points kept per time bucket as its lowest,
 * highest and last. The chart draws this at once and then refines it from the full read.
 */

/**
 * At most `slots` of `items` (sorted by time) spread over [from, to]: the first item in each of
 * `slots` equal parts of the range. Items outside the range are skipped. One pass.
 */
export function spreadPick<T>(
	items: readonly T[],
	timeOf: (item: T) => number,
	from: number,
	to: number,
	slots: number
): T[] {
	const picked: T[] = [];
	if (!(to >= from) || slots < 1) return picked;
	const width = (to - from) / slots || 1;
	let lastSlot = -1;
	for (const item of items) {
		const time = timeOf(item);
		if (time < from || time > to) continue;
		const slot = Math.min(slots - 1, Math.floor((time - from) / width));
		if (slot === lastSlot) continue;
		lastSlot = slot;
		picked.push(item);
	}
	return picked;
}

/**
 * Whether the `nth` (from 0) of `total` items is one of `keep` spread evenly over them: exactly
 * min(keep, total) are, the last always among them.
 */
export function evenlyKept(nth: number, total: number, keep: number): boolean {
	return total <= keep || Math.floor(((nth + 1) * keep) / total) > Math.floor((nth * keep) / total);
}

/**
 * Which of a segment's records to read, asked in their order: of each wanted topic, `share`
 * records spread evenly through the segment (all of them when it has no more). Linear in the
 * records: one pass counts each topic, then each ask moves that topic's count on.
 */
export function evenlyByTopic(
	records: readonly { topic: string }[],
	share: number,
	wanted: (topic: string) => boolean
): (topic: string) => boolean {
	const totals = new Map<string, number>();
	for (const { topic } of records) {
		const total = totals.get(topic);
		if (total !== undefined) totals.set(topic, total + 1);
		else if (wanted(topic)) totals.set(topic, 1);
	}
	const seen = new Map<string, number>();
	return (topic) => {
		const total = totals.get(topic);
		if (total === undefined) return false;
		const nth = seen.get(topic) ?? 0;
		seen.set(topic, nth + 1);
		return evenlyKept(nth, total, share);
	};
}

/**
 * Most records a segment's overview sample holds (see overviewSample). Over a range long enough
 * to be sampled, a segment falls within a few of the overview's buckets, each of which keeps at
 * most three points a line: a few records a topic draw it as well as all of them.
 */
export const SAMPLE_SIZE = 64;
/** Most records of one topic in a segment's overview sample. */
export const SAMPLE_PER_TOPIC = 8;

/**
 * The records of a full segment an overview reads instead of the whole segment: of every topic
 * in it, the same number (at most SAMPLE_PER_TOPIC, SAMPLE_SIZE in all) spread evenly through
 * the segment, in their order. Undefined when that would not stand for the segment: more topics
 * than the sample has room for one each, or a sample not much smaller than the segment. Linear.
 */
export function overviewSample<T extends { topic: string }>(
	records: readonly T[]
): T[] | undefined {
	const topics = new Set<string>();
	for (const { topic } of records) topics.add(topic);
	const perTopic = Math.min(SAMPLE_PER_TOPIC, Math.floor(SAMPLE_SIZE / topics.size));
	if (!records.length || perTopic < 1 || perTopic * topics.size * 2 > records.length) {
		return undefined;
	}
	const kept = evenlyByTopic(records, perTopic, () => true);
	return records.filter(({ topic }) => kept(topic));
}

/** A kept point of a bucket: its time, value and arrival. */
type Slot = 'min' | 'max' | 'last';

/** One line's points over a range, at most three per bucket: its lowest, highest and last. */
export class OverviewBuckets {
	readonly #from: number;
	readonly #scale: number;
	readonly #count: number;
	/** Per kept point (bucket × 3 slots): time, value, arrival; NaN time when empty. */
	readonly #times: Float64Array;
	readonly #values: Float64Array;
	readonly #arrivals: Float64Array;

	/** Buckets of equal width over [from, to]; points outside go to the edge buckets. */
	constructor(from: number, to: number, buckets: number) {
		this.#count = Math.max(1, Math.floor(buckets));
		this.#from = from;
		this.#scale = this.#count / (to - from || 1);
		this.#times = new Float64Array(this.#count * 3).fill(NaN);
		this.#values = new Float64Array(this.#count * 3);
		this.#arrivals = new Float64Array(this.#count * 3);
	}

	/** Adds a point (time and arrival in ms): it replaces its bucket's min, max or last if it is one. */
	add(time: number, value: number, arrival: number): void {
		const k = Math.min(this.#count - 1, Math.max(0, Math.floor((time - this.#from) * this.#scale)));
		const at = (slot: Slot) => k * 3 + (slot === 'min' ? 0 : slot === 'max' ? 1 : 2);
		const empty = Number.isNaN(this.#times[at('last')]);
		if (empty || value < this.#values[at('min')]) this.#set(at('min'), time, value, arrival);
		if (empty || value > this.#values[at('max')]) this.#set(at('max'), time, value, arrival);
		if (empty || time >= this.#times[at('last')]) this.#set(at('last'), time, value, arrival);
	}

	/** The kept points, sorted by time (a point that is two of min, max and last comes once). */
	points(): { times: Float64Array; values: Float64Array; arrivals: Float64Array } {
		const kept: number[] = [];
		for (let k = 0; k < this.#count; k++) {
			const picks: number[] = [];
			for (let i = k * 3; i < k * 3 + 3; i++) {
				if (Number.isNaN(this.#times[i])) continue;
				const same = picks.some(
					(j) => this.#times[j] === this.#times[i] && this.#values[j] === this.#values[i]
				);
				if (!same) picks.push(i);
			}
			kept.push(...picks.sort((a, b) => this.#times[a] - this.#times[b]));
		}
		return {
			times: Float64Array.from(kept, (i) => this.#times[i]),
			values: Float64Array.from(kept, (i) => this.#values[i]),
			arrivals: Float64Array.from(kept, (i) => this.#arrivals[i])
		};
	}

	#set(i: number, time: number, value: number, arrival: number): void {
		this.#times[i] = time;
		this.#values[i] = value;
		this.#arrivals[i] = arrival;
	}
}
