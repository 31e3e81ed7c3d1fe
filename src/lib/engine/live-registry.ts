import type { SeriesLine } from '$lib/shared/charts/series-query';
import { SeriesValues } from '$lib/shared/charts/series';
import { matchesFilter } from '$lib/shared/history/history-filter';
import {
	LIVE_FILTER_CAP,
	type Latest,
	type LiveSpec,
	type LiveUpdate
} from '$lib/shared/live/live-spec';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { topicMatches } from '$lib/shared/mqtt/topic';
import { TopicCache } from '$lib/shared/mqtt/topic-cache';
import { latestOf } from './latest-extract';
import { parsedPayload } from './parsed-payload';

/** Gathers what one batch brings one registration. */
interface Collector {
	take(record: MessageRecord): void;
	/** The update, or undefined when the batch brought nothing for it. */
	result(id: string): LiveUpdate | undefined;
}

/** A registration: makes the collector of each batch, with what it keeps between batches. */
type Registration = () => Collector;

/**
 * What one profile's views follow live. After each committed batch, `collect` matches every
 * record against every registration, parsing a payload at most once (shared with the alert
 * watch), and returns one update per registration the batch concerns: no view reads history
 * to stay current. Which registrations a topic concerns is worked out once per topic, not per
 * message: a busy dashboard sees the same few topics thousands of times a second.
 */
export class LiveRegistry {
	#registrations = new Map<string, Registration>();
	#next = 0;

	/** Registers what a view follows; returns the id its updates carry. */
	watch(spec: LiveSpec): string {
		const id = `live-${++this.#next}`;
		this.#registrations.set(id, registrationFor(spec));
		return id;
	}

	/** Ends a registration. */
	unwatch(id: string): void {
		this.#registrations.delete(id);
	}

	/** How many registrations there are. */
	get size(): number {
		return this.#registrations.size;
	}

	/** The updates a committed batch (oldest first) brings the registrations. */
	collect(records: MessageRecord[]): LiveUpdate[] {
		if (!this.#registrations.size || !records.length) return [];
		const collectors = [...this.#registrations].map(([id, start]) => [id, start()] as const);
		for (const record of records) {
			for (const [, collector] of collectors) collector.take(record);
		}
		const updates: LiveUpdate[] = [];
		for (const [id, collector] of collectors) {
			const update = collector.result(id);
			if (update) updates.push(update);
		}
		return updates;
	}
}

function registrationFor(spec: LiveSpec): Registration {
	switch (spec.kind) {
		case 'series': {
			const values = new SeriesValues(spec.series);
			return () => new SeriesCollector(spec, values);
		}
		case 'latest': {
			const matches = new TopicCache((topic) => topicMatches(spec.topicFilter, topic));
			return () => new LatestCollector(spec, matches);
		}
		case 'filter':
			return () => new FilterCollector(spec);
		case 'topic':
			return () => new TopicCollector(spec);
	}
}

/** New points of a chart's series: the same reading as `readSeries` does from history. */
class SeriesCollector implements Collector {
	#values: SeriesValues;
	#lines = new Map<
		string,
		{ series: number; topic: string; t: number[]; v: number[]; a: number[] }
	>();
	#gaps: { from: number; to: number }[] = [];
	#matched: (string | null)[];

	constructor(spec: Extract<LiveSpec, { kind: 'series' }>, values: SeriesValues) {
		this.#values = values;
		this.#matched = spec.series.map(() => null);
	}

	take(record: MessageRecord): void {
		// A gap belongs to every chart: the first record after an outage may be on any topic.
		if (record.gapBefore) this.#gaps.push(record.gapBefore);
		const { topic } = record;
		for (const s of this.#values.matching(topic)) this.#matched[s] ??= topic;
		this.#values.eachParsed(
			topic,
			() => parsedPayload(record),
			record.time,
			(s, value, time) => {
				const key = `${s}\u0000${topic}`;
				let line = this.#lines.get(key);
				if (!line) {
					line = { series: s, topic, t: [], v: [], a: [] };
					this.#lines.set(key, line);
				}
				line.t.push(time);
				line.v.push(value);
				line.a.push(record.time);
			}
		);
	}

	result(id: string): LiveUpdate | undefined {
		const matchedAny = this.#matched.some((topic) => topic !== null);
		if (!this.#lines.size && !this.#gaps.length && !matchedAny) return undefined;
		const lines: SeriesLine[] = [...this.#lines.values()].map((line) => ({
			series: line.series,
			topic: line.topic,
			times: Float64Array.from(line.t),
			values: Float64Array.from(line.v),
			arrivals: Float64Array.from(line.a)
		}));
		return { kind: 'series', id, lines, gaps: this.#gaps, matched: this.#matched };
	}
}

/** The newest message of each topic a tile's filter matches (with a number at its path). */
class LatestCollector implements Collector {
	#spec: Extract<LiveSpec, { kind: 'latest' }>;
	#matches: TopicCache<boolean>;
	#records: MessageRecord[] = [];

	constructor(spec: Extract<LiveSpec, { kind: 'latest' }>, matches: TopicCache<boolean>) {
		this.#spec = spec;
		this.#matches = matches;
	}

	take(record: MessageRecord): void {
		if (this.#matches.get(record.topic)) this.#records.push(record);
	}

	result(id: string): LiveUpdate | undefined {
		// Newest first: a tile shows each topic's newest reading, so older records are not read.
		const byTopic = new Map<string, Latest>();
		for (let i = this.#records.length - 1; i >= 0; i--) {
			const record = this.#records[i];
			if (byTopic.has(record.topic)) continue;
			const latest = latestOf(record, this.#spec);
			// Messages of another shape on the same topic do not blank a number tile.
			if (this.#spec.path !== undefined && latest.value === undefined) continue;
			byTopic.set(record.topic, latest);
		}
		if (!byTopic.size) return undefined;
		return { kind: 'latest', id, latest: [...byTopic.values()].reverse() };
	}
}

/** Every record a filtered list's filter matches, newest first, up to the cap. */
class FilterCollector implements Collector {
	#spec: Extract<LiveSpec, { kind: 'filter' }>;
	#records: MessageRecord[] = [];
	#overflow = false;

	constructor(spec: Extract<LiveSpec, { kind: 'filter' }>) {
		this.#spec = spec;
	}

	take(record: MessageRecord): void {
		if (!matchesFilter(record, this.#spec.filter)) return;
		this.#records.push(record);
		// Keep the newest: the list searches again anyway once it overflowed.
		if (this.#records.length > LIVE_FILTER_CAP) {
			this.#records.shift();
			this.#overflow = true;
		}
	}

	result(id: string): LiveUpdate | undefined {
		if (!this.#records.length) return undefined;
		return { kind: 'filter', id, records: this.#records.reverse(), overflow: this.#overflow };
	}
}

/** The newest two messages of one topic in the batch. */
class TopicCollector implements Collector {
	#topic: string;
	#records: MessageRecord[] = [];

	constructor(spec: Extract<LiveSpec, { kind: 'topic' }>) {
		this.#topic = spec.topic;
	}

	take(record: MessageRecord): void {
		if (record.topic !== this.#topic) return;
		this.#records.push(record);
		if (this.#records.length > 2) this.#records.shift();
	}

	result(id: string): LiveUpdate | undefined {
		if (!this.#records.length) return undefined;
		return { kind: 'topic', id, records: this.#records };
	}
}
