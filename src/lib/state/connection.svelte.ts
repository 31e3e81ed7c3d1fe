import type { ConnectionStatus, SubscribeResult } from '$lib/shared/mqtt/connection-status';
import { pickColor } from '$lib/shared/charts/palette';
import type { Profile, SubscriptionSpec } from '$lib/shared/profile/profile';
import { rowColor, withColors } from '$lib/shared/profile/subscription-color';
import {
	NO_STORAGE_NOTICE,
	roomMade,
	storageNoticeText,
	storageRanOut,
	writeFailed,
	type StorageNotice
} from '$lib/shared/history/storage-notice';
import { forgetConnected, rememberConnected } from './connected-set';
import { anyProfile, engine, on } from './engine';
import { profiles } from './profiles.svelte';

/** A subscription as the UI shows it: what was asked and what the broker answered. */
export interface SubscriptionView extends SubscriptionSpec {
	result?: SubscribeResult;
	/** One of the profile's subscriptions, made on every connect. */
	onConnect?: boolean;
}

// The same array for the same profile object, so the panel's list does not churn.
const savedViews = new WeakMap<Profile, SubscriptionView[]>();

/** Connection status and live subscriptions, per profile. */
export class ConnectionsState {
	#status = $state.raw<Record<string, ConnectionStatus>>({});
	#subscriptions = $state.raw<Record<string, SubscriptionView[]>>({});
	#storageNotice = $state.raw<StorageNotice>(NO_STORAGE_NOTICE);

	constructor() {
		if (typeof window === 'undefined') return;
		on('status', anyProfile, (event) => {
			this.#status = { ...this.#status, [event.profileId]: event.status };
			// Kept until the user disconnects, so the app reconnects it after a reload or crash.
			const temporary = profiles.list.find((p) => p.id === event.profileId)?.temporary;
			if (event.status.state === 'connected' && !temporary) rememberConnected(event.profileId);
		});
		on('subscriptions', anyProfile, (event) => {
			for (const result of event.results) this.#record(event.profileId, result);
		});
		on('storage-error', anyProfile, (event) => {
			this.#storageNotice = writeFailed(this.#storageNotice, event.message);
		});
		on('history-pruned', anyProfile, (event) => {
			if (event.reason === 'quota')
				this.#storageNotice = roomMade(this.#storageNotice, event.removed);
		});
	}

	/** The status of a profile's session (idle when it never connected). */
	status(profileId: string): ConnectionStatus {
		return this.#status[profileId] ?? { profileId, state: 'idle' };
	}

	/**
	 * The subscriptions of a profile: the session's, once it connected in this page; before
	 * that (after a reload, say) the ones the profile makes on connect, so the panel lists them.
	 */
	subscriptions(profileId: string): SubscriptionView[] {
		return this.#subscriptions[profileId] ?? this.#saved(profileId);
	}

	/** Profiles whose session is connected or trying to be. */
	liveProfileIds(): string[] {
		return Object.values(this.#status)
			.filter((s) => s.state === 'connected' || s.state === 'reconnecting')
			.map((s) => s.profileId);
	}

	/** The storage problems since the user last dismissed them, in words; undefined when none. */
	get storageError(): string | undefined {
		return storageNoticeText(this.#storageNotice);
	}

	/** Whether storage ran out since the user last dismissed the notice (see storageRanOut). */
	get storageRanOut(): boolean {
		return storageRanOut(this.#storageNotice);
	}

	/** Hides the storage problems once the user has read them (the count starts again). */
	dismissStorageError(): void {
		this.#storageNotice = NO_STORAGE_NOTICE;
	}

	/**
	 * Starts a session; its default subscriptions are made on connect. `offlineSince`: see
	 * EngineApi.connect (a reconnect after the engine worker was restarted).
	 */
	async connect(profile: Profile, password: string, offlineSince?: number): Promise<void> {
		this.#subscriptions = {
			...this.#subscriptions,
			[profile.id]: this.#saved(profile.id, profile)
		};
		// Svelte state proxies cannot cross postMessage: send a plain copy.
		await engine().connect($state.snapshot(profile) as Profile, password, offlineSince);
	}

	/** Ends a session; the app will not reconnect it when it opens next. */
	async disconnect(profileId: string): Promise<void> {
		forgetConnected(profileId);
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
		const view: SubscriptionView = previous?.onConnect ? { ...spec, onConnect: true } : spec;
		this.#subscriptions = { ...this.#subscriptions, [profileId]: [...list, view] };
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

	/**
	 * Changes the colour that marks a subscription's messages; for one of the profile's
	 * on-connect subscriptions it is saved in the profile, so it is the same after a reload.
	 */
	setColor(profileId: string, filter: string, color: string): void {
		const live = this.#subscriptions[profileId];
		if (live) {
			const list = live.map((s) => (s.filter === filter ? { ...s, color } : s));
			this.#subscriptions = { ...this.#subscriptions, [profileId]: list };
		}
		void profiles.setSubscriptionColor(profileId, filter, color);
	}

	/** The colour of the subscription that delivered a message (see subscription-color.ts). */
	colorFor(
		profileId: string,
		topic: string,
		subscriptionIdentifier?: number | number[]
	): string | undefined {
		const saved = profiles.list.find((p) => p.id === profileId)?.subscriptions ?? [];
		return rowColor(this.#subscriptions[profileId] ?? [], saved, topic, subscriptionIdentifier);
	}

	/** The profile's on-connect subscriptions, coloured, as the panel lists them. */
	#saved(profileId: string, given?: Profile): SubscriptionView[] {
		const profile = given ?? profiles.list.find((p) => p.id === profileId);
		if (!profile) return [];
		let views = savedViews.get(profile);
		if (!views) {
			views = withColors(profile.subscriptions).map((s) => ({ ...s, onConnect: true }));
			savedViews.set(profile, views);
		}
		return views;
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
