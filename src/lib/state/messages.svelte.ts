import type { HistoryHead } from '$lib/shared/history/history-query';
import type { MessageRecord, PublishState } from '$lib/shared/mqtt/message';
import { readNewest, type NewestRows } from '$lib/storage/history-page';
import { anyProfile, engine, on, onEngineRestart } from './engine';
import { pageDB } from './page-db';

/** Rows are read from history in chunks of this many. */
const CHUNK = 100;
/** Cached rows beyond this are evicted, farthest from the screen first. */
const CACHE_LIMIT = 5000;

/**
 * A window onto one profile's whole history, newest first. Rows are addressed by list index
 * (0 = newest) but cached by position from the oldest, which appends do not change.
 */
export class MessagesState {
	#profileId = $state<string | undefined>(undefined);
	#head = $state.raw<HistoryHead>({ total: 0, lastId: 0 });
	/** Bumped whenever cached rows change, so views re-read them. */
	#version = $state(0);
	#selected = $state.raw<MessageRecord | undefined>(undefined);
	// Deliberately not reactive: thousands of rows change per second; `#version` signals them.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#rows = new Map<number, MessageRecord>();
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#loading = new Set<number>();
	#generation = 0;
	/** Lists on screen now (see `showRows`). */
	#listsShown = 0;
	/** The profile the engine was last told to send rows for. */
	#rowsToldFor: string | null = null;

	constructor() {
		if (typeof window === 'undefined') return;
		// Any profile's events, checked against the one shown, which changes as the user picks.
		on('history-pruned', anyProfile, (event) => {
			if (event.profileId !== this.#profileId) return;
			// Positions from the oldest shift when the oldest go: start the window over.
			const selected = this.#selected;
			this.#reset(event.head);
			this.#selected = selected;
		});
		on('messages', anyProfile, (event) => {
			if (event.profileId !== this.#profileId) return;
			this.#append(event.head, event.newest);
			// No rows (no list on screen): the new head alone is news, to whoever reads `total`.
			if (event.newest.length) this.#version++;
		});
		on('publish-state', anyProfile, (event) => {
			if (event.profileId !== this.#profileId) return;
			if (this.#updateState(event.id, event.state, event.reason)) this.#version++;
		});
		// A new engine knows nothing of the list on screen.
		onEngineRestart(() => {
			this.#rowsToldFor = null;
			this.#tellRows();
		});
	}

	/** How many messages the profile's history holds. */
	get total(): number {
		return this.#head.total;
	}

	/** Changes whenever rows change (read it to re-render). */
	get version(): number {
		return this.#version;
	}

	/** The message whose details are shown. */
	get selected(): MessageRecord | undefined {
		return this.#selected;
	}

	/**
	 * Shows a profile's history. The head and the newest rows are read on the page's own
	 * connection, in one transaction, so the first screen does not wait for the engine worker
	 * to start; later chunks come from the engine.
	 */
	async open(profileId: string): Promise<void> {
		if (profileId === this.#profileId) return;
		this.#profileId = profileId;
		this.#reset({ total: 0, lastId: 0 });
		this.#tellRows();
		const { fresher, ...first } = await readNewest(await pageDB(), profileId, CHUNK);
		this.#showNewest(profileId, first);
		// What the profile's journal held shows once it is in IndexedDB (see readNewest). Not
		// awaited: the first screen is up, and what waits for it need not wait for the journal.
		fresher
			.then((settled) => settled && this.#showNewest(profileId, settled))
			.catch((error) => console.warn('History read again after its journal failed', error));
	}

	/** Shows a read of the newest rows, unless the profile changed or newer ones came since. */
	#showNewest(profileId: string, { head, rows }: NewestRows): void {
		if (this.#profileId !== profileId || head.lastId < this.#head.lastId) return;
		this.#reset(head);
		rows.forEach((row, i) => this.#rows.set(head.total - 1 - i, row));
	}

	/**
	 * A list of the live messages is on screen until the returned function is called. Only then
	 * does the engine send each batch's newest rows; rows that arrived while no list was shown
	 * are read from history, a chunk at a time, when one shows again.
	 */
	showRows(): () => void {
		this.#listsShown++;
		this.#tellRows();
		let shown = true;
		return () => {
			if (!shown) return;
			shown = false;
			this.#listsShown--;
			this.#tellRows();
		};
	}

	/** Selects a message for the detail view. */
	select(record: MessageRecord | undefined): void {
		this.#selected = record;
	}

	/** The row at a list index (0 = newest), loading its chunk when it is not cached. */
	row(index: number): MessageRecord | undefined {
		const position = this.#head.total - 1 - index;
		const row = this.#rows.get(position);
		if (!row && position >= 0) this.#load(Math.floor(position / CHUNK));
		return row;
	}

	/**
	 * Position from the oldest of the newest message at or before a time (the oldest's when all
	 * are later), or undefined when the history is empty.
	 */
	async positionAtTime(time: number): Promise<number | undefined> {
		const profileId = this.#profileId;
		if (!profileId) return undefined;
		return engine().positionAtTime(profileId, time);
	}

	/** Evicts cached rows far from the list indexes on screen. */
	keepNear(firstIndex: number, lastIndex: number): void {
		if (this.#rows.size <= CACHE_LIMIT) return;
		const top = this.#head.total - 1 - firstIndex;
		const bottom = this.#head.total - 1 - lastIndex;
		for (const position of this.#rows.keys()) {
			if (position > top + CACHE_LIMIT / 2 || position < bottom - CACHE_LIMIT / 2) {
				this.#rows.delete(position);
			}
		}
	}

	/** Deletes the profile's whole history. */
	async clear(): Promise<void> {
		if (!this.#profileId) return;
		await engine().clearHistory(this.#profileId);
		this.#reset({ total: 0, lastId: 0 });
	}

	/** Tells the engine which profile's rows the page wants now, when that changed. */
	#tellRows(): void {
		const wanted = this.#listsShown > 0 ? (this.#profileId ?? null) : null;
		if (wanted === this.#rowsToldFor) return;
		this.#rowsToldFor = wanted;
		engine()
			.showLiveRows(wanted)
			.catch(() => undefined);
	}

	#reset(head: HistoryHead): void {
		this.#generation++;
		this.#rows.clear();
		this.#loading.clear();
		this.#head = head;
		this.#selected = undefined;
		this.#version++;
	}

	#append(head: HistoryHead, newest: MessageRecord[]): void {
		if (head.lastId <= this.#head.lastId) return;
		const first = head.total - newest.length;
		newest.forEach((record, i) => this.#rows.set(first + i, record));
		this.#head = head;
	}

	#updateState(id: number, state: PublishState, reason: string | undefined): boolean {
		for (const [position, row] of this.#rows) {
			if (row.id !== id) continue;
			this.#rows.set(position, { ...row, state, reason });
			if (this.#selected?.id === id) this.#selected = { ...row, state, reason };
			return true;
		}
		return false;
	}

	#load(chunk: number): void {
		const profileId = this.#profileId;
		if (!profileId || this.#loading.has(chunk)) return;
		this.#loading.add(chunk);
		const generation = this.#generation;
		const { total, lastId } = this.#head;
		const newest = Math.min((chunk + 1) * CHUNK - 1, total - 1);
		const oldest = chunk * CHUNK;
		engine()
			.readPage({ profileId, maxId: lastId, skip: total - 1 - newest, limit: newest - oldest + 1 })
			.then((rows) => {
				if (generation !== this.#generation) return;
				rows.forEach((row, i) => {
					if (!this.#rows.has(newest - i)) this.#rows.set(newest - i, row);
				});
				this.#version++;
			})
			.catch(() => undefined)
			.finally(() => {
				if (generation === this.#generation) this.#loading.delete(chunk);
			});
	}
}

/** The message history on screen. */
export const messages = new MessagesState();
