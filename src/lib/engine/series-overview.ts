import { OverviewBuckets } from '$lib/shared/charts/overview';
import type { SeriesOverview, SeriesOverviewQuery } from '$lib/shared/charts/series-query';
import { readSeriesValue, seriesMatches } from '$lib/shared/charts/series';
import { parsePayload, timeOf } from '$lib/shared/payload/numeric-fields';
import type { Database } from '$lib/storage/db';
import { readSpread } from '$lib/storage/segment-spread';
import { prefixesOf } from './series-read';

/**
 * A chart's first look at a long range: at most `query.segments` segments spread over it (of
 * those the topic index lists for the series), their points bucketed per line as min, max and
 * last, at most `query.points` a line. Work is bounded by the segments read, whatever the range.
 */
export async function readSeriesOverview(
	db: Database,
	query: SeriesOverviewQuery
): Promise<SeriesOverview> {
	const { profileId, series } = query;
	const spread = await readSpread(db, profileId, {
		topics: prefixesOf(series),
		span: query.span,
		slots: query.segments,
		skipUpTo: query.skipUpTo
	});
	const buckets = Math.max(1, Math.floor(query.points / 3));
	const lines = new Map<string, { series: number; topic: string; points: OverviewBuckets }>();
	for (const run of spread.runs) {
		for (const record of run.records) {
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
				let line = lines.get(key);
				if (!line) {
					line = {
						series: s,
						topic: record.topic,
						points: new OverviewBuckets(spread.from, spread.to, buckets)
					};
					lines.set(key, line);
				}
				line.points.add(time, value, record.time);
			}
		}
	}
	return {
		lines: [...lines.values()].map((line) => ({
			series: line.series,
			topic: line.topic,
			...line.points.points()
		})),
		gaps: spread.gaps,
		from: spread.from,
		to: spread.to,
		segmentsInRange: spread.inRange,
		segmentsRead: spread.runs.length
	};
}
