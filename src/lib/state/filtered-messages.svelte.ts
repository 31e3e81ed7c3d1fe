import type { HistoryFilter } from '$lib/shared/history/history-filter';
import type { MessageRecord, PublishState } from '$lib/shared/mqtt/message';
import { isEmptyFilter } from '$lib/shared/history/history-filter';
import { historyReplaced } from '$lib/shared/history/history-events';
import type { LiveUpdateOf } from '$lib/shared/live/live-spec';
import { untrack } from 'svelte';
import { anyProfile, engine, on } from './engine';
import { LiveQuery } from './live-query.svelte';

/** Matches asked for per page. */
const PAGE = 200;

/**
 * The messages of one profile's history that match a filter, newest first: older matches are
 * read page by page as the list scrolls; new matching arrivals come matched by the engine in its
 * live updates (a LiveQuery) and are added on top, with no history read per batch.
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
	/** The filter's live query; a new one for every search. */
	#query: LiveQuery<'filter'> | undefined;

	constructor() {
		if (typeof window === 'undefined') return;
		// Any profile's events, checked against the one searched, which changes as the user picks.
		const shown = (profileId: string) => this.active && profileId === this.#profileId;
		on('history-pruned', anyProfile, (event) => {
			// Pruned records may be on screen: search again over what is left (the live query
			// starts over by itself when history was replaced).
			if (shown(event.profileId) && !historyReplaced(event.reason)) this.#query?.restart();
		});
		on('publish-state', anyProfile, (event) => {
			if (shown(event.profileId)) this.#updateState(event.id, event.state, event.reason);
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
		return this.#error ?? this.#query?.error;
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
		this.#query?.stop();
		this.#query = undefined;
		this.#reset();
		const profileId = this.#profileId;
		if (!profileId || !this.active) return;
		this.#loading = true;
		this.#query = new LiveQuery(
			profileId,
			{ kind: 'filter', filter: this.#filter },
			{
				backfill: async (cut, current) => {
					// Pinned to what was committed at the start; later arrivals come live.
					if (!current()) return;
					this.#beforeId = cut + 1;
					this.#loading = false;
					this.loadMore();
				},
				apply: (update) => this.#applyLive(update),
				reset: () => this.#reset()
			}
		);
		this.#query.start();
	}

	/** Forgets every match, for a new search over the same filter or a new one. */
	#reset(): void {
		this.#generation++;
		this.#records = [];
		this.#ids.clear();
		this.#scanned = 0;
		this.#error = undefined;
		this.#done = !this.active;
		this.#loading = this.active;
	}

	/** Adds a batch's matches on top; more than the engine sends means searching again. */
	#applyLive(update: LiveUpdateOf<'filter'>): void {
		if (update.overflow) {
			this.#query?.restart();
			return;
		}
		const fresh = update.records.filter((r) => !this.#ids.has(r.id));
		for (const record of fresh) this.#ids.add(record.id);
		if (fresh.length) this.#records = [...fresh, ...this.#records];
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
