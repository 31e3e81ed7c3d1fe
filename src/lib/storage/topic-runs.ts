import type { IDBPTransaction } from 'idb';
import type { Database, ScopeDB, SegmentHead } from './db';
import { standsFor, topicKey } from './db';
import type { RecordRun } from './history-runs';
import { profileRange } from './segment-append';

/** What the topic index is asked for: one exact topic, or every topic that starts with `text`. */
export interface TopicPrefix {
	text: string;
	exact: boolean;
}

/** The topics a read is for: index ranges that hold them all, and the test each one passes. */
export interface TopicQuery {
	prefixes: TopicPrefix[];
	wanted(topic: string): boolean;
}

/**
 * Most distinct topics a read walks one index cursor each (see `walkableTopics`); a query
 * matching more lists every run of its prefixes instead.
 */
export const TOPIC_WALK_LIMIT = 32;

/** Most distinct topics looked at under the prefixes before listing is chosen anyway. */
const TOPIC_SCAN_LIMIT = 256;

/**
 * One read of a profile's history for a few topics, in one transaction: which runs hold them,
 * those runs, and the connection gaps of an id range, all from the same snapshot. The caller
 * awaits nothing but these reads in between, or the transaction ends under it.
 */
export class TopicRunsRead {
	#tx: IDBPTransaction<ScopeDB, ['segments', 'segment-heads', 'segment-samples'], 'readonly'>;
	#profileId: string;

	constructor(db: Database, profileId: string) {
		this.#tx = db.transaction(['segments', 'segment-heads', 'segment-samples']);
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
	 * The distinct topics of the query that history holds (exact ones as asked, without a read),
	 * or undefined when they are too many to walk one by one (more than TOPIC_WALK_LIMIT wanted,
	 * or more than TOPIC_SCAN_LIMIT under the prefixes). One index seek a topic: a cursor that
	 * jumps from each topic key to the next.
	 */
	async walkableTopics(query: TopicQuery): Promise<string[] | undefined> {
		const index = this.#tx.objectStore('segments').index('by-topic');
		const keyOf = (topic: string) => topicKey(this.#profileId, topic);
		const topicOf = (key: string) => key.slice(keyOf('').length);
		const found = new Set<string>();
		let scanned = 0;
		for (const prefix of query.prefixes) {
			if (prefix.exact) {
				if (query.wanted(prefix.text)) found.add(prefix.text);
				continue;
			}
			const range = IDBKeyRange.bound(keyOf(prefix.text), keyOf(`${prefix.text}\uffff`));
			let cursor = await index.openKeyCursor(range);
			while (cursor) {
				const key = cursor.key;
				if (++scanned > TOPIC_SCAN_LIMIT) return undefined;
				if (query.wanted(topicOf(key))) found.add(topicOf(key));
				if (found.size > TOPIC_WALK_LIMIT) return undefined;
				// The smallest key after every entry of this topic.
				cursor = await cursor.continue(`${key}\u0000`);
			}
		}
		return [...found];
	}

	/**
	 * Walks the runs keyed below `beforeId` that hold any of `topics`, newest first, each run
	 * once: one `topicWalk` a topic, merged. Each call of the returned function gives the keys of
	 * up to `count` more (none at the end).
	 */
	runWalk(topics: string[], beforeId: number): (count: number) => Promise<number[]> {
		if (topics.length === 1) return this.topicWalk(topics[0], beforeId);
		const walks = topics.map((topic) => ({
			next: this.topicWalk(topic, beforeId),
			keys: [] as number[],
			at: 0,
			ended: false
		}));
		let last = Infinity;
		return async (count) => {
			const ids: number[] = [];
			while (ids.length < count) {
				// Every walk that has given out its keys fetches more before the next pick.
				await Promise.all(
					walks
						.filter((walk) => walk.at === walk.keys.length && !walk.ended)
						.map(async (walk) => {
							walk.keys = await walk.next(count);
							walk.at = 0;
							walk.ended = walk.keys.length === 0;
						})
				);
				let newest: (typeof walks)[number] | undefined;
				for (const walk of walks) {
					if (walk.at === walk.keys.length) continue;
					if (!newest || walk.keys[walk.at] > newest.keys[newest.at]) newest = walk;
				}
				if (!newest) break;
				const id = newest.keys[newest.at++];
				// A run holding several of the topics comes from each of their walks.
				if (id < last) ids.push((last = id));
			}
			return ids;
		};
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
	 * first run in it that holds one of `topics`, if one does: one index cursor a topic seeking
	 * from range to range, so the index is read about once a range and topic, not once a run.
	 */
	async firstRunIdsIn(topics: string[], ranges: readonly [number, number][]): Promise<number[]> {
		const firsts = await Promise.all(topics.map((topic) => this.#firstRunIdsOf(topic, ranges)));
		return ranges.flatMap((_, i) => {
			const inRange = firsts.map((ids) => ids[i]).filter((id) => id !== undefined);
			return inRange.length ? [Math.min(...inRange)] : [];
		});
	}

	/** For each range, the key of the first run in it holding `topic` (undefined where none does). */
	async #firstRunIdsOf(
		topic: string,
		ranges: readonly [number, number][]
	): Promise<(number | undefined)[]> {
		const key = topicKey(this.#profileId, topic);
		const index = this.#tx.objectStore('segments').index('by-topic');
		const ids: (number | undefined)[] = [];
		let cursor = ranges.length ? await index.openKeyCursor(IDBKeyRange.only(key)) : null;
		for (const [from, before] of ranges) {
			if (cursor && cursor.primaryKey[1] < from) {
				cursor = await cursor.continuePrimaryKey(key, [this.#profileId, from]);
			}
			ids.push(cursor && cursor.primaryKey[1] < before ? cursor.primaryKey[1] : undefined);
		}
		return ids;
	}

	/** The runs keyed `ids` (undefined where one is gone), all asked before any answer comes. */
	runs(ids: number[]): Promise<(RecordRun | undefined)[]> {
		const store = this.#tx.objectStore('segments');
		// All gets issued before any await: IndexedDB answers them in one go.
		return Promise.all(ids.map((id) => store.get([this.#profileId, id])));
	}

	/**
	 * For each head, the run's sample where one stands for it (a few of its records, spread over
	 * it and its topics: see SegmentSample), else the whole run; undefined where the run is gone.
	 */
	async sampledRuns(heads: readonly SegmentHead[]): Promise<(RecordRun | undefined)[]> {
		const store = this.#tx.objectStore('segment-samples');
		const samples = await Promise.all(heads.map((h) => store.get([this.#profileId, h.firstId])));
		const whole = await this.runs(
			heads.filter((head, i) => !standsFor(samples[i], head)).map((head) => head.firstId)
		);
		let next = 0;
		return heads.map((head, i) => {
			const sample = samples[i];
			if (!sample || !standsFor(sample, head)) return whole[next++];
			const { firstId, lastId, records } = sample;
			return { firstId, lastId, lastTime: head.lastTime, records };
		});
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
