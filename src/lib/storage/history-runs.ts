import type { Database, Segment } from './db';
import { topicKey } from './db';

/**
 * Records of one profile stored together (one segment), in id order. `firstId` is the run's
 * key: at or below its first record's id (a rewritten run keeps its key), so a walk goes on from
 * it; `lastId` and `lastTime` are its newest record's, so a walk can skip a run unread.
 */
export type RecordRun = Readonly<Pick<Segment, 'firstId' | 'lastId' | 'lastTime' | 'records'>>;

/**
 * The profile's runs whose key is below `beforeId`, newest first, in one read transaction; with
 * `topic`, only the runs holding that exact topic (through the topic index). The caller awaits
 * nothing but this walk between runs, or the transaction ends under it.
 */
export async function* runsNewestFirst(
	db: Database,
	profileId: string,
	beforeId: number,
	topic?: string
): AsyncGenerator<RecordRun, void, undefined> {
	const tx = db.transaction('segments');
	// Runs are keyed by their first id: the one holding beforeId - 1 starts below beforeId.
	let cursor =
		topic !== undefined
			? await tx.store
					.index('by-topic')
					.openCursor(IDBKeyRange.only(topicKey(profileId, topic)), 'prev')
			: await tx.store.openCursor(
					IDBKeyRange.bound([profileId, -Infinity], [profileId, beforeId], false, true),
					'prev'
				);
	while (cursor) {
		// Only the topic-index walk can meet runs at or above beforeId.
		if (cursor.value.firstId < beforeId) yield cursor.value;
		cursor = await cursor.continue();
	}
}

/**
 * The profile's run after the one keyed `afterFirstId`, oldest first, or undefined at the end.
 * One short read a run, not a cursor: a cursor's transaction would commit while the caller
 * awaits something else between runs. Keyed by firstId, so retention deleting old runs
 * meanwhile cannot make a walk skip or repeat one.
 */
export function runAfter(
	db: Database,
	profileId: string,
	afterFirstId: number
): Promise<RecordRun | undefined> {
	return db.get(
		'segments',
		IDBKeyRange.bound([profileId, afterFirstId], [profileId, Infinity], true, false)
	);
}

/** Up to `count` of the profile's runs after the one keyed `afterFirstId`, oldest first. */
export function runsAfter(
	db: Database,
	profileId: string,
	afterFirstId: number,
	count: number
): Promise<RecordRun[]> {
	const range = IDBKeyRange.bound([profileId, afterFirstId], [profileId, Infinity], true);
	return db.getAll('segments', range, count);
}

/** The id of the profile's oldest stored record, from its oldest run's key (0 when empty). */
export async function oldestRecordId(db: Database, profileId: string): Promise<number> {
	const range = IDBKeyRange.bound([profileId, -Infinity], [profileId, Infinity]);
	const key = await db.getKey('segments', range);
	return key ? key[1] : 0;
}
