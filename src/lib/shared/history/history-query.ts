import type { HistoryFilter } from './history-filter';
import type { MessageRecord } from '../mqtt/message';

/** A page of a profile's history, newest first. */
export interface HistoryPageQuery {
	profileId: string;
	/** Only records with id ≤ this: pins the page to a snapshot so appends do not shift it. */
	maxId: number;
	/** How many records (newest first, from maxId down) to skip. */
	skip: number;
	limit: number;
}

/** The newest records of one topic after a given id, oldest first (for charts). */
export interface TopicQuery {
	profileId: string;
	topic: string;
	/** Only records with id > afterId. */
	afterId: number;
	limit: number;
}

/** A page of matches, newest first, older than `beforeId` (cursor paging for filtered views). */
export interface FilteredPageQuery {
	profileId: string;
	filter: HistoryFilter;
	/** Only records with id < beforeId; Infinity for the newest. */
	beforeId: number;
	/** Only records with id > afterId: what arrived since a search (live updates). */
	afterId?: number;
	limit: number;
}

/** A page of matches and where the next page starts; `done` when history has no more. */
export interface FilteredPage {
	records: MessageRecord[];
	nextBeforeId: number;
	done: boolean;
	/** How many stored records were looked at (for "searched N messages"). */
	scanned: number;
}

/** Size of a profile's history at a moment: `total` records, the newest being `lastId`. */
export interface HistoryHead {
	total: number;
	lastId: number;
}
