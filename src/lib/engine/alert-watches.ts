import type { IDBPDatabase } from 'idb';
import type { AlertLogEntry, AlertRule } from '$lib/shared/alerts/alert-rules';
import type { EngineEvent } from '$lib/shared/engine-api';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import * as alertLog from '$lib/storage/alert-log';
import type { ScopeDB } from '$lib/storage/db';
import { AlertWatch, type AlertClock, type AlertSink } from './alert-watch';
import { describeStorageError } from './storage-error';

/** The worker's own clock and timers (browsers throttle them far less than a hidden page's). */
const workerClock: AlertClock = {
	now: () => Date.now(),
	setTimeout: (fn, ms) => setTimeout(fn, ms),
	clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
};

/** The alert watch of every profile with rules, and the alert log they write. */
export class AlertWatches {
	#db: Promise<IDBPDatabase<ScopeDB>>;
	#emit: (event: EngineEvent) => void;
	#watches = new Map<string, AlertWatch>();
	/** Firings not yet cleared, per profile, by rule and topic: what "clear log" must keep. */
	#open = new Map<string, Map<string, AlertLogEntry>>();

	constructor(db: Promise<IDBPDatabase<ScopeDB>>, emit: (event: EngineEvent) => void) {
		this.#db = db;
		this.#emit = emit;
	}

	/** Whether a profile's rules have been handed over. */
	has(profileId: string): boolean {
		return this.#watches.has(profileId);
	}

	/** Replaces a profile's rules; `connected` starts silence counting for a new watch. */
	set(profileId: string, rules: AlertRule[], connected: boolean): void {
		let watch = this.#watches.get(profileId);
		if (!watch) {
			watch = new AlertWatch(profileId, this.#sink(profileId), workerClock);
			this.#watches.set(profileId, watch);
			if (connected) watch.start();
		}
		watch.setRules(rules);
	}

	/** Checks an arriving message against the profile's rules. */
	observe(profileId: string, record: MessageRecord): void {
		this.#watches.get(profileId)?.observe(record);
	}

	/** The profile connected: silence counting starts. */
	connected(profileId: string): void {
		this.#watches.get(profileId)?.start();
	}

	/** The profile disconnected: silence counting stops. */
	disconnected(profileId: string): void {
		this.#watches.get(profileId)?.stop();
	}

	/** The profile's alert log, newest first. */
	async log(profileId: string, limit: number): Promise<AlertLogEntry[]> {
		return alertLog.listAlertEntries(await this.#db, profileId, limit);
	}

	/** Empties the profile's alert log, except the alerts still active. */
	async clearLog(profileId: string): Promise<void> {
		const open = [...(this.#open.get(profileId)?.values() ?? [])].map((entry) => entry.id);
		await alertLog.clearAlertLog(await this.#db, profileId, open);
	}

	/** Stores a profile's firings in the log, in order, and tells the UI once each is stored. */
	#sink(profileId: string): AlertSink {
		let queue = Promise.resolve();
		const then = (write: (db: IDBPDatabase<ScopeDB>) => Promise<AlertLogEntry | undefined>) => {
			queue = queue
				.then(async () => {
					const entry = await write(await this.#db);
					if (entry) this.#emit({ type: 'alert', profileId, entry });
				})
				.catch((error: unknown) =>
					this.#emit({
						type: 'storage-error',
						profileId,
						message: `The alert log could not be saved: ${describeStorageError(error)}`
					})
				);
		};
		const open = new Map<string, AlertLogEntry>();
		this.#open.set(profileId, open);
		const key = (ruleId: string, topic: string) => JSON.stringify([ruleId, topic]);
		return {
			fired: (entry) =>
				then(async (db) => {
					const stored = await alertLog.addAlertEntry(db, entry);
					open.set(key(entry.ruleId, entry.topic), stored);
					return stored;
				}),
			cleared: (ruleId, topic, clearedAt) =>
				then(async (db) => {
					const firing = open.get(key(ruleId, topic));
					open.delete(key(ruleId, topic));
					const updated = await alertLog.clearAlertEntry(db, profileId, ruleId, topic, clearedAt);
					// The log row may be gone (pruned by the log's limit): the UI must still hear that
					// the alert cleared, or its banner would stay.
					return updated ?? (firing && { ...firing, clearedAt });
				})
		};
	}
}
