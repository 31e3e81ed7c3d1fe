// Holds the points of a chart's series: the newest page of history first (drawn at once), a
// bounded overview of the whole range (drawn where the pages have not reached yet), older pages
// in the background, then the points the engine's live updates carry. Plain UI-thread code,
// not a rune class: the chart redraws on `onchange`, at most once a frame.
import type {
	SeriesLine,
	SeriesOverview,
	SeriesOverviewQuery,
	SeriesPage,
	SeriesQuery
} from '$lib/shared/charts/series-query';
import { LineBuffer, lowerBound } from '$lib/shared/history/line-buffer';
import { findBreaks, silenceThreshold, type ConnectionGap } from '$lib/shared/charts/series-gaps';
import type { SeriesSpec } from '$lib/shared/charts/series';
import type { LiveUpdateOf } from '$lib/shared/live/live-spec';
import type { LiveView } from '$lib/state/live-query.svelte';

/** Records looked at for the first page: small, so the chart draws within a frame or two. */
export const FIRST_BUDGET = 20_000;
/** Records looked at per older page. */
export const PAGE_BUDGET = 100_000;
/** Most points an overview line has (see overview.ts). */
export const OVERVIEW_POINTS = 2000;
/**
 * Most segments the overview reads. Its time is about proportional to them (each is a whole row
 * of up to 1,000 records to read and look through): 24 drew a month sooner (349–382 ms after the
 * tab was opened where 48 took 451–647 ms), but over a week a reading that rose and fell every
 * 6 hours then came out as a slower wave that is not there (a sample every 5.6 hours); 48 kept
 * its rhythm there. Over a month any such sampling can show a false rhythm: it is a sketch until
 * the pages replace it with every point.
 */
export const OVERVIEW_SEGMENTS = 48;

/**
 * Ranges longer than this (and "all history") read the overview before the newest page. At a
 * message a second on one topic six hours hold 21,600 records, more than the first page reads
 * (FIRST_BUDGET); over shorter ranges the newest page usually covers most of the chart, and an
 * overview read first would read the same segments twice.
 */
export const OVERVIEW_FIRST_SPAN = 6 * 3_600_000;

/** One line of a chart: a series (by index) on one topic. */
export interface FeedLine {
	key: string;
	series: number;
	topic: string;
	buffer: LineBuffer;
}

/**
 * What changed: the first page, the overview of the range, an older page, live points, or
 * everything was dropped.
 */
export type FeedChange = 'first' | 'overview' | 'history' | 'live' | 'reset';

/** Overview points of a line older than its read points, and where they break. */
export interface OverviewPart {
	times: Float64Array;
	values: Float64Array;
	breaks: number[];
}

/** A line's breaks as last found, and what they were found over. */
interface BreaksSeen {
	/** Points looked at, and points at the last full look. */
	length: number;
	fullLength: number;
	/** Connection gaps known, and the buffer's reshape count, at the time. */
	gaps: number;
	reshapes: number;
	threshold: number;
	breaks: number[];
}

/** Where loading stands. */
export interface FeedProgress {
	/** 'loading' until the first page is in, 'history' while older pages load, then 'live'. */
	phase: 'loading' | 'history' | 'live';
	/** Share of the history (by record id) read so far, 0..1. */
	fraction: number;
	/** Records looked at so far. */
	scanned: number;
}

/** How a feed reads and reports. */
export interface FeedOptions {
	profileId: string;
	series: SeriesSpec[];
	read: (query: SeriesQuery) => Promise<SeriesPage>;
	/** Reads the overview; without it the chart fills in page by page only. */
	overview?: (query: SeriesOverviewQuery) => Promise<SeriesOverview>;
	/** The range the chart shows, in ms back from the newest point; 0 for all history. */
	span?: number;
	onchange: (change: FeedChange) => void;
	onerror?: (error: unknown) => void;
	firstBudget?: number;
	pageBudget?: number;
}

/**
 * The loaded lines of a chart: history read once, then the points live batches bring (a
 * LiveQuery drives it).
 */
export class SeriesFeed implements LiveView<'series'> {
	readonly #options: FeedOptions;
	readonly #lines = new Map<string, FeedLine>();
	#gaps: ConnectionGap[] = [];
	#gapKeys = new Set<string>();
	#breaks = new WeakMap<FeedLine, BreaksSeen>();
	#progress: FeedProgress = { phase: 'loading', fraction: 0, scanned: 0 };
	/** The `beforeId` of the first page's read range: the top of what history held then. */
	#top = 0;
	/** Per series (by index): a topic live batches matched, with a number or not. */
	#matched: (string | null)[] = [];
	/** Overview points by line key, until the pages have read all of history. */
	#overview = new Map<string, SeriesLine>();

	constructor(options: FeedOptions) {
		this.#options = options;
	}

	/** Lines in the order they first appeared. */
	get lines(): FeedLine[] {
		return [...this.#lines.values()];
	}

	/** Where loading stands. */
	get progress(): FeedProgress {
		return this.#progress;
	}

	/** Connection gaps met in the records read so far. */
	get gaps(): readonly ConnectionGap[] {
		return this.#gaps;
	}

	/** Break indices of a line (see series-gaps.ts), recomputed only when it or the gaps changed. */
	breaksOf(line: FeedLine): number[] {
		const { buffer } = line;
		const cached = this.#breaks.get(line);
		const same = cached && cached.gaps === this.#gaps.length && cached.reshapes === buffer.reshapes;
		if (same && cached.length === buffer.length) return cached.breaks;
		// Live points only appended: look at them alone, with the threshold of the last full look
		// (redone once the line has doubled, as its usual interval may have moved).
		if (same && buffer.length <= 2 * cached.fullLength) {
			const range = { from: cached.length, threshold: cached.threshold };
			const tail = findBreaks(buffer.times, buffer.arrivals, this.#gaps, {}, range);
			const breaks = tail.length ? [...cached.breaks, ...tail] : cached.breaks;
			this.#breaks.set(line, { ...cached, length: buffer.length, breaks });
			return breaks;
		}
		const threshold = silenceThreshold(buffer.times);
		const breaks = findBreaks(buffer.times, buffer.arrivals, this.#gaps, {}, { threshold });
		this.#breaks.set(line, {
			length: buffer.length,
			fullLength: buffer.length,
			gaps: this.#gaps.length,
			reshapes: buffer.reshapes,
			threshold,
			breaks
		});
		return breaks;
	}

	/**
	 * Reads history up to `cut`: the newest page (drawn at once), then, when history goes further
	 * back, a bounded overview of the whole range (drawn where the pages have not reached), then
	 * older pages. Over a long range (see OVERVIEW_FIRST_SPAN) the overview comes first instead:
	 * there the newest page is a sliver at the right edge, and the range's shape is what the
	 * user opened the chart for. The two are read one after the other either way: side by side
	 * they share the worker, and both came later.
	 */
	async backfill(cut: number, current: () => boolean): Promise<void> {
		const { profileId, series } = this.#options;
		const firstBudget = this.#options.firstBudget ?? FIRST_BUDGET;
		const span = this.#options.span ?? 0;
		const overviewFirst = span === 0 || span > OVERVIEW_FIRST_SPAN;
		try {
			// Nothing comes back when the range holds no more than the first page reads.
			if (overviewFirst && !(await this.#readOverview(firstBudget, current))) return;
			let page = await this.#options.read({
				profileId,
				series,
				beforeId: cut + 1,
				budget: firstBudget
			});
			if (!current()) return;
			this.#top = cut + 1;
			this.#take(page, 'prepend');
			this.#progress = {
				phase: page.done ? 'live' : 'history',
				fraction: this.#fraction(page),
				scanned: page.scanned
			};
			// Every record is read: an overview read first has nothing left to stand in for.
			if (page.done) this.#overview.clear();
			this.#options.onchange('first');
			if (!overviewFirst && !page.done && !(await this.#readOverview(firstBudget, current))) {
				return;
			}
			while (!page.done) {
				page = await this.#options.read({
					profileId,
					series,
					beforeId: page.nextBeforeId,
					budget: this.#options.pageBudget ?? PAGE_BUDGET
				});
				if (!current()) return;
				this.#take(page, 'prepend');
				// Every record is read: the overview has nothing left to stand in for.
				if (page.done) this.#overview.clear();
				this.#progress = {
					phase: page.done ? 'live' : 'history',
					fraction: this.#fraction(page),
					scanned: this.#progress.scanned + page.scanned
				};
				this.#options.onchange('history');
			}
		} catch (error) {
			if (current()) this.#options.onerror?.(error);
		}
	}

	/** Reads the overview and draws it; false once the chart no longer wants this read. */
	async #readOverview(skipUpTo: number, current: () => boolean): Promise<boolean> {
		if (!this.#options.overview) return true;
		let overview: SeriesOverview;
		try {
			overview = await this.#options.overview({
				profileId: this.#options.profileId,
				series: this.#options.series,
				span: this.#options.span ?? 0,
				points: OVERVIEW_POINTS,
				segments: OVERVIEW_SEGMENTS,
				skipUpTo
			});
		} catch {
			// The pages read the same history and report a failure of their own: the chart goes on.
			return current();
		}
		if (!current()) return false;
		if (overview.lines.length) {
			this.#takeOverview(overview);
			this.#options.onchange('overview');
		}
		return true;
	}

	/** Appends the points a live batch brought (matched and parsed by the engine). */
	apply(update: LiveUpdateOf<'series'>): void {
		for (const [index, topic] of update.matched.entries()) {
			if (topic !== null) this.#matched[index] ??= topic;
		}
		this.#take(update, 'append');
		if (update.lines.length || update.gaps.length) this.#options.onchange('live');
	}

	/**
	 * The overview points of a line older than its first read point (all of them while it has
	 * none), with their breaks at connection gaps: the overview samples segments, so the spacing
	 * of its points says nothing about silences.
	 */
	overviewBefore(line: FeedLine): OverviewPart {
		const points = this.#overview.get(line.key);
		if (!points) return { times: new Float64Array(0), values: new Float64Array(0), breaks: [] };
		const end = line.buffer.length
			? lowerBound(points.times, line.buffer.firstTime)
			: points.times.length;
		const times = points.times.subarray(0, end);
		const values = points.values.subarray(0, end);
		const arrivals = points.arrivals.subarray(0, end);
		const breaks = findBreaks(times, arrivals, this.#gaps, {}, { threshold: Infinity });
		return { times, values, breaks };
	}

	/** History changed under the chart (cleared, imported): drops everything. */
	reset(): void {
		this.#overview.clear();
		this.#lines.clear();
		this.#gaps = [];
		this.#gapKeys.clear();
		this.#matched = [];
		this.#progress = { phase: 'loading', fraction: 0, scanned: 0 };
		this.#options.onchange('reset');
	}

	/** A topic live batches matched for a series (by index), with or without a number. */
	matchedTopic(series: number): string | undefined {
		return this.#matched[series] ?? undefined;
	}

	#takeGaps(gaps: readonly ConnectionGap[]): void {
		for (const gap of gaps) {
			const key = `${gap.from} ${gap.to}`;
			if (this.#gapKeys.has(key)) continue;
			this.#gapKeys.add(key);
			this.#gaps = [...this.#gaps, gap];
		}
	}

	/** Keeps the overview's points, and makes the lines only it has met so far. */
	#takeOverview(overview: SeriesOverview): void {
		this.#takeGaps(overview.gaps);
		for (const line of byLineOrder(overview.lines)) {
			const key = this.#lineOf(line.series, line.topic).key;
			this.#overview.set(key, line);
		}
	}

	/** The line of a series on a topic, made on first use. */
	#lineOf(series: number, topic: string): FeedLine {
		const key = `${series}\u0000${topic}`;
		let line = this.#lines.get(key);
		if (!line) {
			line = { key, series, topic, buffer: new LineBuffer() };
			this.#lines.set(key, line);
		}
		return line;
	}

	#take(page: Pick<SeriesPage, 'lines' | 'gaps'>, where: 'prepend' | 'append'): void {
		this.#takeGaps(page.gaps);
		// Lines new in a page join in series then topic order, so the same chart gets the same
		// colours (given by order) after every reload.
		for (const line of byLineOrder(page.lines)) {
			const feedLine = this.#lineOf(line.series, line.topic);
			if (where === 'prepend') feedLine.buffer.prepend(line);
			else feedLine.buffer.append(line);
		}
	}

	/** Share of history read, from record ids: [firstId, top) is all, [nextBeforeId, top) read. */
	#fraction(page: SeriesPage): number {
		if (page.done) return 1;
		const total = this.#top - page.firstId;
		if (total <= 0) return 1;
		return Math.min(1, Math.max(0, (this.#top - page.nextBeforeId) / total));
	}
}

/** Lines new in a read join in series then topic order, so a chart keeps its colours. */
function byLineOrder(lines: readonly SeriesLine[]): SeriesLine[] {
	return [...lines].sort(
		(a, b) => a.series - b.series || (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0)
	);
}
