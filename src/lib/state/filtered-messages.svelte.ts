import type { HistoryFilter } from '$lib/shared/history/history-filter';
import type { MessageRecord, PublishState } from '$lib/shared/mqtt/message';
import { isEmptyFilter } from '$lib/shared/history/history-filter';
import { untrack } from 'svelte';
import { anyProfile, engine, on } from './engine';

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
	/**
	 * The search covers ids up to `#liveFrom`; newer arrivals are asked of the engine up to the
	 * newest committed id (`#liveTarget`). Asking the engine, not matching the batch's `newest`
	 * here, keeps matching off the UI thread and sees every arrival, not only the capped newest.
	 */
	#liveFrom: number | undefined;
	#liveTarget = 0;
	#catchingUp = false;

	constructor() {
		if (typeof window === 'undefined') return;
		// Any profile's events, checked against the one searched, which changes as the user picks.
		const shown = (profileId: string) => this.active && profileId === this.#profileId;
		on('history-pruned', anyProfile, (event) => {
			// Pruned records may be on screen: search again over what is left.
			if (shown(event.profileId)) this.#search();
		});
		on('messages', anyProfile, (event) => {
			if (!shown(event.profileId)) return;
			this.#liveTarget = Math.max(this.#liveTarget, event.head.lastId);
			void this.#catchUp();
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
		this.#liveFrom = undefined;
		const profileId = this.#profileId;
		if (!profileId || !this.active) {
			this.#loading = false;
			return;
		}
		// Pin the search to what is committed now; later arrivals come through #catchUp.
		this.#loading = true;
		const generation = this.#generation;
		engine()
			.historyHead(profileId)
			.then((head) => {
				if (generation !== this.#generation) return;
				this.#liveFrom = head.lastId;
				this.#liveTarget = Math.max(this.#liveTarget, head.lastId);
				this.#beforeId = head.lastId + 1;
				this.#loading = false;
				this.loadMore();
				void this.#catchUp();
			})
			.catch((error: unknown) => {
				if (generation !== this.#generation) return;
				this.#error = error instanceof Error ? error.message : String(error);
				this.#loading = false;
				this.#done = true;
			});
	}

	/** Adds the matches among messages committed since the search, newest on top. */
	async #catchUp(): Promise<void> {
		const profileId = this.#profileId;
		if (this.#catchingUp || !profileId) return;
		this.#catchingUp = true;
		try {
			while (this.#liveFrom !== undefined && this.#liveTarget > this.#liveFrom) {
				const generation = this.#generation;
				const upTo = this.#liveTarget;
				const page = await engine().readFiltered({
					profileId,
					filter: this.#filter,
					afterId: this.#liveFrom,
					beforeId: upTo + 1,
					limit: PAGE
				});
				if (generation !== this.#generation) continue;
				if (!page.done) {
					// More new matches than a page: start over, newest first, rather than leave a hole.
					this.#search();
					return;
				}
				const fresh = page.records.filter((r) => !this.#ids.has(r.id));
				for (const record of fresh) this.#ids.add(record.id);
				if (fresh.length) this.#records = [...fresh, ...this.#records];
				this.#liveFrom = upTo;
			}
		} catch (error) {
			this.#error = error instanceof Error ? error.message : String(error);
		} finally {
			this.#catchingUp = false;
		}
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
