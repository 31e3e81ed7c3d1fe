import type { IDBPDatabase } from 'idb';
import type { ScopeDB } from './db';
import { profileRange } from './segment-append';

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
	// Heads oldest first, walked with a cursor only as far as the segment that holds `time`.
	const tx = db.transaction(['segment-heads', 'segments']);
	let before = 0;
	let cursor = await tx.objectStore('segment-heads').openCursor(profileRange(profileId));
	if (!cursor) return undefined;
	for (; cursor; cursor = await cursor.continue()) {
		const head = cursor.value;
		if (head.lastTime > time) {
			const segment = await tx.objectStore('segments').get([profileId, head.firstId]);
			const records = segment?.records ?? [];
			let atOrBefore = 0;
			while (atOrBefore < records.length && records[atOrBefore].time <= time) atOrBefore++;
			return Math.max(0, before + atOrBefore - 1);
		}
		before += head.count;
	}
	return before - 1;
}
