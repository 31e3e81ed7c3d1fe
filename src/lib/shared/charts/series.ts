/**
 * Series: what a chart line, a big number, a gauge or an alert follows — a topic filter plus a
 * JSON path (see numeric-fields.ts for the path notation). A wildcard filter gives one line per
 * matching topic, named by the levels the wildcards stand for.
 */
import {
	BARE_VALUE_PATH,
	parsePath,
	parsePayload,
	readAtPath,
	timeOf,
	type PathSegment
} from '../payload/numeric-fields';
import { topicMatches } from '../mqtt/topic';
import { TopicCache } from '../mqtt/topic-cache';

/** A topic filter and the JSON path of the value to follow. */
export interface SeriesSpec {
	/** An MQTT topic filter; + and # give one line per matching topic. */
	topicFilter: string;
	/** JSON path of the value ("temperature", `["living room"].temp`, "readings[0]"); "value" for a bare number. */
	path: string;
}

/**
 * The name of the line a topic gives under a filter: the levels matched by + and # joined with
 * "/" ("device01" for sensors/+/telemetry), or the topic itself when the filter has no wildcard.
 */
export function lineName(topicFilter: string, topic: string): string {
	const filterLevels = topicFilter.split('/');
	if (!filterLevels.some((level) => level === '+' || level === '#')) return topic;
	const topicLevels = topic.split('/');
	const parts: string[] = [];
	filterLevels.forEach((level, i) => {
		if (level === '+') parts.push(topicLevels[i] ?? '');
		else if (level === '#') parts.push(topicLevels.slice(i).join('/'));
	});
	const name = parts.join('/');
	return name === '' ? topic : name;
}

/** Whether a topic belongs to a series. */
export function seriesMatches(spec: SeriesSpec, topic: string): boolean {
	return topicMatches(spec.topicFilter, topic);
}

/**
 * The plottable value at a path of a parsed payload: a finite number, or a boolean as 1/0.
 * "value" also reads a bare number or boolean payload. Undefined otherwise.
 */
export function readSeriesValue(payload: unknown, path: string): number | undefined {
	return plottableAt(payload, path, parsePath(path));
}

/** readSeriesValue with the path already parsed (`segments`; undefined: it does not parse). */
function plottableAt(
	payload: unknown,
	path: string,
	segments: PathSegment[] | undefined
): number | undefined {
	if (typeof payload === 'number' || typeof payload === 'boolean') {
		return path === BARE_VALUE_PATH ? plottable(payload) : undefined;
	}
	return segments ? plottable(readAtPath(payload, segments)) : undefined;
}

/**
 * Series made ready for reading many records: each path parsed once, and which series a topic
 * belongs to worked out once per topic (a chart's read goes through millions of records of a
 * few topics, and a live chart sees the same few topics batch after batch).
 */
export class SeriesValues {
	readonly #series: readonly SeriesSpec[];
	readonly #paths: (PathSegment[] | undefined)[];
	readonly #byTopic = new TopicCache<readonly number[]>((topic) =>
		this.#series.flatMap((spec, s) => (seriesMatches(spec, topic) ? [s] : []))
	);

	constructor(series: readonly SeriesSpec[]) {
		this.#series = series;
		this.#paths = series.map((spec) => parsePath(spec.path));
	}

	/** Indices of the series whose filter matches `topic` (empty: none does). */
	matching(topic: string): readonly number[] {
		return this.#byTopic.get(topic);
	}

	/**
	 * Hands `take` each series (by index) whose filter matches the message's topic and whose path
	 * holds a plottable value, with that value and the message's time (the payload's own time
	 * field, or `arrived`). The payload is parsed once, and only if some series matches.
	 */
	each(
		topic: string,
		payload: Uint8Array,
		arrived: number,
		take: (index: number, value: number, time: number) => void
	): void {
		this.eachParsed(topic, () => parsePayload(payload), arrived, take);
	}

	/** As `each`, with the payload parsed by `parse` (called once, only if some series matches). */
	eachParsed(
		topic: string,
		parse: () => unknown,
		arrived: number,
		take: (index: number, value: number, time: number) => void
	): void {
		const matching = this.matching(topic);
		if (matching.length === 0) return;
		const parsed = parse();
		let time: number | undefined;
		for (const s of matching) {
			const value = plottableAt(parsed, this.#series[s].path, this.#paths[s]);
			if (value !== undefined) take(s, value, (time ??= timeOf(parsed) ?? arrived));
		}
	}
}

function plottable(value: unknown): number | undefined {
	if (typeof value === 'boolean') return value ? 1 : 0;
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
