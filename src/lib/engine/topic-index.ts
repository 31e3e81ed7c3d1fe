import type { MessageRecord } from '$lib/shared/mqtt/message';
import type { TopicTreePage } from '$lib/shared/topics/topic-tree-page';
import { oneLinePreview } from '$lib/shared/payload/payload-preview';
import { TopicTree } from '$lib/shared/topics/topic-tree';
import type { Database } from '$lib/storage/db';
import { runsAfter } from '$lib/storage/history-runs';
import { settleJournal } from '$lib/storage/journal-settle';
import { readHead } from '$lib/storage/messages';

/** Tree changes reach the UI at most this often. */
const NOTIFY_MS = 250;
/** History is read in steps of this many segments, yielding in between. */
const SEGMENTS_PER_STEP = 20;

/**
 * One profile's topic tree: built once from stored history (in the background, oldest first)
 * and fed every new record from the live session, with changes announced a few times a second.
 */
export class TopicIndex {
	readonly tree = new TopicTree();
	#db: Database;
	#profileId: string;
	#changed: () => void;
	/** Records up to this id come from history; newer ones from the live feed. */
	#historyUpTo = Infinity;
	#building = true;
	#notifying = false;
	#disposed = false;

	constructor(db: Database, profileId: string, changed: () => void) {
		this.#db = db;
		this.#profileId = profileId;
		this.#changed = changed;
		void this.#build();
	}

	/** Adds a record from the live session (history ones are read by the build). */
	live(record: MessageRecord): void {
		if (record.id <= this.#historyUpTo) return;
		this.#add(record);
	}

	/**
	 * The visible rows for the expanded paths, plus the chain of single levels the tree opens by
	 * itself unless the user `closed` them, with previews for those rows only.
	 */
	page(expanded: string[], offset: number, limit: number, closed: string[] = []): TopicTreePage {
		const open = this.tree.openLevels(expanded, closed);
		const now = Date.now();
		const rows = this.tree.rows(open, now, offset, limit).map(({ preview, lastSize, ...row }) => ({
			...row,
			preview: preview ? oneLinePreview(preview, 120, lastSize) : ''
		}));
		return {
			rows,
			total: this.tree.rowCount(open),
			topics: this.tree.topicCount,
			building: this.#building
		};
	}

	/** Stops the build and every later notification; the tree is dropped with the index. */
	dispose(): void {
		this.#disposed = true;
	}

	/** Whether the index was disposed (its build and notifications stopped). */
	get disposed(): boolean {
		return this.#disposed;
	}

	#add(record: MessageRecord): void {
		this.tree.add(record);
		if (this.#notifying) return;
		this.#notifying = true;
		setTimeout(() => {
			this.#notifying = false;
			if (!this.#disposed) this.#changed();
		}, NOTIFY_MS);
	}

	async #build(): Promise<void> {
		await settleJournal(this.#db, this.#profileId);
		const { lastId } = await readHead(this.#db, this.#profileId);
		this.#historyUpTo = lastId;
		let lower = -Infinity;
		try {
			for (;;) {
				const segments = await runsAfter(this.#db, this.#profileId, lower, SEGMENTS_PER_STEP);
				for (const segment of segments) {
					for (const record of segment.records) if (record.id <= lastId) this.#add(record);
				}
				if (segments.length < SEGMENTS_PER_STEP || this.#disposed) break;
				lower = segments[segments.length - 1].firstId;
				// Let live records and queries in between steps.
				await new Promise((resolve) => setTimeout(resolve, 0));
			}
		} finally {
			this.#building = false;
			if (!this.#disposed) this.#changed();
		}
	}
}
