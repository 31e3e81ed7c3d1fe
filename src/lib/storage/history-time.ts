import type { IDBPDatabase } from 'idb';
import type { ScopeDB } from './db';
import { listSegments } from './messages';

/**
 * Where a moment falls in a profile's history: the position (from the oldest, 0-based) of the
 * newest record at or before `time`, the oldest record when all are later, undefined when the
 * history is empty. Segments are found by their heads (each knows its newest record's time);
 * only the one segment that straddles `time` is read. Records are in arrival order, whose times
 * rise; a clock stepping back only makes the answer land near the step.
 */
export async function positionAtTime(
	db: IDBPDatabase<ScopeDB>,
	profileId: string,
	time: number
): Promise<number | undefined> {
	const heads = await listSegments(db, profileId);
	if (!heads.length) return undefined;
	let before = 0;
	for (const head of heads) {
		if (head.lastTime > time) {
			const segment = await db.get('segments', [profileId, head.firstId]);
			const records = segment?.records ?? [];
			let atOrBefore = 0;
			while (atOrBefore < records.length && records[atOrBefore].time <= time) atOrBefore++;
			return Math.max(0, before + atOrBefore - 1);
		}
		before += head.count;
	}
	return before - 1;
}
