import { OverviewBuckets } from '$lib/shared/charts/overview';
import type { SeriesOverview, SeriesOverviewQuery } from '$lib/shared/charts/series-query';
import { eachSeriesValue } from '$lib/shared/charts/series';
import type { Database } from '$lib/storage/db';
import { readSpread } from '$lib/storage/segment-spread';
import { topicQueryOf } from './series-read';

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
		topics: topicQueryOf(series),
		span: query.span,
		slots: query.segments,
		skipUpTo: query.skipUpTo
	});
	const buckets = Math.max(1, Math.floor(query.points / 3));
	const lines = new Map<string, { series: number; topic: string; points: OverviewBuckets }>();
	for (const run of spread.runs) {
		for (const record of run.records) {
			eachSeriesValue(record.topic, record.payload, record.time, series, (s, value, time) => {
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
			});
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
