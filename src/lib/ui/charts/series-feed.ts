// Loads the points of a chart's series from the engine: the newest page first (drawn at once),
// older pages in the background, then whatever arrives live. Plain UI-thread code, not a rune
// class: the chart redraws on `onchange`, throttled by its owner.
import type { SeriesPage, SeriesQuery } from '$lib/shared/charts/series-query';
import { LineBuffer } from '$lib/shared/history/line-buffer';
import { findBreaks, silenceThreshold, type ConnectionGap } from '$lib/shared/charts/series-gaps';
import type { SeriesSpec } from '$lib/shared/charts/series';

/** Records looked at for the first page: small, so the chart draws within a frame or two. */
export const FIRST_BUDGET = 20_000;
/** Records looked at per older page and per live read. */
export const PAGE_BUDGET = 100_000;

/** One line of a chart: a series (by index) on one topic. */
export interface FeedLine {
	key: string;
	series: number;
	topic: string;
	buffer: LineBuffer;
}

/** What changed: the first page, an older page, live points, or everything was dropped. */
export type FeedChange = 'first' | 'history' | 'live' | 'reset';

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
	/**
	 * The newest record id of the profile's history. A history read only looks at the segments
	 * holding the series' topics, so its lastId can lag far behind; live reads start after both.
	 */
	head?: () => Promise<number>;
	onchange: (change: FeedChange) => void;
	onerror?: (error: unknown) => void;
	firstBudget?: number;
	pageBudget?: number;
}

/** The loaded lines of a chart and the reads that keep them current. */
export class SeriesFeed {
	readonly #options: FeedOptions;
	readonly #lines = new Map<string, FeedLine>();
	#gaps: ConnectionGap[] = [];
	#gapKeys = new Set<string>();
	#breaks = new WeakMap<FeedLine, BreaksSeen>();
	/** Bumped on reset and stop, so reads started before are ignored when they land. */
	#generation = 0;
	#stopped = false;
	#progress: FeedProgress = { phase: 'loading', fraction: 0, scanned: 0 };
	/** The id the next live read starts after; undefined until the first page is in. */
	#lastId: number | undefined;
	/** The `beforeId` of the first page's read range: the top of what history held then. */
	#top = 0;
	#liveBusy = false;
	#liveAgain = false;

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

	/** Starts loading: the newest page, then older pages in the background. */
	start(): void {
		void this.#load(this.#generation);
	}

	/** New records were committed: reads what arrived after the last read (one read at a time). */
	poke(): void {
		if (this.#stopped || this.#lastId === undefined) return;
		if (this.#liveBusy) {
			this.#liveAgain = true;
			return;
		}
		void this.#live(this.#generation);
	}

	/** History changed under the chart (pruned, cleared, imported): drops everything, reads again. */
	restart(): void {
		if (this.#stopped) return;
		this.#generation++;
		this.#lines.clear();
		this.#gaps = [];
		this.#gapKeys.clear();
		this.#lastId = undefined;
		this.#liveBusy = false;
		this.#liveAgain = false;
		this.#progress = { phase: 'loading', fraction: 0, scanned: 0 };
		this.#options.onchange('reset');
		this.start();
	}

	/** Stops reading; results of reads still under way are dropped. */
	stop(): void {
		this.#stopped = true;
		this.#generation++;
	}

	async #load(generation: number): Promise<void> {
		const { profileId, series } = this.#options;
		const current = () => !this.#stopped && generation === this.#generation;
		try {
			// Asked before the read: anything committed in between is read live, not skipped.
			const headId = this.#options.head ? await this.#options.head() : 0;
			if (!current()) return;
			let page = await this.#options.read({
				profileId,
				series,
				beforeId: Infinity,
				budget: this.#options.firstBudget ?? FIRST_BUDGET
			});
			if (!current()) return;
			this.#top = Math.max(page.lastId, headId) + 1;
			this.#lastId = this.#top - 1;
			this.#take(page, 'prepend');
			this.#progress = {
				phase: page.done ? 'live' : 'history',
				fraction: this.#fraction(page),
				scanned: page.scanned
			};
			this.#options.onchange('first');
			// Anything committed while the first page was read.
			this.poke();
			while (!page.done) {
				page = await this.#options.read({
					profileId,
					series,
					beforeId: page.nextBeforeId,
					budget: this.#options.pageBudget ?? PAGE_BUDGET
				});
				if (!current()) return;
				this.#take(page, 'prepend');
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

	async #live(generation: number): Promise<void> {
		const { profileId, series } = this.#options;
		const current = () => !this.#stopped && generation === this.#generation;
		this.#liveBusy = true;
		try {
			do {
				this.#liveAgain = false;
				const afterId = this.#lastId ?? 0;
				// More than a budget may have arrived: read back to afterId, then add oldest first.
				const pages: SeriesPage[] = [];
				let beforeId = Infinity;
				for (;;) {
					const page = await this.#options.read({
						profileId,
						series,
						beforeId,
						afterId,
						budget: this.#options.pageBudget ?? PAGE_BUDGET
					});
					if (!current()) return;
					pages.push(page);
					if (page.done || page.scanned === 0) break;
					beforeId = page.nextBeforeId;
				}
				const newest = Math.max(afterId, ...pages.map((p) => p.lastId));
				this.#lastId = newest;
				for (const page of pages.reverse()) this.#take(page, 'append');
				if (pages.some((p) => p.lines.some((l) => l.times.length > 0))) {
					this.#options.onchange('live');
				}
			} while (this.#liveAgain && current());
		} catch (error) {
			if (current()) this.#options.onerror?.(error);
		} finally {
			if (current()) this.#liveBusy = false;
		}
	}

	#take(page: SeriesPage, where: 'prepend' | 'append'): void {
		for (const gap of page.gaps) {
			const key = `${gap.from} ${gap.to}`;
			if (this.#gapKeys.has(key)) continue;
			this.#gapKeys.add(key);
			this.#gaps = [...this.#gaps, gap];
		}
		// Lines new in a page join in series then topic order, so the same chart gets the same
		// colours (given by order) after every reload.
		const ordered = [...page.lines].sort(
			(a, b) => a.series - b.series || (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0)
		);
		for (const line of ordered) {
			const key = `${line.series}\u0000${line.topic}`;
			let feedLine = this.#lines.get(key);
			if (!feedLine) {
				feedLine = { key, series: line.series, topic: line.topic, buffer: new LineBuffer() };
				this.#lines.set(key, feedLine);
			}
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
