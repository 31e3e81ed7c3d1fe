import type { SeriesSpec } from './series';

/** Points of series read from history, newest records first (for charts and tiles). */
export interface SeriesQuery {
	profileId: string;
	series: SeriesSpec[];
	/** Only records with id < beforeId; Infinity for the newest. */
	beforeId: number;
	/** Only records with id > afterId: what arrived since the last read (live updates). */
	afterId?: number;
	/** Most records looked at in one call; the UI asks again from `nextBeforeId`. */
	budget: number;
}

/** The points one topic gives one series, oldest first. */
export interface SeriesLine {
	/** Index of the series in the query. */
	series: number;
	topic: string;
	/** Ms since the epoch: the payload's own timestamp field when it has one, else arrival. */
	times: Float64Array;
	values: Float64Array;
	/** Arrival time of each point (gaps in the connection are in arrival time). */
	arrivals: Float64Array;
}

/** One read of series points, and where the next (older) read starts. */
export interface SeriesPage {
	lines: SeriesLine[];
	/** Times the connection was down, met in the records read (arrival time, ms). */
	gaps: { from: number; to: number }[];
	nextBeforeId: number;
	done: boolean;
	/** Newest id read (the `afterId` of the next live read); 0 when nothing was read. */
	lastId: number;
	/** Oldest id of the profile's history, so the UI can show how far back it has read. */
	firstId: number;
	scanned: number;
}

/**
 * A bounded first look at series over a long range (see overview.ts): a spread of at most
 * `segments` segments of the range, their points kept per bucket as min, max and last.
 */
export interface SeriesOverviewQuery {
	profileId: string;
	series: SeriesSpec[];
	/** The range: this many ms (arrival time) back from the newest record; 0 for all history. */
	span: number;
	/** Most points per line: a third as many buckets. */
	points: number;
	/** Most segments read. */
	segments: number;
	/**
	 * No overview (no lines, nothing read) when the range's segments hold at most this many
	 * records: the chart's first page reads them all anyway.
	 */
	skipUpTo: number;
}

/** What an overview read gives: lines over the range, and how much of it was read. */
export interface SeriesOverview {
	lines: SeriesLine[];
	/** Times the connection was down within the range (from every segment head in it). */
	gaps: { from: number; to: number }[];
	/** The range, clamped to what history holds (from > to when it holds nothing). */
	from: number;
	to: number;
	/** Segments in the range that may hold a series' topic, and how many of them were read. */
	segmentsInRange: number;
	segmentsRead: number;
}
