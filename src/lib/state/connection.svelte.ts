import type { ConnectionStatus, SubscribeResult } from '$lib/shared/engine-api';
import type { Profile, SubscriptionSpec } from '$lib/shared/profile';
import { engine, onEngineEvents } from './engine';

/** A subscription as the UI shows it: what was asked and what the broker answered. */
export interface SubscriptionView extends SubscriptionSpec {
	result?: SubscribeResult;
}

/** Connection status and live subscriptions, per profile. */
export class ConnectionsState {
	#status = $state.raw<Record<string, ConnectionStatus>>({});
	#subscriptions = $state.raw<Record<string, SubscriptionView[]>>({});
	#storageError = $state<string | undefined>(undefined);

	constructor() {
		if (typeof window === 'undefined') return;
		onEngineEvents((events) => {
			for (const event of events) {
				if (event.type === 'status') {
					this.#status = { ...this.#status, [event.status.profileId]: event.status };
				} else if (event.type === 'subscriptions') {
					for (const result of event.results) this.#record(event.profileId, result);
				} else if (event.type === 'storage-error') {
					this.#storageError = event.message;
				}
			}
		});
	}

	/** The status of a profile's session (idle when it never connected). */
	status(profileId: string): ConnectionStatus {
		return this.#status[profileId] ?? { profileId, state: 'idle' };
	}

	/** The live subscriptions of a profile. */
	subscriptions(profileId: string): SubscriptionView[] {
		return this.#subscriptions[profileId] ?? [];
	}

	/** The last storage problem, if any. */
	get storageError(): string | undefined {
		return this.#storageError;
	}

	/** Starts a session; its default subscriptions are made on connect. */
	async connect(profile: Profile, password: string): Promise<void> {
		this.#subscriptions = { ...this.#subscriptions, [profile.id]: [...profile.subscriptions] };
		// Svelte state proxies cannot cross postMessage: send a plain copy.
		await engine().connect($state.snapshot(profile) as Profile, password);
	}

	/** Ends a session. */
	async disconnect(profileId: string): Promise<void> {
		await engine().disconnect(profileId);
	}

	/** Skips the reconnect wait. */
	async retryNow(profileId: string): Promise<void> {
		await engine().retryNow(profileId);
	}

	/** Subscribes and records the broker's answer. */
	async subscribe(profileId: string, spec: SubscriptionSpec): Promise<SubscribeResult> {
		const list = this.subscriptions(profileId).filter((s) => s.filter !== spec.filter);
		this.#subscriptions = { ...this.#subscriptions, [profileId]: [...list, spec] };
		const result = await engine().subscribe(profileId, spec);
		this.#record(profileId, result);
		return result;
	}

	/** Unsubscribes and forgets the filter. */
	async unsubscribe(profileId: string, filter: string): Promise<void> {
		const list = this.subscriptions(profileId).filter((s) => s.filter !== filter);
		this.#subscriptions = { ...this.#subscriptions, [profileId]: list };
		await engine().unsubscribe(profileId, filter);
	}

	#record(profileId: string, result: SubscribeResult): void {
		const list = this.subscriptions(profileId).map((s) =>
			s.filter === result.filter ? { ...s, result } : s
		);
		this.#subscriptions = { ...this.#subscriptions, [profileId]: list };
	}
}

/** The app's connections. */
export const connections = new ConnectionsState();
