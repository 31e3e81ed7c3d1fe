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
	/** A tile: the newest message of each topic (with a number at `path` when given). */
	| { kind: 'latest'; topicFilter: string; path?: string }
	/** A filtered list: every record the filter matches. */
	| { kind: 'filter'; filter: HistoryFilter }
	/** A topic diff: the newest two messages of one topic. */
	| { kind: 'topic'; topic: string };

/** The kinds of live registration. */
export type LiveKind = LiveSpec['kind'];

/** The newest message of one topic, parsed once (in the worker, for live updates). */
export interface Latest {
	topic: string;
	id: number;
	/** Arrival time, ms since the epoch. */
	time: number;
	/** The payload as JSON (or a bare number); undefined when it is neither. */
	payload: unknown;
	/** The payload as UTF-8 text. */
	text: string;
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
