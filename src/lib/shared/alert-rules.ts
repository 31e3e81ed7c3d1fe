/**
 * Alert rules: what makes an alert fire and clear. Evaluated in the engine worker (whose timers
 * keep running in a background tab); shown and notified by the UI.
 */
import type { SeriesSpec } from './series';

/** When an alert is active. */
export type AlertCondition =
	| { kind: 'above'; value: number }
	| { kind: 'below'; value: number }
	| { kind: 'outside'; min: number; max: number }
	/** No message on a matching topic for this many seconds. */
	| { kind: 'silence'; seconds: number }
	/** The payload (or the value at the path, as text) equals this, e.g. "offline" from a last will. */
	| { kind: 'status'; equals: string };

/** One alert of a profile. For a wildcard filter each matching topic fires and clears on its own. */
export interface AlertRule {
	id: string;
	/** What the user calls it; the notification's title. */
	name: string;
	/** The topic filter and JSON path; an empty path reads the whole payload as text (status only). */
	series: SeriesSpec;
	condition: AlertCondition;
	enabled: boolean;
}

/** One firing of an alert, kept in the alert log: when it fired and, later, when it cleared. */
export interface AlertLogEntry {
	profileId: string;
	/** Increases with time within a profile. */
	id: number;
	ruleId: string;
	ruleName: string;
	topic: string;
	firedAt: number;
	clearedAt?: number;
	/** The value that fired it, as text (absent for silence). */
	value?: string;
	/** What happened, in words: "temperature 31.2 is above 30". */
	message: string;
}
