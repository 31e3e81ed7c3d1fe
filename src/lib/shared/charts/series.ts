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
	timeOf
} from '../payload/numeric-fields';
import { topicMatches } from '../mqtt/topic';

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
	if (typeof payload === 'number' || typeof payload === 'boolean') {
		return path === BARE_VALUE_PATH ? plottable(payload) : undefined;
	}
	const segments = parsePath(path);
	if (!segments) return undefined;
	return plottable(readAtPath(payload, segments));
}

/**
 * Hands `take` each series (by index) whose filter matches the message's topic and whose path
 * holds a plottable value, with that value and the message's time (the payload's own time
 * field, or `arrived`). The payload is parsed once, and only if some series matches.
 */
export function eachSeriesValue(
	topic: string,
	payload: Uint8Array,
	arrived: number,
	series: readonly SeriesSpec[],
	take: (index: number, value: number, time: number) => void
): void {
	let parsed: { payload: unknown; time: number } | undefined;
	for (let s = 0; s < series.length; s++) {
		if (!seriesMatches(series[s], topic)) continue;
		if (!parsed) {
			const value = parsePayload(payload);
			parsed = { payload: value, time: timeOf(value) ?? arrived };
		}
		const value = readSeriesValue(parsed.payload, series[s].path);
		if (value !== undefined) take(s, value, parsed.time);
	}
}

function plottable(value: unknown): number | undefined {
	if (typeof value === 'boolean') return value ? 1 : 0;
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
