import type { AlertLogEntry, AlertRule } from '$lib/shared/alerts/alert-rules';
import type { EngineEvent } from '$lib/shared/engine-api';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import * as alertLog from '$lib/storage/alert-log';
import type { Database } from '$lib/storage/db';
import { AlertWatch, type AlertClock, type AlertSink } from './alert-watch';
import { describeStorageError } from './storage-error';

/** The worker's own clock and timers (browsers throttle them far less than a hidden page's). */
const workerClock: AlertClock = {
	now: () => Date.now(),
	setTimeout: (fn, ms) => setTimeout(fn, ms),
	clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
};

/** One profile's alert watch and the alert log it writes. */
export class ProfileAlerts {
	#db: Database;
	#profileId: string;
	#emit: (event: EngineEvent) => void;
	#watch: AlertWatch | undefined;
	/** Firings not yet cleared, by rule and topic: what "clear log" must keep. */
	#open = new Map<string, AlertLogEntry>();
	/** Log writes in order; awaited by dispose so nothing is written after it. */
	#queue: Promise<void> = Promise.resolve();
	#disposed = false;

	constructor(db: Database, profileId: string, emit: (event: EngineEvent) => void) {
		this.#db = db;
		this.#profileId = profileId;
		this.#emit = emit;
	}

	/** Whether rules have been handed over. */
	get hasRules(): boolean {
		return this.#watch !== undefined;
	}

	/** Replaces the rules; `connected` starts silence counting for a new watch. */
	set(rules: AlertRule[], connected: boolean): void {
		if (this.#disposed) return;
		if (!this.#watch) {
			this.#watch = new AlertWatch(this.#profileId, this.#sink(), workerClock);
			if (connected) this.#watch.start();
		}
		this.#watch.setRules(rules);
	}

	/** Checks an arriving message against the rules. */
	observe(record: MessageRecord): void {
		this.#watch?.observe(record);
	}

	/** The profile connected: silence counting starts. */
	connected(): void {
		this.#watch?.start();
	}

	/** The profile disconnected: silence counting stops. */
	disconnected(): void {
		this.#watch?.stop();
	}

	/** The alert log, newest first. */
	async log(limit: number): Promise<AlertLogEntry[]> {
		return alertLog.listAlertEntries(this.#db, this.#profileId, limit);
	}

	/** Empties the alert log, except the alerts still active. */
	async clearLog(): Promise<void> {
		const open = [...this.#open.values()].map((entry) => entry.id);
		await alertLog.clearAlertLog(this.#db, this.#profileId, open);
	}

	/** Stops every timer and waits for pending log writes; later firings are dropped. */
	async dispose(): Promise<void> {
		this.#disposed = true;
		this.#watch?.stop();
		this.#watch = undefined;
		this.#open.clear();
		await this.#queue;
	}

	/** Stores firings in the log, in order, and tells the UI once each is stored. */
	#sink(): AlertSink {
		const profileId = this.#profileId;
		const open = this.#open;
		const then = (write: (db: Database) => Promise<AlertLogEntry | undefined>) => {
			if (this.#disposed) return;
			this.#queue = this.#queue
				.then(async () => {
					const entry = await write(this.#db);
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
