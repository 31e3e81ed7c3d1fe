import type { AlertLogEntry } from '$lib/shared/alerts/alert-rules';
import type { EngineEvent } from '$lib/shared/engine-api';
import { anyProfile, engine, on } from './engine';

/** Log entries shown for the selected profile. */
const LOG_SHOWN = 200;

/** Vibration pattern of a firing on phones: two short pulses. */
const VIBRATION = [200, 100, 200];

/** Whether system notifications may be shown, or 'unsupported' where the API is missing. */
export type NotifyPermission = NotificationPermission | 'unsupported';

/** Which firing an entry is: one per rule and topic can be active. */
function firingKey(entry: Pick<AlertLogEntry, 'profileId' | 'ruleId' | 'topic'>): string {
	return JSON.stringify([entry.profileId, entry.ruleId, entry.topic]);
}

/** The tag of a firing's notification: the same for its firing and its clearing. */
export function notificationTag(
	entry: Pick<AlertLogEntry, 'profileId' | 'ruleId' | 'topic'>
): string {
	return `mqtt-scope-alert:${firingKey(entry)}`;
}

function currentPermission(): NotifyPermission {
	return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/**
 * Alerts on the UI side: the active ones (fired, not cleared) of every profile, the selected
 * profile's log, and a system notification plus a vibration for each firing. The engine worker
 * decides when alerts fire; this only shows them.
 */
export class AlertsState {
	#active = $state.raw<AlertLogEntry[]>([]);
	#log = $state.raw<AlertLogEntry[]>([]);
	#logProfile = $state<string | undefined>(undefined);
	#permission = $state<NotifyPermission>(currentPermission());
	#listening = false;
	/** Whether saving a rule already asked for permission in this page load. */
	#askedOnSave = false;
	/** Notifications shown without a service worker, by tag, to close them when they clear. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
	readonly #pageNotifications = new Map<string, Notification>();

	/** Active alerts of a profile, oldest first. */
	activeFor(profileId: string | undefined): AlertLogEntry[] {
		return this.#active.filter((entry) => entry.profileId === profileId);
	}

	/** Whether a log entry's firing is still active in this session of the app. */
	isActive(entry: AlertLogEntry): boolean {
		const key = firingKey(entry);
		return this.#active.some((a) => a.id === entry.id && firingKey(a) === key);
	}

	/** The opened profile's alert log, newest first. */
	get log(): AlertLogEntry[] {
		return this.#log;
	}

	/** Whether system notifications are allowed, blocked, not yet decided or unsupported. */
	get permission(): NotifyPermission {
		return this.#permission;
	}

	/** Starts receiving alerts from the engine (once; the banner calls it on every page). */
	listen(): void {
		if (this.#listening) return;
		this.#listening = true;
		// For the app's lifetime: alerts must notify on every view, so nothing unsubscribes.
		on('alert', anyProfile, (event) => this.#receive([event]));
	}

	/** Loads a profile's alert log for the Alerts view. */
	async open(profileId: string): Promise<void> {
		this.listen();
		this.#logProfile = profileId;
		// The user may have changed the permission in the browser's site settings meanwhile.
		this.#permission = currentPermission();
		const entries = await engine().alertLog(profileId, LOG_SHOWN);
		if (this.#logProfile === profileId) this.#log = entries;
	}

	/** Empties the opened profile's alert log, except the entries of alerts still active. */
	async clearLog(): Promise<void> {
		const profileId = this.#logProfile;
		if (!profileId) return;
		await engine().clearAlertLog(profileId);
		// Active alerts keep their entries (the engine keeps them), so read back what is left.
		const left = await engine().alertLog(profileId, LOG_SHOWN);
		if (this.#logProfile === profileId) this.#log = left;
	}

	/**
	 * Asks for permission to show system notifications, if not decided yet (the "Allow
	 * notifications" button). Browsers only prompt during a user gesture.
	 */
	async requestPermission(): Promise<NotifyPermission> {
		if (typeof Notification === 'undefined') return (this.#permission = 'unsupported');
		if (Notification.permission !== 'default') return (this.#permission = Notification.permission);
		try {
			this.#permission = await Notification.requestPermission();
		} catch {
			this.#permission = currentPermission();
		}
		return this.#permission;
	}

	/**
	 * Asks for permission when a rule is saved and nobody decided yet: call it from the save
	 * click, a user gesture (issue #5: asked then, not before). Rules can also come from the demo
	 * or an import, so this does not wait for the first rule. A dismissed prompt stays 'default':
	 * it is not asked again on every save of the same page load (browsers block sites that nag).
	 */
	async requestPermissionOnSave(): Promise<NotifyPermission> {
		const now = currentPermission();
		if (now !== 'default' || this.#askedOnSave) return (this.#permission = now);
		this.#askedOnSave = true;
		return this.requestPermission();
	}

	#receive(events: EngineEvent[]): void {
		for (const event of events) {
			if (event.type !== 'alert') continue;
			const { entry } = event;
			const key = firingKey(entry);
			const others = this.#active.filter((a) => firingKey(a) !== key);
			this.#active = entry.clearedAt === undefined ? [...others, entry] : others;
			if (entry.profileId === this.#logProfile) {
				const rest = this.#log.filter((e) => e.id !== entry.id);
				this.#log = [entry, ...rest].sort((a, b) => b.id - a.id).slice(0, LOG_SHOWN);
			}
			if (entry.clearedAt === undefined) void this.#notify(entry);
			else void this.#unnotify(entry);
		}
	}

	/** A system notification (also from a background tab) that vibrates on phones. */
	async #notify(entry: AlertLogEntry): Promise<void> {
		this.#permission = currentPermission();
		if (this.#permission !== 'granted') {
			navigator.vibrate?.(VIBRATION);
			return;
		}
		const title = entry.ruleName;
		const tag = notificationTag(entry);
		// `renotify` and `vibrate` are in the Notifications spec but not in TypeScript's DOM types.
		const options: NotificationOptions & { renotify: boolean; vibrate: number[] } = {
			body: entry.message.includes(entry.topic)
				? entry.message
				: `${entry.message} (${entry.topic})`,
			// One notification per rule and topic: a re-firing replaces the old one, and with
			// renotify it sounds and vibrates again instead of replacing it silently.
			tag,
			renotify: true,
			vibrate: VIBRATION,
			data: { profileId: entry.profileId, ruleId: entry.ruleId, topic: entry.topic, id: entry.id }
		};
		try {
			// Through the service worker: Android has no `new Notification`, and tests can list them.
			const registration = await navigator.serviceWorker?.getRegistration();
			if (registration) {
				await registration.showNotification(title, options);
				return;
			}
		} catch {
			// Fall through to a page notification.
		}
		try {
			// Same tag: the browser replaces the old one, so only the newest is kept to close.
			const shown = new Notification(title, options);
			this.#pageNotifications.set(tag, shown);
			shown.onclose = () => {
				if (this.#pageNotifications.get(tag) === shown) {
					this.#pageNotifications.delete(tag);
				}
			};
		} catch {
			// No way to notify here; the banner still shows the alert.
			navigator.vibrate?.(VIBRATION);
		}
	}

	/** Closes the notification of a firing that cleared: it no longer describes anything. */
	async #unnotify(entry: AlertLogEntry): Promise<void> {
		const tag = notificationTag(entry);
		this.#pageNotifications.get(tag)?.close();
		this.#pageNotifications.delete(tag);
		try {
			const registration = await navigator.serviceWorker?.getRegistration();
			const shown = (await registration?.getNotifications({ tag })) ?? [];
			for (const notification of shown) notification.close();
		} catch {
			// Nothing to close, or no service worker: the notification stays until dismissed.
		}
	}
}

/** The app's one alerts state. */
export const alerts = new AlertsState();
