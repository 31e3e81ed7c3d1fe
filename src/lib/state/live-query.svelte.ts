import { untrack } from 'svelte';
import { historyReplaced } from '$lib/shared/history/history-events';
import type { LiveEvent } from '$lib/shared/engine-api';
import type { LiveKind, LiveSpec, LiveUpdateOf } from '$lib/shared/live/live-spec';
import { engine, on, onEngineRestart } from './engine';

/** What a live view does with history and with live updates. */
export interface LiveView<K extends LiveKind> {
	/**
	 * Reads history up to and including record id `cut`, once per start; `current()` turns false
	 * when the read is no longer wanted (stopped, restarted).
	 */
	backfill(cut: number, current: () => boolean): Promise<void>;
	/** Takes one batch's update; only batches after the backfill's cut arrive here. */
	apply(update: LiveUpdateOf<K>): void;
	/** Drops everything loaded: history was replaced, or the engine restarted. */
	reset(): void;
}

/** The spec of one kind. */
export type LiveSpecOf<K extends LiveKind> = Extract<LiveSpec, { kind: K }>;

/**
 * One view's live query: registers its spec with the engine, reads history once (the backfill)
 * and then applies the engine's live updates, which arrive parsed and matched, with no history
 * read per batch. Batches that land while the backfill reads are held and applied after it,
 * except those it already covered. History cleared or imported, or a restarted engine, start
 * it over.
 */
export class LiveQuery<K extends LiveKind> {
	readonly #profileId: string;
	readonly #spec: LiveSpecOf<K>;
	readonly #view: LiveView<K>;
	#phase = $state<'loading' | 'live'>('loading');
	#error = $state<string | undefined>(undefined);
	#version = $state(0);
	/** The registration with the engine, asked for once per worker. */
	#registration: Promise<string> | undefined;
	/** The engine's id for this registration, once it answered. */
	#id: string | undefined;
	/** History up to this id is read; undefined while the backfill runs. */
	#cut: number | undefined;
	/** Live events that arrived before the registration or the backfill finished. */
	#held: LiveEvent[] = [];
	#generation = 0;
	#stopped = true;
	#off: (() => void)[] = [];

	constructor(profileId: string, spec: LiveSpecOf<K>, view: LiveView<K>) {
		this.#profileId = profileId;
		this.#spec = spec;
		this.#view = view;
	}

	/** 'loading' until the backfill is in, then 'live'. */
	get phase(): 'loading' | 'live' {
		return this.#phase;
	}

	/** Why the query failed, in words, if it did. */
	get error(): string | undefined {
		return this.#error;
	}

	/** Bumped by every live update applied, so views can follow it reactively. */
	get version(): number {
		return this.#version;
	}

	/** Registers with the engine and reads history. */
	start(): void {
		if (!this.#stopped) return;
		this.#stopped = false;
		this.#off = [
			on('live', this.#profileId, (event) => this.#receive(event)),
			on('history-pruned', this.#profileId, (event) => {
				if (historyReplaced(event.reason)) this.restart();
			}),
			// A new worker knows nothing of this registration: register again.
			onEngineRestart(() => {
				this.#registration = undefined;
				this.#id = undefined;
				this.restart();
			})
		];
		// Started from effects: what the first steps read must not make the caller re-run.
		untrack(() => void this.#run(this.#generation));
	}

	/** Drops what is loaded and reads history again; the registration stays. */
	restart(): void {
		if (this.#stopped) return;
		this.#generation++;
		this.#view.reset();
		void this.#run(this.#generation);
	}

	/** Ends the registration; updates and reads still under way are dropped. */
	stop(): void {
		if (this.#stopped) return;
		this.#stopped = true;
		this.#generation++;
		for (const off of this.#off) off();
		this.#off = [];
		this.#held = [];
		const registration = this.#registration;
		this.#registration = undefined;
		this.#id = undefined;
		void registration
			?.then((id) => engine().unwatchLive(this.#profileId, id))
			.catch(() => undefined);
	}

	/** Registers once; a restart during the first backfill does not register twice. */
	#register(): Promise<string> {
		if (this.#registration) return this.#registration;
		const registration = engine()
			.watchLive(this.#profileId, $state.snapshot(this.#spec) as LiveSpec)
			.then((id) => {
				if (this.#registration === registration) this.#id = id;
				return id;
			});
		this.#registration = registration;
		return registration;
	}

	async #run(generation: number): Promise<void> {
		const current = () => !this.#stopped && generation === this.#generation;
		this.#cut = undefined;
		this.#phase = 'loading';
		this.#error = undefined;
		try {
			await this.#register();
			if (!current()) return;
			// Asked after registering: a batch committed in between is in both, and dropped below.
			const { lastId } = await engine().historyHead(this.#profileId);
			if (!current()) return;
			await this.#view.backfill(lastId, current);
			if (!current()) return;
			this.#cut = lastId;
			const held = this.#held;
			this.#held = [];
			for (const event of held) this.#apply(event);
			this.#phase = 'live';
		} catch (error) {
			if (current()) this.#error = error instanceof Error ? error.message : String(error);
		}
	}

	#receive(event: LiveEvent): void {
		if (this.#id === undefined || this.#cut === undefined) {
			// Only this registration's part is kept once its id is known.
			const mine = this.#id === undefined ? event : this.#only(event);
			if (mine.updates.length) this.#held.push(mine);
			return;
		}
		this.#apply(event);
	}

	#only(event: LiveEvent): LiveEvent {
		return { ...event, updates: event.updates.filter((u) => u.id === this.#id) };
	}

	#apply(event: LiveEvent): void {
		if (this.#cut === undefined || event.lastId <= this.#cut) return;
		const update = event.updates.find((u) => u.id === this.#id);
		if (!update || update.kind !== this.#spec.kind) return;
		this.#view.apply(update as LiveUpdateOf<K>);
		this.#version++;
	}
}
