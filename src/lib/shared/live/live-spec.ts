/**
 * What a view follows live (a chart, a tile, a filtered list, a topic diff) and what the engine
 * sends it after each committed batch. The engine matches and parses each record once for every
 * registration, so a live batch costs no history read.
 */
import type { SeriesLine } from '../charts/series-query';
import type { SeriesSpec } from '../charts/series';
import type { HistoryFilter } from '../history/history-filter';
import type { MessageRecord } from '../mqtt/message';

/** What one registration follows. */
export type LiveSpec =
	/** A chart: points of each series, one line per (series, topic). */
	| { kind: 'series'; series: SeriesSpec[] }
	/** A tile: the newest message of each topic (see LatestSpec). */
	| LatestSpec
	/** A filtered list: every record the filter matches. */
	| { kind: 'filter'; filter: HistoryFilter }
	/** A topic diff: the newest two messages of one topic. */
	| { kind: 'topic'; topic: string };

/**
 * A tile's spec: the newest message of each topic the filter matches; with `path`, the newest
 * with a number there. `statusPath` asks for the status text ('' for the whole payload).
 */
export interface LatestSpec {
	kind: 'latest';
	topicFilter: string;
	path?: string;
	statusPath?: string;
}

/** The kinds of live registration. */
export type LiveKind = LiveSpec['kind'];

/** What a tile shows of the newest message of one topic, read in the worker. */
export interface Latest {
	topic: string;
	id: number;
	/** Arrival time, ms since the epoch. */
	time: number;
	/** The number at the spec's `path` (a boolean as 1/0), when there is one. */
	value?: number;
	/** The status text at the spec's `statusPath`, cut to a row's length. */
	status?: string;
	/** Why the payload gave no value or status, in words, when it could not be read. */
	note?: string;
}

/** A tile's backfill: per topic, the newest of the history read that it can show. */
export interface LatestBackfill {
	latest: Latest[];
	/** How many stored records were looked at. */
	scanned: number;
	/** False when the read stopped at its budget before the oldest record. */
	complete: boolean;
}

/** What a batch brought one registration. */
export type LiveUpdate =
	| {
			kind: 'series';
			id: string;
			/** New points, oldest first. */
			lines: SeriesLine[];
			/** Connection gaps met in the batch. */
			gaps: { from: number; to: number }[];
			/** Per series (by index): a topic of the batch its filter matched, or null. */
			matched: (string | null)[];
	  }
	| { kind: 'latest'; id: string; latest: Latest[] }
	| {
			kind: 'filter';
			id: string;
			/** Matches, newest first (at most LIVE_FILTER_CAP). */
			records: MessageRecord[];
			/** More matched than were sent: the list must read history again. */
			overflow: boolean;
	  }
	| {
			kind: 'topic';
			id: string;
			/** The topic's newest messages of the batch, at most two, oldest first. */
			records: MessageRecord[];
	  };

/** The update of one kind. */
export type LiveUpdateOf<K extends LiveKind> = Extract<LiveUpdate, { kind: K }>;

/** Most matches a filtered list receives per batch; beyond it the list searches again. */
export const LIVE_FILTER_CAP = 200;
