import type { IDBPDatabase, IDBPObjectStore } from 'idb';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import type { SeriesLine, SeriesPage, SeriesQuery } from '$lib/shared/charts/series-query';
import { parsePayload, timeOf } from '$lib/shared/payload/numeric-fields';
import { readSeriesValue, seriesMatches, type SeriesSpec } from '$lib/shared/charts/series';
import { stripSharePrefix } from '$lib/shared/mqtt/topic';
import { topicKey, type ScopeDB, type Segment } from '$lib/storage/db';

type DB = IDBPDatabase<ScopeDB>;

/** Segments fetched per round trip while paging through older history. */
const SEGMENTS_PER_FETCH = 8;

/** Points growing for one (series, topic) line, newest first while reading. */
interface LineDraft {
	series: number;
	topic: string;
	times: number[];
	values: number[];
	arrivals: number[];
}

/**
 * Points of the query's series from history, newest records first, up to `budget` records.
 *
 * Two walks, because they are fast for different reads:
 * - live reads (`afterId` set) walk segments newest first and stop at `afterId`: the new records
 *   are in the last one or two segments;
 * - history reads ask the topic index which segments hold a matching topic (one `getAllKeys`
 *   per filter, on the filter's literal prefix), so a chart of one topic on a busy broker reads
 *   only that topic's segments.
 */
export async function readSeries(db: DB, query: SeriesQuery): Promise<SeriesPage> {
	const reader = new PageReader(query);
	const firstId = await oldestId(db, query.profileId);
	if (query.afterId !== undefined) {
		await reader.readNewest(db);
	} else {
		await reader.readIndexed(db);
	}
	return { ...reader.result(), firstId };
}

/** Reads records into line drafts, newest first, and keeps count of the budget. */
class PageReader {
	#query: SeriesQuery;
	#lines = new Map<string, LineDraft>();
	#gaps: { from: number; to: number }[] = [];
	#scanned = 0;
	#lastId = 0;
	#nextBeforeId: number;
	#done = false;

	constructor(query: SeriesQuery) {
		this.#query = query;
		this.#nextBeforeId = query.beforeId;
	}

	/** Walks the newest segments down to `afterId`. */
	async readNewest(db: DB): Promise<void> {
		const { profileId, beforeId } = this.#query;
		const afterId = this.#query.afterId ?? -Infinity;
		const range = IDBKeyRange.bound([profileId, -Infinity], [profileId, beforeId], false, true);
		let cursor = await db.transaction('segments').store.openCursor(range, 'prev');
		while (cursor) {
			const segment = cursor.value;
			if (segment.lastId <= afterId) break;
			if (!this.#scan(segment)) return;
			cursor = await cursor.continue();
		}
		this.#done = true;
		this.#nextBeforeId = 0;
	}

	/**
	 * Reads only the segments the topic index lists for the series' filters. Connection gaps
	 * come from the segment heads of the whole id range read: the first record after an outage
	 * may be on a topic no series reads.
	 */
	async readIndexed(db: DB): Promise<void> {
		const { profileId, beforeId } = this.#query;
		const tx = db.transaction(['segments', 'segment-heads']);
		const store = tx.objectStore('segments');
		const keys = await segmentIdsFor(store, profileId, this.#query.series);
		const wanted = keys.filter((id) => id < beforeId).sort((a, b) => b - a);
		await this.#walk(wanted, (id) => store.get([profileId, id]));
		const lower = this.#done ? -Infinity : this.#nextBeforeId;
		const range = IDBKeyRange.bound([profileId, lower], [profileId, beforeId], false, true);
		const heads = await tx.objectStore('segment-heads').getAll(range);
		const seen = new Set(this.#gaps.map((gap) => `${gap.from} ${gap.to}`));
		for (const head of heads.reverse()) {
			for (const gap of head.gaps ?? []) {
				if (!seen.has(`${gap.from} ${gap.to}`)) this.#gaps.push(gap);
			}
		}
	}

	/** Scans the listed segments newest first until the budget is spent. */
	async #walk(ids: number[], get: (id: number) => Promise<Segment | undefined>): Promise<void> {
		for (let i = 0; i < ids.length; i += SEGMENTS_PER_FETCH) {
			// All gets issued before any await: IndexedDB answers them in one go.
			const segments = await Promise.all(ids.slice(i, i + SEGMENTS_PER_FETCH).map(get));
			for (const segment of segments) {
				if (segment && !this.#scan(segment)) {
					this.#done = segment.firstId === ids.at(-1);
					return;
				}
			}
		}
		this.#done = true;
		this.#nextBeforeId = 0;
	}

	/** Scans one segment newest first; false once the budget is spent (the segment is done). */
	#scan(segment: Segment): boolean {
		const { beforeId, series } = this.#query;
		const afterId = this.#query.afterId ?? -Infinity;
		const records = segment.records;
		for (let i = records.length - 1; i >= 0; i--) {
			const record = records[i];
			if (record.id >= beforeId) continue;
			if (record.id <= afterId) break;
			this.#scanned++;
			this.#lastId = Math.max(this.#lastId, record.id);
			if (record.gapBefore) this.#gaps.push(record.gapBefore);
			this.#add(record, series);
		}
		this.#nextBeforeId = segment.firstId;
		return this.#scanned < this.#query.budget;
	}

	/** Adds a record's value to every series whose filter matches its topic. */
	#add(record: MessageRecord, series: SeriesSpec[]): void {
		let payload: unknown;
		let parsed = false;
		let time = record.time;
		for (let s = 0; s < series.length; s++) {
			if (!seriesMatches(series[s], record.topic)) continue;
			if (!parsed) {
				// Parsed once per record, however many series read it.
				payload = parsePayload(record.payload);
				time = timeOf(payload) ?? record.time;
				parsed = true;
			}
			const value = readSeriesValue(payload, series[s].path);
			if (value === undefined) continue;
			const key = `${s}\u0000${record.topic}`;
			let line = this.#lines.get(key);
			if (!line) {
				line = { series: s, topic: record.topic, times: [], values: [], arrivals: [] };
				this.#lines.set(key, line);
			}
			line.times.push(time);
			line.values.push(value);
			line.arrivals.push(record.time);
		}
	}

	/** The page: lines turned oldest first, in typed arrays. */
	result(): Omit<SeriesPage, 'firstId'> {
		const lines: SeriesLine[] = [...this.#lines.values()].map((line) => ({
			series: line.series,
			topic: line.topic,
			times: Float64Array.from(line.times.reverse()),
			values: Float64Array.from(line.values.reverse()),
			arrivals: Float64Array.from(line.arrivals.reverse())
		}));
		return {
			lines,
			gaps: this.#gaps.sort((a, b) => a.from - b.from),
			nextBeforeId: this.#done ? 0 : this.#nextBeforeId,
			done: this.#done,
			lastId: this.#lastId,
			scanned: this.#scanned
		};
	}
}

/**
 * First ids of the segments that may hold a topic of the filters: the topic index over each
 * filter's literal prefixes (see `literalPrefixes`).
 */
export async function segmentIdsFor(
	store: IDBPObjectStore<ScopeDB, ['segments'], 'segments'>,
	profileId: string,
	series: SeriesSpec[]
): Promise<number[]> {
	const prefixes = [
		...new Map(
			series.flatMap((s) => literalPrefixes(s.topicFilter)).map((p) => [JSON.stringify(p), p])
		).values()
	];
	const index = store.index('by-topic');
	const found = new Set<number>();
	const lists = await Promise.all(
		prefixes.map((prefix) =>
			prefix.exact
				? index.getAllKeys(IDBKeyRange.only(topicKey(profileId, prefix.text)))
				: index.getAllKeys(
						IDBKeyRange.bound(
							topicKey(profileId, prefix.text),
							topicKey(profileId, `${prefix.text}\uffff`)
						)
					)
		)
	);
	for (const keys of lists) for (const key of keys) found.add(key[1]);
	return [...found];
}

/**
 * Index ranges that hold every topic a filter matches: the part before its first wildcard level
 * as a prefix, or the whole filter when it has none. "a/#" also matches "a" itself
 * (MQTT 5 §4.7.1.2), which the prefix "a/" does not cover.
 */
function literalPrefixes(filter: string): { text: string; exact: boolean }[] {
	const levels = stripSharePrefix(filter).split('/');
	const wild = levels.findIndex((level) => level === '+' || level === '#');
	if (wild === -1) return [{ text: levels.join('/'), exact: true }];
	const literal = levels.slice(0, wild);
	const prefix = { text: literal.map((level) => `${level}/`).join(''), exact: false };
	if (levels[wild] !== '#' || wild === 0) return [prefix];
	return [prefix, { text: literal.join('/'), exact: true }];
}

/** The id of the profile's oldest stored record (0 when history is empty). */
async function oldestId(db: DB, profileId: string): Promise<number> {
	const range = IDBKeyRange.bound([profileId, -Infinity], [profileId, Infinity]);
	const key = await db.getKey('segments', range);
	return key ? key[1] : 0;
}
