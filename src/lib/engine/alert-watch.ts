// STUB — to be implemented (alerts helper). Interface fixed by the lead.
import type { AlertLogEntry, AlertRule } from '$lib/shared/alert-rules';
import type { MessageRecord } from '$lib/shared/engine-api';

/** Timers and clock, passed in so silence alerts are testable with fake timers. */
export interface AlertClock {
	now(): number;
	setTimeout(fn: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

/** Where fired and cleared alerts go: the alert log store, then the UI. */
export interface AlertSink {
	/** A new firing: store it (its id is set by the store) and tell the UI. */
	fired(entry: Omit<AlertLogEntry, 'id'>): void;
	/** A firing ended: update its log entry and tell the UI. */
	cleared(ruleId: string, topic: string, clearedAt: number): void;
}

/** Watches one profile's messages against its alert rules. */
export class AlertWatch {
	constructor(
		readonly profileId: string,
		private sink: AlertSink,
		private clock: AlertClock
	) {}
	/** Replaces the rules; alerts of removed or changed rules clear. */
	setRules(rules: AlertRule[]): void {
		void rules;
	}
	/** Checks one arriving message against every rule whose filter matches its topic. */
	observe(record: MessageRecord): void {
		void record;
	}
	/** The session connected: silence timers start counting. */
	start(): void {}
	/** The session ended: silence timers stop; active alerts stay until they clear. */
	stop(): void {}
}
