/**
 * Alert evaluation inside the engine worker, whose timers keep running while the page is in a
 * background tab. Each rule fires and clears per matching topic, so with a wildcard filter
 * device 7 going quiet alerts while the others keep reporting.
 */
import {
	conditionHolds,
	describeFiring,
	type AlertLogEntry,
	type AlertRule,
	type AlertValue
} from '$lib/shared/alerts/alert-rules';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { parsePath, readAtPath, type PathSegment } from '$lib/shared/payload/numeric-fields';
import { readSeriesValue } from '$lib/shared/charts/series';
import { topicMatches } from '$lib/shared/mqtt/topic';
import { TopicCache } from '$lib/shared/mqtt/topic-cache';
import { parsedPayload } from './parsed-payload';

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

const decoder = new TextDecoder();

/** Topics whose matching rules are remembered; beyond this the cache starts over. */
const MATCH_CACHE_LIMIT = 10_000;

/** One enabled rule and what it is watching. */
interface Watched {
	rule: AlertRule;
	/** The rule as JSON, to tell a changed rule from an unchanged one. */
	key: string;
	/** Status rules with a path: the parsed path (numeric rules read theirs via readSeriesValue). */
	segments: PathSegment[] | undefined;
	/** Topics whose alert is active (for silence, also the filter itself: nothing matched at all). */
	active: Set<string>;
	/** Silence only: when each topic was last heard (clock ms). */
	lastSeen: Map<string, number>;
	/** Silence only: pending timers by topic, or by the filter while nothing has matched. */
	timers: Map<string, unknown>;
}

/** Watches one profile's messages against its alert rules. */
export class AlertWatch {
	#watched: Watched[] = [];
	/** Rules matching each topic seen, so 1000 msg/s do not re-match every filter. */
	#matches = new TopicCache(
		(topic) => this.#watched.filter((w) => topicMatches(w.rule.series.topicFilter, topic)),
		MATCH_CACHE_LIMIT
	);
	#started = false;

	constructor(
		readonly profileId: string,
		private sink: AlertSink,
		private clock: AlertClock
	) {}

	/** Replaces the rules; alerts of removed or changed rules clear. */
	setRules(rules: AlertRule[]): void {
		const previous = new Map(this.#watched.map((w) => [w.rule.id, w]));
		const next: Watched[] = [];
		for (const rule of rules) {
			if (!rule.enabled) continue;
			const key = JSON.stringify(rule);
			const kept = previous.get(rule.id);
			if (kept && kept.key === key) {
				previous.delete(rule.id);
				next.push(kept);
				continue;
			}
			const watched: Watched = {
				rule,
				key,
				segments: rule.series.path ? parsePath(rule.series.path) : undefined,
				active: new Set(),
				lastSeen: new Map(),
				timers: new Map()
			};
			next.push(watched);
			if (this.#started && rule.condition.kind === 'silence') this.#armFilter(watched);
		}
		// What is left was removed, disabled or changed: its alerts end now.
		for (const gone of previous.values()) this.#retire(gone);
		this.#watched = next;
		this.#matches.clear();
	}

	/** Checks one arriving message against every rule whose filter matches its topic. */
	observe(record: MessageRecord): void {
		// Our own publishes are not readings from a device.
		if (record.direction !== 'in' || this.#watched.length === 0) return;
		const matching = this.#matches.get(record.topic);
		if (matching.length === 0) return;
		let parsed: unknown;
		let parsedYet = false;
		for (const watched of matching) {
			const { condition } = watched.rule;
			if (condition.kind === 'silence') {
				this.#heard(watched, record.topic);
				continue;
			}
			if (!parsedYet) {
				parsed = parsedPayload(record);
				parsedYet = true;
			}
			const value =
				condition.kind === 'status'
					? this.#statusText(watched, parsed, record.payload)
					: readSeriesValue(parsed, watched.rule.series.path);
			// A message without the value says nothing about the condition: keep the state.
			if (value === undefined) continue;
			const holds = conditionHolds(condition, value);
			const active = watched.active.has(record.topic);
			if (holds && !active) this.#fire(watched, record.topic, value);
			else if (!holds && active) this.#clear(watched, record.topic);
		}
	}

	/** The session connected: silence timers start counting. */
	start(): void {
		this.#started = true;
		for (const watched of this.#watched) {
			if (watched.rule.condition.kind !== 'silence') continue;
			this.#cancelTimers(watched);
			// A reconnect starts every known topic's count afresh: the outage was not the device's fault.
			const now = this.clock.now();
			for (const topic of watched.lastSeen.keys()) {
				watched.lastSeen.set(topic, now);
				if (!watched.active.has(topic)) this.#arm(watched, topic, this.#silenceMs(watched));
			}
			if (watched.lastSeen.size === 0) this.#armFilter(watched);
		}
	}

	/** The session ended: silence timers stop; active alerts stay until they clear. */
	stop(): void {
		this.#started = false;
		for (const watched of this.#watched) this.#cancelTimers(watched);
	}

	/** The text a status rule compares: the value at its path, or the whole payload. */
	#statusText(watched: Watched, parsed: unknown, bytes: Uint8Array): string | undefined {
		if (watched.segments) {
			const node = readAtPath(parsed, watched.segments);
			if (node === undefined) return undefined;
			return typeof node === 'object' ? JSON.stringify(node) : String(node);
		}
		if (watched.rule.series.path) return undefined; // a malformed path reads nothing
		// A JSON string payload ("offline" in quotes) means the text inside the quotes.
		if (typeof parsed === 'string') return parsed;
		return decoder.decode(bytes);
	}

	/** A silence rule heard from a topic: the topic (and the filter) are not silent now. */
	#heard(watched: Watched, topic: string): void {
		const first = !watched.lastSeen.has(topic);
		watched.lastSeen.set(topic, this.clock.now());
		const filter = watched.rule.series.topicFilter;
		if (first && topic !== filter && watched.timers.has(filter)) {
			// Something matched: the "nothing at all" count for the whole filter is over.
			this.clock.clearTimeout(watched.timers.get(filter));
			watched.timers.delete(filter);
		}
		if (topic !== filter && watched.active.has(filter)) this.#clear(watched, filter);
		if (watched.active.has(topic)) this.#clear(watched, topic);
		// A running timer re-checks lastSeen when it ends, so a message costs no timer churn.
		if (this.#started && !watched.timers.has(topic)) {
			this.#arm(watched, topic, this.#silenceMs(watched));
		}
	}

	/** Starts the "nothing matched at all" count for a silence rule's whole filter. */
	#armFilter(watched: Watched): void {
		const filter = watched.rule.series.topicFilter;
		if (watched.lastSeen.size > 0 || watched.active.has(filter)) return;
		this.#arm(watched, filter, this.#silenceMs(watched));
	}

	#arm(watched: Watched, topic: string, ms: number): void {
		const handle = this.clock.setTimeout(() => this.#timeUp(watched, topic), ms);
		watched.timers.set(topic, handle);
	}

	#timeUp(watched: Watched, topic: string): void {
		watched.timers.delete(topic);
		if (!this.#started || !this.#watched.includes(watched)) return;
		const last = watched.lastSeen.get(topic);
		const silentFor = last === undefined ? Infinity : this.clock.now() - last;
		const limit = this.#silenceMs(watched);
		if (silentFor < limit) this.#arm(watched, topic, limit - silentFor);
		else if (!watched.active.has(topic)) this.#fire(watched, topic);
	}

	#silenceMs(watched: Watched): number {
		const { condition } = watched.rule;
		return condition.kind === 'silence' ? condition.seconds * 1000 : Infinity;
	}

	#fire(watched: Watched, topic: string, value?: AlertValue): void {
		watched.active.add(topic);
		const { rule } = watched;
		this.sink.fired({
			profileId: this.profileId,
			ruleId: rule.id,
			ruleName: rule.name,
			topic,
			firedAt: this.clock.now(),
			...(value === undefined ? {} : { value: String(value) }),
			message: describeFiring(rule, topic, value)
		});
	}

	#clear(watched: Watched, topic: string): void {
		watched.active.delete(topic);
		this.sink.cleared(watched.rule.id, topic, this.clock.now());
	}

	#cancelTimers(watched: Watched): void {
		for (const handle of watched.timers.values()) this.clock.clearTimeout(handle);
		watched.timers.clear();
	}

	/** A rule stops being watched: its timers stop and its active alerts clear. */
	#retire(watched: Watched): void {
		this.#cancelTimers(watched);
		for (const topic of [...watched.active]) this.#clear(watched, topic);
	}
}
