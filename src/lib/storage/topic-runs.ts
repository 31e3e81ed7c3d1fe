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
