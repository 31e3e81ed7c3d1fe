import { profilesToReconnect, reconnectDecided, reconnectNotice } from '$lib/shared/profile/reopen';
import { connections } from './connection.svelte';
import { connectedProfileIds } from './connected-set';
import { anyProfile, on } from './engine';
import { profiles } from './profiles.svelte';

/**
 * Connects again, when the app opens, the profiles that were connected when it last ran (a
 * reload, a crash, a tab closed mid-session), and says so in a short notice.
 */
export class ReopenState {
	#notice = $state<string | undefined>(undefined);
	/** Profiles reconnecting on open, by id, with their names for the notice. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- never rendered
	#trying = new Map<string, string>();
	#started = false;

	constructor() {
		if (typeof window === 'undefined') return;
		on('status', anyProfile, (event) => {
			const name = this.#trying.get(event.profileId);
			if (name === undefined || !reconnectDecided(event.status)) return;
			this.#trying.delete(event.profileId);
			const notice = reconnectNotice(name, event.status);
			if (notice) this.#notice = this.#notice ? `${this.#notice} ${notice}` : notice;
		});
	}

	/** What to tell the user about the reconnects on open, until dismissed. */
	get notice(): string | undefined {
		return this.#notice;
	}

	/** Hides the notice. */
	dismiss(): void {
		this.#notice = undefined;
	}

	/** Connects the remembered profiles (once per page; call after the profiles are loaded). */
	async reconnect(): Promise<void> {
		if (this.#started) return;
		this.#started = true;
		const wanted = profilesToReconnect(profiles.list, connectedProfileIds());
		for (const profile of wanted) this.#trying.set(profile.id, profile.name);
		await Promise.all(
			wanted.map((profile) => connections.connect(profile, profiles.passwordFor(profile)))
		);
	}
}

/** The app's reconnect on open. */
export const reopen = new ReopenState();
