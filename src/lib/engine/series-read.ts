// STUB — lead implements.
import type { IDBPDatabase } from 'idb';
import type { SeriesPage, SeriesQuery } from '$lib/shared/engine-api';
import type { ScopeDB } from '$lib/storage/db';

/** Points of the query's series from history, newest records first. */
export async function readSeries(
	db: IDBPDatabase<ScopeDB>,
	query: SeriesQuery
): Promise<SeriesPage> {
	void [db, query];
	return { lines: [], gaps: [], nextBeforeId: 0, done: true, lastId: 0, firstId: 0, scanned: 0 };
}
