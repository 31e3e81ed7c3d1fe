// When the engine worker stopped (a crash, out of memory, a browser that killed it) the bridge
// starts a new one; this brings back what the user had: the profiles that were connected are
// connected again, with the subscriptions made by hand, and the user is told in plain words.
import { restartNotice } from '$lib/shared/app/restart-notice';
import type { ConnectionState } from '$lib/shared/mqtt/connection-status';
import { connections } from './connection.svelte';
import { onEngineRestart } from './engine';
import { profiles } from './profiles.svelte';

/** The states of a profile the user wants connected: it is, or the engine is trying. */
const WANTED: ReadonlySet<ConnectionState> = new Set(['connecting', 'connected', 'reconnecting']);

/** Reconnects after an engine restart and holds the notice that says so. */
export class EngineRecovery {
	#notice = $state<string | undefined>(undefined);

	/** What the user is told about the last restart, until dismissed. */
	get notice(): string | undefined {
		return this.#notice;
	}

	/** Hides the notice once read. */
	dismiss(): void {
		this.#notice = undefined;
	}

	/** Starts reacting to engine restarts; returns a function that stops it. */
	watch(): () => void {
		return onEngineRestart(() => this.#recover());
	}

	async #recover(): Promise<void> {
		const wanted = profiles.list.filter((p) => WANTED.has(connections.status(p.id).state));
		const names = wanted.map((p) => p.name);
		this.#notice = restartNotice({ reconnecting: names, reconnected: [], failed: [] });
		const reconnected: string[] = [];
		const failed: { name: string; reason: string }[] = [];
		await Promise.all(
			wanted.map(async (profile) => {
				// Made by hand in this page: the new engine knows only the profile's own ones.
				const byHand = connections.subscriptions(profile.id).filter((s) => !s.onConnect);
				try {
					await connections.connect(profile, profiles.passwordFor(profile));
					for (const { result: _result, onConnect: _onConnect, ...spec } of byHand) {
						await connections.subscribe(profile.id, spec);
					}
					reconnected.push(profile.name);
				} catch (error) {
					failed.push({ name: profile.name, reason: (error as Error).message });
				}
			})
		);
		if (wanted.length) this.#notice = restartNotice({ reconnecting: [], reconnected, failed });
	}
}

/** The app's one engine recovery. */
export const engineRecovery = new EngineRecovery();
