import type { Latest, LatestBackfill, LatestSpec } from '$lib/shared/live/live-spec';
import { hasWildcard } from '$lib/shared/mqtt/topic';
import type { Database } from '$lib/storage/db';
import { latestOf } from './latest-extract';
import { readFiltered } from './query';

/** Matches read per history page. */
const PAGE = 500;
/** A wildcard filter reads at most this many records of history for its first values. */
export const LATEST_READ_BUDGET = 200_000;

/**
 * A tile's first values: per topic, the newest record up to `upToId` it can show (with a number
 * at the path when the spec has one), extracted exactly as the live registry extracts them.
 * An exact topic stops at its first usable record; a wildcard at the read budget.
 */
export async function readLatest(
	db: Database,
	profileId: string,
	spec: LatestSpec,
	upToId: number,
	budget = LATEST_READ_BUDGET
): Promise<LatestBackfill> {
	const byTopic = new Map<string, Latest>();
	const exact = !hasWildcard(spec.topicFilter);
	let beforeId = upToId + 1;
	let scanned = 0;
	for (;;) {
		const page = await readFiltered(db, {
			profileId,
			filter: { topicFilter: spec.topicFilter },
			beforeId,
			limit: PAGE
		});
		for (const record of page.records) {
			if (byTopic.has(record.topic)) continue;
			const latest = latestOf(record, spec);
			// Messages of another shape on the same topic do not blank a number tile.
			if (spec.path !== undefined && latest.value === undefined) continue;
			byTopic.set(record.topic, latest);
		}
		scanned += page.scanned;
		if (page.done || (exact && byTopic.size > 0)) {
			return { latest: [...byTopic.values()], scanned, complete: true };
		}
		if (scanned >= budget) return { latest: [...byTopic.values()], scanned, complete: false };
		beforeId = page.nextBeforeId;
	}
}
