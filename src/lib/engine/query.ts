import type { FilteredPage, FilteredPageQuery } from '$lib/shared/history/history-query';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { matchesFilter } from '$lib/shared/history/history-filter';
import type { Database } from '$lib/storage/db';
import { runsNewestFirst } from '$lib/storage/history-runs';

/**
 * Most records looked at in one call: a filter that rarely matches would otherwise hold the
 * engine for seconds on a large history. The UI shows progress and asks again.
 */
export const SCAN_BUDGET = 50_000;

/**
 * Once a page has matches, it returns at the end of the segment that passes this many ms: on a
 * long history with a rare topic, the first rows show at once while the list asks for more.
 */
export const MATCH_WAIT_MS = 50;

/**
 * A page of history matching a filter, newest first, older than `beforeId`. Walks segments
 * newest first; time ranges skip whole segments, and an exact topic visits only the segments
 * the topic index lists. Stops after `limit` matches, SCAN_BUDGET records scanned, or
 * MATCH_WAIT_MS with matches.
 */
export async function readFiltered(
	db: Database,
	query: FilteredPageQuery,
	budget = SCAN_BUDGET,
	clock: () => number = () => performance.now()
): Promise<FilteredPage> {
	const started = clock();
	const { profileId, filter, beforeId, limit } = query;
	const exactTopic =
		filter.topicFilter &&
		!/[+#]/.test(filter.topicFilter) &&
		!filter.topicFilter.startsWith('$share/')
			? filter.topicFilter
			: undefined;
	const afterId = query.afterId ?? -Infinity;
	const from = filter.from ?? -Infinity;
	const to = filter.to ?? Infinity;

	const records: MessageRecord[] = [];
	let scanned = 0;
	let nextBeforeId = beforeId;
	const runs = runsNewestFirst(db, profileId, beforeId, exactTopic);
	let next = await runs.next();

	while (!next.done) {
		const segment = next.value;
		// History is in arrival order, so times only grow: a segment whose newest record is older
		// than `from` means every older segment is too.
		if (segment.lastTime < from || segment.lastId <= afterId) {
			return { records, nextBeforeId: 0, done: true, scanned };
		}
		const list = segment.records;
		// Every record newer than `to` (first record's time > to): skip the whole segment.
		const skipAll = list.length > 0 && list[0].time > to;
		if (!skipAll) {
			for (let i = list.length - 1; i >= 0; i--) {
				const record = list[i];
				if (record.id >= beforeId) continue;
				// Newest first: below afterId everything is older than what was asked for.
				if (record.id <= afterId) return { records, nextBeforeId: 0, done: true, scanned };
				scanned++;
				nextBeforeId = record.id;
				if (matchesFilter(record, filter)) {
					records.push(record);
					if (records.length >= limit) return { records, nextBeforeId, done: false, scanned };
				}
			}
		}
		nextBeforeId = Math.min(nextBeforeId, segment.firstId);
		if (scanned >= budget || (records.length && clock() - started >= MATCH_WAIT_MS)) {
			next = await runs.next();
			return { records, nextBeforeId, done: next.done === true, scanned };
		}
		next = await runs.next();
	}
	return { records, nextBeforeId: 0, done: true, scanned };
}
