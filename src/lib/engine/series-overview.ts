import { OverviewBuckets, evenlyByTopic } from '$lib/shared/charts/overview';
import type { SeriesOverview, SeriesOverviewQuery } from '$lib/shared/charts/series-query';
import { SeriesValues } from '$lib/shared/charts/series';
import type { Database } from '$lib/storage/db';
import { readSpread } from '$lib/storage/segment-spread';
import { topicQueryOf } from './series-read';

/**
 * A chart's first look at a long range: at most `query.segments` segments spread over it (of
 * those the topic index lists for the series), their points bucketed per line as min, max and
 * last, at most `query.points` a line; from a sample of segments, a share of each line's records
 * in each (see sampledShare). Work is bounded by the segments read, whatever the range.
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
	const values = new SeriesValues(series);
	const lines = new Map<string, { series: number; topic: string; points: OverviewBuckets }>();
	const share = sampledShare(spread.sampled, spread.runs.length, query.points);
	for (const run of spread.runs) {
		const kept = evenlyByTopic(run.records, share, (topic) => values.matching(topic).length > 0);
		for (const record of run.records) {
			if (!kept(record.topic)) continue;
			values.each(record.topic, record.payload, record.time, (s, value, time) => {
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

/**
 * How many records of a topic the overview reads from each segment: all of them when it reads
 * every segment of the range (its lowest and highest are then the range's own); when the
 * segments read are a sample already, the line's share of its points, spread through the
 * segment. At a month's scale a segment falls within a bucket or two, and parsing its hundreds
 * of records a topic was most of the overview's time for a chart of many devices; the pages
 * that follow replace the sketch with every point.
 */
function sampledShare(sampled: boolean, segmentsRead: number, points: number): number {
	return sampled ? Math.ceil(points / Math.max(1, segmentsRead)) : Infinity;
}
