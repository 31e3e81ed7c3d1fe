/**
 * Alert rules: what makes an alert fire and clear. Evaluated in the engine worker (whose timers
 * keep running in a background tab); shown and notified by the UI.
 */
import { BARE_VALUE_PATH, parsePath } from '../payload/numeric-fields';
import { lineName, type SeriesSpec } from '../charts/series';
import { hasWildcard, validateTopicFilter } from '../mqtt/topic';

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

/** A value an alert compares: a number (above, below, outside) or text (status). */
export type AlertValue = number | string;

/** Whether a value makes a condition true; silence is timed, never true for a value. */
export function conditionHolds(condition: AlertCondition, value: AlertValue): boolean {
	switch (condition.kind) {
		case 'above':
			return typeof value === 'number' && value > condition.value;
		case 'below':
			return typeof value === 'number' && value < condition.value;
		case 'outside':
			return typeof value === 'number' && (value < condition.min || value > condition.max);
		case 'status':
			// Devices and wills differ in case and trailing newlines: "Offline\n" is still offline.
			return normalizeStatus(String(value)) === normalizeStatus(condition.equals);
		case 'silence':
			return false;
	}
}

/** A condition in words, for the rule list: "above 30", "no message for 30 s", "is “offline”". */
export function describeCondition(condition: AlertCondition): string {
	switch (condition.kind) {
		case 'above':
			return `above ${formatNumber(condition.value)}`;
		case 'below':
			return `below ${formatNumber(condition.value)}`;
		case 'outside':
			return `outside ${formatNumber(condition.min)} to ${formatNumber(condition.max)}`;
		case 'silence':
			return `no message for ${formatNumber(condition.seconds)} s`;
		case 'status':
			return `is “${condition.equals}”`;
	}
}

/**
 * What a firing says, in words: "temperature 31.2 is above 30", "no message on devices/7/telemetry
 * for 30 s", "devices/7/status is offline". With a wildcard filter a numeric firing names the
 * device (the levels the wildcards stand for) so notifications from several devices differ.
 */
export function describeFiring(rule: AlertRule, topic: string, value?: AlertValue): string {
	const { condition, series } = rule;
	if (condition.kind === 'silence') {
		return `no message on ${topic} for ${formatNumber(condition.seconds)} s`;
	}
	if (condition.kind === 'status') {
		const subject = series.path ? `${topic} ${series.path}` : topic;
		return `${subject} is ${value === undefined ? condition.equals : String(value)}`;
	}
	const wildcard = hasWildcard(series.topicFilter);
	const what = series.path === BARE_VALUE_PATH || !series.path ? topic : series.path;
	const subject =
		wildcard && what !== topic ? `${lineName(series.topicFilter, topic)} ${what}` : what;
	const shown = typeof value === 'number' ? formatNumber(value) : String(value ?? '');
	return `${subject} ${shown} is ${describeCondition(condition)}`;
}

/** Problems with a rule, in words, by the form field they belong to; empty when valid. */
export interface RuleProblems {
	name?: string;
	topicFilter?: string;
	path?: string;
	condition?: string;
}

/** Checks a rule before it is saved. */
export function validateRule(rule: AlertRule): RuleProblems {
	const problems: RuleProblems = {};
	if (rule.name.trim() === '') problems.name = 'Give the alert a name, e.g. "Freezer too warm".';
	const filterProblem = validateTopicFilter(rule.series.topicFilter);
	if (filterProblem) problems.topicFilter = filterProblem;
	const path = rule.series.path.trim();
	const { condition } = rule;
	if (path === '') {
		if (condition.kind !== 'status' && condition.kind !== 'silence') {
			problems.path = `Enter the JSON path of the number, e.g. "temperature" ("${BARE_VALUE_PATH}" for a bare number).`;
		}
	} else if (!parsePath(path)) {
		problems.path = `"${path}" is not a JSON path: write keys with dots and indices in brackets, e.g. "sensors.temp" or "readings[0]".`;
	}
	const conditionProblem = validateCondition(condition);
	if (conditionProblem) problems.condition = conditionProblem;
	return problems;
}

/** Whether `validateRule` found nothing. */
export function isValidRule(rule: AlertRule): boolean {
	return Object.keys(validateRule(rule)).length === 0;
}

function validateCondition(condition: AlertCondition): string | undefined {
	switch (condition.kind) {
		case 'above':
		case 'below':
			return Number.isFinite(condition.value) ? undefined : 'Enter the threshold as a number.';
		case 'outside':
			if (!Number.isFinite(condition.min) || !Number.isFinite(condition.max)) {
				return 'Enter the lowest and highest allowed values as numbers.';
			}
			return condition.min < condition.max
				? undefined
				: `The lowest allowed value (${formatNumber(condition.min)}) must be below the highest (${formatNumber(condition.max)}).`;
		case 'silence':
			return Number.isFinite(condition.seconds) && condition.seconds >= 1
				? undefined
				: 'Enter how many seconds without a message count as silence (1 or more).';
		case 'status':
			return condition.equals.trim() === ''
				? 'Enter the status text that should alert, e.g. "offline".'
				: undefined;
	}
}

/** Numbers as people read them: at most 6 significant digits, no float noise. */
export function formatNumber(value: number): string {
	return String(Number(value.toPrecision(6)));
}

function normalizeStatus(text: string): string {
	return text.trim().toLowerCase();
}
