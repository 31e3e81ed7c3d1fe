import type { IDBPTransaction } from 'idb';
import type { Database, ScopeDB, SegmentHead } from './db';
import { topicKey } from './db';
import type { RecordRun } from './history-runs';
import { profileRange } from './segment-append';

/** What the topic index is asked for: one exact topic, or every topic that starts with `text`. */
export interface TopicPrefix {
	text: string;
	exact: boolean;
}

/**
 * One read of a profile's history for a few topics, in one transaction: which runs hold them,
 * those runs, and the connection gaps of an id range, all from the same snapshot. The caller
 * awaits nothing but these reads in between, or the transaction ends under it.
 */
export class TopicRunsRead {
	#tx: IDBPTransaction<ScopeDB, ['segments', 'segment-heads'], 'readonly'>;
	#profileId: string;

	constructor(db: Database, profileId: string) {
		this.#tx = db.transaction(['segments', 'segment-heads']);
		this.#profileId = profileId;
	}

	/** Keys (first ids) of the runs that hold a topic of `prefixes`, each once, in no order. */
	async runIdsFor(prefixes: TopicPrefix[]): Promise<number[]> {
		const profileId = this.#profileId;
		const index = this.#tx.objectStore('segments').index('by-topic');
		const found = new Set<number>();
		const lists = await Promise.all(
			prefixes.map((prefix) =>
				prefix.exact
					? index.getAllKeys(IDBKeyRange.only(topicKey(profileId, prefix.text)))
					: index.getAllKeys(
							IDBKeyRange.bound(
								topicKey(profileId, prefix.text),
								topicKey(profileId, `${prefix.text}\uffff`)
							)
						)
			)
		);
		for (const keys of lists) for (const key of keys) found.add(key[1]);
		return [...found];
	}

	/**
	 * Walks the runs keyed below `beforeId` that hold `topic` itself, newest first: each call of
	 * the returned function gives the keys of up to `count` more (none at the end). One index
	 * cursor serves the whole walk: a chart of one topic reads the index entries of the runs it
	 * reads, where listing them all (runIdsFor) cost about as much as reading the runs once the
	 * topic was in thousands. (Chromium moves a cursor to a primary key one entry at a time, so
	 * the cursor is moved there once, not once a call.)
	 */
	topicWalk(topic: string, beforeId: number): (count: number) => Promise<number[]> {
		const key = topicKey(this.#profileId, topic);
		const index = this.#tx.objectStore('segments').index('by-topic');
		type Cursor = Awaited<ReturnType<typeof index.openKeyCursor>>;
		let cursor: Cursor | undefined;
		return async (count) => {
			if (cursor === undefined) {
				cursor = await index.openKeyCursor(IDBKeyRange.only(key), 'prev');
				// A 'prev' cursor can only be sent to a key below its own.
				if (cursor && cursor.primaryKey[1] > beforeId) {
					cursor = await cursor.continuePrimaryKey(key, [this.#profileId, beforeId]);
				}
			} else if (cursor) {
				// It stands on the last key given.
				cursor = await cursor.continue();
			}
			const ids: number[] = [];
			while (cursor) {
				const id = cursor.primaryKey[1];
				if (id < beforeId) ids.push(id);
				if (ids.length >= count) break;
				cursor = await cursor.continue();
			}
			return ids;
		};
	}

	/**
	 * For each range [from, before) of run keys (ascending, not overlapping), the key of the
	 * first run in it that holds `topic` itself, if one does: one index cursor seeking from
	 * range to range, so the index is read about once a range, not once a run.
	 */
	async firstRunIdsIn(topic: string, ranges: readonly [number, number][]): Promise<number[]> {
		const key = topicKey(this.#profileId, topic);
		const index = this.#tx.objectStore('segments').index('by-topic');
		const ids: number[] = [];
		let cursor = ranges.length ? await index.openKeyCursor(IDBKeyRange.only(key)) : null;
		for (const [from, before] of ranges) {
			if (cursor && cursor.primaryKey[1] < from) {
				cursor = await cursor.continuePrimaryKey(key, [this.#profileId, from]);
			}
			if (!cursor) break;
			if (cursor.primaryKey[1] < before) ids.push(cursor.primaryKey[1]);
		}
		return ids;
	}

	/** The runs keyed `ids` (undefined where one is gone), all asked before any answer comes. */
	runs(ids: number[]): Promise<(RecordRun | undefined)[]> {
		const store = this.#tx.objectStore('segments');
		// All gets issued before any await: IndexedDB answers them in one go.
		return Promise.all(ids.map((id) => store.get([this.#profileId, id])));
	}

	/** Every run head of the profile (small rows: where each run sits in ids and time), oldest first. */
	heads(): Promise<SegmentHead[]> {
		return this.#tx.objectStore('segment-heads').getAll(profileRange(this.#profileId));
	}

	/**
	 * The connection gaps recorded in the runs keyed from `fromId` to below `beforeId`, newest
	 * run first, each run's in its order, read from the run heads alone.
	 */
	async gaps(fromId: number, beforeId: number): Promise<{ from: number; to: number }[]> {
		const profileId = this.#profileId;
		const range = IDBKeyRange.bound([profileId, fromId], [profileId, beforeId], false, true);
		const heads = await this.#tx.objectStore('segment-heads').getAll(range);
		return heads.reverse().flatMap((head) => head.gaps ?? []);
	}
}
