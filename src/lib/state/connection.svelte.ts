import type { ConnectionStatus, SubscribeResult } from '$lib/shared/engine-api';
import { assignColors, pickColor } from '$lib/shared/palette';
import type { Profile, SubscriptionSpec } from '$lib/shared/profile';
import { topicMatches } from '$lib/shared/topic';
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
				} else if (event.type === 'history-pruned' && event.reason === 'quota') {
					this.#storageError =
						`The browser’s storage for this site was full: the oldest ${event.removed.toLocaleString()} ` +
						'messages were removed so recording could go on. Profiles are kept. ' +
						'Lower the retention limits or export history you want to keep.';
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

	/** Profiles whose session is connected or trying to be. */
	liveProfileIds(): string[] {
		return Object.values(this.#status)
			.filter((s) => s.state === 'connected' || s.state === 'reconnecting')
			.map((s) => s.profileId);
	}

	/** The last storage problem, if any. */
	get storageError(): string | undefined {
		return this.#storageError;
	}

	/** Hides the storage problem once the user has read it. */
	dismissStorageError(): void {
		this.#storageError = undefined;
	}

	/** Starts a session; its default subscriptions are made on connect. */
	async connect(profile: Profile, password: string): Promise<void> {
		this.#subscriptions = {
			...this.#subscriptions,
			[profile.id]: assignColors(profile.subscriptions)
		};
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
		const previous = this.subscriptions(profileId).find((s) => s.filter === spec.filter);
		const list = this.subscriptions(profileId).filter((s) => s.filter !== spec.filter);
		// A re-subscription keeps its colour, so the messages already listed keep theirs.
		const color = spec.color ?? previous?.color ?? pickColor(list.map((s) => s.color));
		spec = { ...spec, color };
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

	/** Changes the colour that marks a subscription's messages. */
	setColor(profileId: string, filter: string, color: string): void {
		const list = this.subscriptions(profileId).map((s) =>
			s.filter === filter ? { ...s, color } : s
		);
		this.#subscriptions = { ...this.#subscriptions, [profileId]: list };
	}

	/**
	 * The colour of the subscription that delivered a message: the one whose subscription
	 * identifier the message carries (MQTT 5 §3.3.2.3.8), else the first whose filter matches.
	 */
	colorFor(
		profileId: string,
		topic: string,
		subscriptionIdentifier?: number | number[]
	): string | undefined {
		const list = this.subscriptions(profileId);
		const ids = [subscriptionIdentifier ?? []].flat();
		const tagged = ids.length
			? list.find(
					(s) => s.subscriptionIdentifier !== undefined && ids.includes(s.subscriptionIdentifier)
				)
			: undefined;
		return (tagged ?? list.find((s) => topicMatches(s.filter, topic)))?.color;
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
