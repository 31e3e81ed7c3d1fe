import type { MessageRecord } from '$lib/shared/mqtt/message';
import type { SeriesLine, SeriesPage, SeriesQuery } from '$lib/shared/charts/series-query';
import { SeriesValues, seriesMatches, type SeriesSpec } from '$lib/shared/charts/series';
import { stripSharePrefix } from '$lib/shared/mqtt/topic';
import type { Database } from '$lib/storage/db';
import { oldestRecordId, runsNewestFirst, type RecordRun } from '$lib/storage/history-runs';
import { TopicRunsRead, type TopicPrefix, type TopicQuery } from '$lib/storage/topic-runs';

/** Runs (segments) fetched per round trip while paging through older history. */
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
 * - history reads ask the topic index which segments hold a matching topic, so a chart of one
 *   topic on a busy broker reads only that topic's segments: a cursor a topic walking down the
 *   index when the filters match a few topics (see `walkableTopics`), else every segment under
 *   the filters' literal prefixes, listed once.
 */
export async function readSeries(db: Database, query: SeriesQuery): Promise<SeriesPage> {
	const reader = new PageReader(query);
	const firstId = await oldestRecordId(db, query.profileId);
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
	#values: SeriesValues;
	#lines = new Map<string, LineDraft>();
	#gaps: { from: number; to: number }[] = [];
	#scanned = 0;
	#lastId = 0;
	#nextBeforeId: number;
	#done = false;

	constructor(query: SeriesQuery) {
		this.#query = query;
		this.#values = new SeriesValues(query.series);
		this.#nextBeforeId = query.beforeId;
	}

	/** Walks the newest segments down to `afterId`. */
	async readNewest(db: Database): Promise<void> {
		const { profileId, beforeId } = this.#query;
		const afterId = this.#query.afterId ?? -Infinity;
		for await (const run of runsNewestFirst(db, profileId, beforeId)) {
			if (run.lastId <= afterId) break;
			if (!this.#scan(run)) return;
		}
		this.#done = true;
		this.#nextBeforeId = 0;
	}

	/**
	 * Reads only the segments the topic index lists for the series' filters. Connection gaps
	 * come from the segment heads of the whole id range read: the first record after an outage
	 * may be on a topic no series reads.
	 */
	async readIndexed(db: Database): Promise<void> {
		const { profileId, beforeId } = this.#query;
		const read = new TopicRunsRead(db, profileId);
		await this.#walk(await runLister(read, topicQueryOf(this.#query.series), beforeId), read);
		const lower = this.#done ? -Infinity : this.#nextBeforeId;
		const gaps = await read.gaps(lower, beforeId);
		const seen = new Set(this.#gaps.map((gap) => `${gap.from} ${gap.to}`));
		for (const gap of gaps) {
			if (!seen.has(`${gap.from} ${gap.to}`)) this.#gaps.push(gap);
		}
	}

	/** Scans the listed runs newest first until the budget is spent. */
	async #walk(list: RunLister, read: TopicRunsRead): Promise<void> {
		for (;;) {
			const ids = await list(SEGMENTS_PER_FETCH);
			if (!ids.length) break;
			const runs = await read.runs(ids);
			for (const [i, run] of runs.entries()) {
				if (run && !this.#scan(run)) {
					// Done only if no listed run is left to read.
					this.#done = i === runs.length - 1 && (await list(1)).length === 0;
					return;
				}
			}
		}
		this.#done = true;
		this.#nextBeforeId = 0;
	}

	/** Scans one run newest first; false once the budget is spent (the run is done). */
	#scan(run: RecordRun): boolean {
		const { beforeId } = this.#query;
		const afterId = this.#query.afterId ?? -Infinity;
		const records = run.records;
		for (let i = records.length - 1; i >= 0; i--) {
			const record = records[i];
			if (record.id >= beforeId) continue;
			if (record.id <= afterId) break;
			this.#scanned++;
			this.#lastId = Math.max(this.#lastId, record.id);
			if (record.gapBefore) this.#gaps.push(record.gapBefore);
			this.#add(record);
		}
		this.#nextBeforeId = run.firstId;
		return this.#scanned < this.#query.budget;
	}

	/** Adds a record's value to every series whose filter matches its topic. */
	#add(record: MessageRecord): void {
		this.#values.each(record.topic, record.payload, record.time, (s, value, time) => {
			const key = `${s}\u0000${record.topic}`;
			let line = this.#lines.get(key);
			if (!line) {
				line = { series: s, topic: record.topic, times: [], values: [], arrivals: [] };
				this.#lines.set(key, line);
			}
			line.times.push(time);
			line.values.push(value);
			line.arrivals.push(record.time);
		});
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

/** Each call gives the keys of up to `count` more runs to read, newest first (none at the end). */
type RunLister = (count: number) => Promise<number[]>;

/**
 * How a read lists the runs below `beforeId` that hold a topic of its filters: for a few
 * topics (one exact topic, or the devices of a "+") index cursors walking down from `beforeId`,
 * one a topic (the index entries of the runs read); for more, every run the filters' prefixes
 * are in, listed once.
 */
async function runLister(
	read: TopicRunsRead,
	topics: TopicQuery,
	beforeId: number
): Promise<RunLister> {
	const walked = await read.walkableTopics(topics);
	if (walked) return read.runWalk(walked, beforeId);
	const ids = (await read.runIdsFor(topics.prefixes))
		.filter((id) => id < beforeId)
		.sort((a, b) => b - a);
	let next = 0;
	return async (count) => ids.slice(next, (next += count));
}

/**
 * What the topic index is asked for the series' filters: each filter's literal prefixes (see
 * `literalPrefixes`), each once, and the filters themselves for the topics found under them.
 */
export function topicQueryOf(series: SeriesSpec[]): TopicQuery {
	const prefixes = [
		...new Map(
			series.flatMap((s) => literalPrefixes(s.topicFilter)).map((p) => [JSON.stringify(p), p])
		).values()
	];
	return { prefixes, wanted: (topic) => series.some((s) => seriesMatches(s, topic)) };
}

/**
 * Index ranges that hold every topic a filter matches: the part before its first wildcard level
 * as a prefix, or the whole filter when it has none. "a/#" also matches "a" itself
 * (MQTT 5 §4.7.1.2), which the prefix "a/" does not cover.
 */
function literalPrefixes(filter: string): TopicPrefix[] {
	const levels = stripSharePrefix(filter).split('/');
	const wild = levels.findIndex((level) => level === '+' || level === '#');
	if (wild === -1) return [{ text: levels.join('/'), exact: true }];
	const literal = levels.slice(0, wild);
	const prefix = { text: literal.map((level) => `${level}/`).join(''), exact: false };
	if (levels[wild] !== '#' || wild === 0) return [prefix];
	return [prefix, { text: literal.join('/'), exact: true }];
}
