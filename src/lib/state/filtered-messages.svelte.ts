import type { HistoryFilter, MessageRecord, PublishState } from '$lib/shared/engine-api';
import { isEmptyFilter, matchesFilter } from '$lib/shared/history-filter';
import { untrack } from 'svelte';
import { engine, onEngineEvents } from './engine';

/** Matches asked for per page. */
const PAGE = 200;

/**
 * The messages of one profile's history that match a filter, newest first: older matches are
 * read page by page as the list scrolls, new matching arrivals are added on top.
 */
export class FilteredMessagesState {
	#profileId: string | undefined;
	#filter = $state.raw<HistoryFilter>({});
	#records = $state.raw<MessageRecord[]>([]);
	#loading = $state(false);
	#done = $state(false);
	#scanned = $state(0);
	#error = $state<string | undefined>(undefined);
	#beforeId = Infinity;
	/** Ids of the records found, so a record both searched and received live is listed once. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#ids = new Set<number>();
	/** Bumped on every new filter, so a page of an older search is dropped. */
	#generation = 0;

	constructor() {
		if (typeof window === 'undefined') return;
		onEngineEvents((events) => {
			if (!this.active || this.#profileId === undefined) return;
			let added: MessageRecord[] = [];
			for (const event of events) {
				if (event.type === 'history-pruned' && event.profileId === this.#profileId) {
					// Pruned records may be on screen: search again over what is left.
					this.#search();
					return;
				}
				if (event.type === 'messages' && event.profileId === this.#profileId) {
					const fresh = event.newest.filter(
						(r) => !this.#ids.has(r.id) && matchesFilter(r, this.#filter)
					);
					// `newest` is oldest first; the list is newest first.
					added = [...fresh.reverse(), ...added];
				} else if (event.type === 'publish-state' && event.profileId === this.#profileId) {
					this.#updateState(event.id, event.state, event.reason);
				}
			}
			if (added.length) {
				for (const record of added) this.#ids.add(record.id);
				this.#records = [...added, ...this.#records];
			}
		});
	}

	/** The filter in force. */
	get filter(): HistoryFilter {
		return this.#filter;
	}

	/** Whether a filter is set (otherwise the whole history is shown unfiltered). */
	get active(): boolean {
		return !isEmptyFilter(this.#filter);
	}

	/** Matches found so far, newest first. */
	get records(): MessageRecord[] {
		return this.#records;
	}

	/** A page is being searched for. */
	get loading(): boolean {
		return this.#loading;
	}

	/** The whole history has been searched. */
	get done(): boolean {
		return this.#done;
	}

	/** How many stored messages were looked at. */
	get scanned(): number {
		return this.#scanned;
	}

	/** Why the last search failed, if it did. */
	get error(): string | undefined {
		return this.#error;
	}

	/** Follows a profile: a new profile starts with no filter. */
	open(profileId: string): void {
		if (profileId === this.#profileId) return;
		this.#profileId = profileId;
		// Called from effects: what the search reads must not make the caller re-run.
		untrack(() => {
			this.#filter = {};
			this.#search();
		});
	}

	/** Sets the filter and searches from the newest message. */
	apply(filter: HistoryFilter): void {
		this.#filter = filter;
		this.#search();
	}

	/** Removes the filter. */
	clear(): void {
		this.apply({});
	}

	/** Searches for the next page of older matches, unless one is on its way or all are found. */
	loadMore(): void {
		const profileId = this.#profileId;
		if (!profileId || !this.active || this.#loading || this.#done) return;
		const generation = this.#generation;
		this.#loading = true;
		engine()
			.readFiltered({ profileId, filter: this.#filter, beforeId: this.#beforeId, limit: PAGE })
			.then((page) => {
				if (generation !== this.#generation) return;
				const older = page.records.filter((r) => !this.#ids.has(r.id));
				for (const record of older) this.#ids.add(record.id);
				if (older.length) this.#records = [...this.#records, ...older];
				this.#scanned += page.scanned;
				this.#beforeId = page.nextBeforeId;
				this.#done = page.done;
			})
			.catch((error: unknown) => {
				if (generation !== this.#generation) return;
				this.#error = error instanceof Error ? error.message : String(error);
				this.#done = true;
			})
			.finally(() => {
				if (generation === this.#generation) this.#loading = false;
			});
	}

	#search(): void {
		this.#generation++;
		this.#records = [];
		this.#ids.clear();
		this.#scanned = 0;
		this.#error = undefined;
		this.#done = !this.active;
		this.#loading = false;
		// Matches arriving live from now on are added on top; the search covers what is stored.
		this.#beforeId = Infinity;
		this.loadMore();
	}

	#updateState(id: number, state: PublishState, reason: string | undefined): void {
		const index = this.#records.findIndex((r) => r.id === id);
		if (index < 0) return;
		const records = [...this.#records];
		records[index] = { ...records[index], state, reason };
		this.#records = records;
	}
}

/** The filtered view of the message history. */
export const filtered = new FilteredMessagesState();
