import type { Database, PublishHistoryEntry } from '$lib/storage/db';
import {
	addPublish,
	listPublishes,
	PUBLISH_HISTORY_LIMIT,
	removePublish
} from '$lib/storage/publishes';
import { pageDB } from './page-db';

/** A past publish as the form hands it over: the history assigns profile and id. */
export type NewPublishEntry = Omit<PublishHistoryEntry, 'profileId' | 'id'>;

/** Whether two entries would publish exactly the same message. */
function sameEntry(a: NewPublishEntry, b: NewPublishEntry): boolean {
	return (
		a.topic === b.topic &&
		a.format === b.format &&
		a.text === b.text &&
		a.qos === b.qos &&
		a.retain === b.retain &&
		sameBytes(a.payload, b.payload) &&
		JSON.stringify(a.properties ?? {}, bytesAsList) ===
			JSON.stringify(b.properties ?? {}, bytesAsList)
	);
}

function bytesAsList(_key: string, value: unknown): unknown {
	return value instanceof Uint8Array ? Array.from(value) : value;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * Each profile's recent publishes, newest first. The UI thread reads and writes this small
 * store itself: unlike message history it never sees a burst of writes.
 */
export class PublishHistoryState {
	#entries = $state.raw<Record<string, PublishHistoryEntry[]>>({});
	#error = $state<string | undefined>(undefined);
	#lastId = 0;

	/** A profile's past publishes, newest first (empty until loaded). */
	list(profileId: string): PublishHistoryEntry[] {
		return this.#entries[profileId] ?? [];
	}

	/** The last storage problem, if any: history is a convenience, publishing goes on without it. */
	get error(): string | undefined {
		return this.#error;
	}

	/** Reads a profile's publish history. */
	async load(profileId: string): Promise<void> {
		try {
			const rows = await listPublishes(await this.#database(), profileId);
			this.#entries = { ...this.#entries, [profileId]: rows };
		} catch (error) {
			this.#fail(error);
		}
	}

	/** Records a publish (newest first), dropping the oldest beyond the limit. */
	async add(profileId: string, entry: NewPublishEntry): Promise<void> {
		// Ids are publish times; two publishes in one millisecond still get distinct keys.
		const id = Math.max(Date.now(), this.#lastId + 1);
		this.#lastId = id;
		const stored: PublishHistoryEntry = { ...entry, profileId, id };
		const rows = [stored, ...this.list(profileId)].slice(0, PUBLISH_HISTORY_LIMIT);
		this.#entries = { ...this.#entries, [profileId]: rows };
		try {
			await addPublish(await this.#database(), stored);
			this.#error = undefined;
		} catch (error) {
			this.#fail(error);
		}
	}

	/** Records a publish; the same message again moves to the top instead of adding a copy. */
	async remember(profileId: string, entry: NewPublishEntry): Promise<void> {
		const same = this.list(profileId).find((e) => sameEntry(e, entry));
		if (same) await this.remove(profileId, same.id);
		await this.add(profileId, entry);
	}

	/** Forgets one past publish. */
	async remove(profileId: string, id: number): Promise<void> {
		this.#entries = {
			...this.#entries,
			[profileId]: this.list(profileId).filter((e) => e.id !== id)
		};
		try {
			await removePublish(await this.#database(), profileId, id);
		} catch (error) {
			this.#fail(error);
		}
	}

	#fail(error: unknown): void {
		const why = error instanceof Error ? error.message : String(error);
		this.#error = `Publish history could not be saved: ${why}`;
	}

	#database(): Promise<Database> {
		return pageDB();
	}
}

/** The app's publish history. */
export const publishHistory = new PublishHistoryState();
