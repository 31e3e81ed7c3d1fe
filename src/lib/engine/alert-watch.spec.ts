import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AlertCondition, AlertLogEntry, AlertRule } from '$lib/shared/alerts/alert-rules';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { AlertWatch, type AlertClock, type AlertSink } from './alert-watch';

type Event =
	{ fired: string; message: string; value?: string } | { cleared: string; ruleId: string };

const clock: AlertClock = {
	now: () => Date.now(),
	setTimeout: (fn, ms) => setTimeout(fn, ms),
	clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
};

let events: Event[];
let sink: AlertSink;
let nextId = 0;

beforeEach(() => {
	vi.useFakeTimers();
	vi.setSystemTime(Date.UTC(2026, 0, 1));
	events = [];
	sink = {
		fired: (entry: Omit<AlertLogEntry, 'id'>) =>
			events.push({ fired: entry.topic, message: entry.message, value: entry.value }),
		cleared: (ruleId, topic) => events.push({ cleared: topic, ruleId })
	};
});

afterEach(() => {
	vi.useRealTimers();
});

function rule(
	condition: AlertCondition,
	topicFilter = 'devices/7/telemetry',
	path = 'temperature',
	id = 'r1'
): AlertRule {
	return { id, name: id, series: { topicFilter, path }, condition, enabled: true };
}

function message(topic: string, payload: string, direction: 'in' | 'out' = 'in'): MessageRecord {
	return {
		profileId: 'p',
		id: ++nextId,
		direction,
		topic,
		payload: new TextEncoder().encode(payload),
		qos: 0,
		retain: false,
		dup: false,
		time: Date.now()
	};
}

const reading = (temperature: number) => JSON.stringify({ temperature });

function watching(...rules: AlertRule[]): AlertWatch {
	const watch = new AlertWatch('p', sink, clock);
	watch.setRules(rules);
	watch.start();
	return watch;
}

describe('threshold alerts', () => {
	it('fires when the value crosses, does not re-fire while active, and clears', () => {
		const watch = watching(rule({ kind: 'above', value: 30 }));
		const topic = 'devices/7/telemetry';
		watch.observe(message(topic, reading(25)));
		expect(events).toEqual([]);
		watch.observe(message(topic, reading(31.2)));
		watch.observe(message(topic, reading(35)));
		expect(events).toEqual([
			{ fired: topic, message: 'temperature 31.2 is above 30', value: '31.2' }
		]);
		watch.observe(message(topic, reading(20)));
		expect(events.at(-1)).toEqual({ cleared: topic, ruleId: 'r1' });
		expect(events).toHaveLength(2);
	});

	it('handles below and outside, and ignores messages without the value', () => {
		const watch = watching(
			rule({ kind: 'below', value: 5 }, 'tank', 'value', 'low'),
			rule({ kind: 'outside', min: 10, max: 20 }, 'room', 'temperature', 'range')
		);
		watch.observe(message('tank', '4'));
		watch.observe(message('tank', 'not a number'));
		watch.observe(message('room', reading(21)));
		watch.observe(message('room', JSON.stringify({ humidity: 40 })));
		watch.observe(message('room', reading(9)));
		expect(events.map((e) => ('fired' in e ? e.message : `cleared ${e.cleared}`))).toEqual([
			'tank 4 is below 5',
			'temperature 21 is outside 10 to 20'
		]);
		watch.observe(message('room', reading(15)));
		watch.observe(message('tank', '5'));
		expect(events.slice(2)).toEqual([
			{ cleared: 'room', ruleId: 'range' },
			{ cleared: 'tank', ruleId: 'low' }
		]);
	});

	it('fires and clears per device under a wildcard filter', () => {
		const watch = watching(rule({ kind: 'above', value: 30 }, 'devices/+/telemetry'));
		watch.observe(message('devices/1/telemetry', reading(31)));
		watch.observe(message('devices/2/telemetry', reading(32)));
		watch.observe(message('devices/1/telemetry', reading(20)));
		watch.observe(message('other/1/telemetry', reading(99)));
		expect(events).toEqual([
			{ fired: 'devices/1/telemetry', message: '1 temperature 31 is above 30', value: '31' },
			{ fired: 'devices/2/telemetry', message: '2 temperature 32 is above 30', value: '32' },
			{ cleared: 'devices/1/telemetry', ruleId: 'r1' }
		]);
	});

	it('ignores our own publishes and disabled rules', () => {
		const watch = watching(rule({ kind: 'above', value: 30 }), {
			...rule({ kind: 'below', value: 100 }, 'devices/7/telemetry', 'temperature', 'off'),
			enabled: false
		});
		watch.observe(message('devices/7/telemetry', reading(50), 'out'));
		expect(events).toEqual([]);
		watch.observe(message('devices/7/telemetry', reading(50)));
		expect(events).toHaveLength(1);
	});
});

describe('status alerts', () => {
	it('compares the whole payload as text when the path is empty', () => {
		const watch = watching(rule({ kind: 'status', equals: 'offline' }, 'devices/+/status', ''));
		watch.observe(message('devices/7/status', 'online'));
		watch.observe(message('devices/7/status', 'offline'));
		watch.observe(message('devices/8/status', '"offline"'));
		watch.observe(message('devices/7/status', 'offline'));
		expect(events).toEqual([
			{ fired: 'devices/7/status', message: 'devices/7/status is offline', value: 'offline' },
			{ fired: 'devices/8/status', message: 'devices/8/status is offline', value: 'offline' }
		]);
		watch.observe(message('devices/7/status', 'online'));
		expect(events.at(-1)).toEqual({ cleared: 'devices/7/status', ruleId: 'r1' });
	});

	it('reads the value at a path as text', () => {
		const watch = watching(rule({ kind: 'status', equals: 'false' }, 'devices/7/info', 'online'));
		watch.observe(message('devices/7/info', JSON.stringify({ online: true })));
		watch.observe(message('devices/7/info', JSON.stringify({ uptime: 3 })));
		watch.observe(message('devices/7/info', JSON.stringify({ online: false })));
		expect(events).toEqual([
			{ fired: 'devices/7/info', message: 'devices/7/info online is false', value: 'false' }
		]);
	});
});

describe('silence alerts', () => {
	it('fires after N seconds without a message and clears on the next one', () => {
		const watch = watching(rule({ kind: 'silence', seconds: 30 }, 'devices/7/telemetry'));
		const topic = 'devices/7/telemetry';
		for (let i = 0; i < 5; i++) {
			watch.observe(message(topic, reading(20)));
			vi.advanceTimersByTime(20_000);
		}
		expect(events).toEqual([]);
		vi.advanceTimersByTime(9_999);
		expect(events).toEqual([]);
		vi.advanceTimersByTime(1);
		expect(events).toEqual([{ fired: topic, message: `no message on ${topic} for 30 s` }]);
		vi.advanceTimersByTime(120_000);
		expect(events).toHaveLength(1);
		watch.observe(message(topic, reading(20)));
		expect(events.at(-1)).toEqual({ cleared: topic, ruleId: 'r1' });
		vi.advanceTimersByTime(30_000);
		expect(events).toHaveLength(3);
	});

	it('fires for one quiet device while the others keep reporting', () => {
		const watch = watching(rule({ kind: 'silence', seconds: 10 }, 'devices/+/telemetry', ''));
		for (let s = 0; s < 30; s++) {
			watch.observe(message('devices/1/telemetry', '1'));
			if (s < 5) watch.observe(message('devices/7/telemetry', '1'));
			vi.advanceTimersByTime(1_000);
		}
		expect(events).toEqual([
			{ fired: 'devices/7/telemetry', message: 'no message on devices/7/telemetry for 10 s' }
		]);
		watch.observe(message('devices/7/telemetry', '1'));
		expect(events.at(-1)).toEqual({ cleared: 'devices/7/telemetry', ruleId: 'r1' });
	});

	it('fires for the whole filter when nothing matches after start, and clears on a message', () => {
		const watch = watching(rule({ kind: 'silence', seconds: 5 }, 'devices/+/telemetry', ''));
		vi.advanceTimersByTime(5_000);
		expect(events).toEqual([
			{ fired: 'devices/+/telemetry', message: 'no message on devices/+/telemetry for 5 s' }
		]);
		watch.observe(message('devices/3/telemetry', '1'));
		expect(events.at(-1)).toEqual({ cleared: 'devices/+/telemetry', ruleId: 'r1' });
		vi.advanceTimersByTime(5_000);
		expect(events.at(-1)).toEqual({
			fired: 'devices/3/telemetry',
			message: 'no message on devices/3/telemetry for 5 s'
		});
	});

	it('counts only while started: stop cancels timers, start counts afresh', () => {
		const watch = new AlertWatch('p', sink, clock);
		watch.setRules([rule({ kind: 'silence', seconds: 5 }, 'a')]);
		vi.advanceTimersByTime(60_000);
		expect(events).toEqual([]);
		watch.start();
		watch.observe(message('a', '1'));
		vi.advanceTimersByTime(3_000);
		watch.stop();
		vi.advanceTimersByTime(60_000);
		expect(events).toEqual([]);
		watch.start();
		vi.advanceTimersByTime(4_999);
		expect(events).toEqual([]);
		vi.advanceTimersByTime(1);
		expect(events).toHaveLength(1);
		expect(vi.getTimerCount()).toBe(0);
	});
});

describe('changing rules', () => {
	it('clears the alerts of changed, disabled and removed rules, keeps unchanged ones', () => {
		const hot = rule({ kind: 'above', value: 30 }, 'a', 'temperature', 'hot');
		const cold = rule({ kind: 'below', value: 0 }, 'a', 'temperature', 'cold');
		const quiet = rule({ kind: 'silence', seconds: 5 }, 'b', '', 'quiet');
		const watch = watching(hot, cold, quiet);
		watch.observe(message('a', reading(40)));
		vi.advanceTimersByTime(5_000);
		expect(events).toHaveLength(2);
		// The same rules again: nothing changes, nothing re-fires.
		watch.setRules([{ ...hot }, cold, quiet]);
		watch.observe(message('a', reading(41)));
		expect(events).toHaveLength(2);
		// Changed threshold: the old firing clears; the next reading is judged by the new rule.
		watch.setRules([{ ...hot, condition: { kind: 'above', value: 50 } }, cold, quiet]);
		expect(events.at(-1)).toEqual({ cleared: 'a', ruleId: 'hot' });
		watch.observe(message('a', reading(41)));
		expect(events).toHaveLength(3);
		// Removing the silence rule clears its alert and its timer.
		watch.setRules([{ ...cold, enabled: false }]);
		expect(events.at(-1)).toEqual({ cleared: 'b', ruleId: 'quiet' });
		expect(vi.getTimerCount()).toBe(0);
		watch.observe(message('a', reading(-5)));
		expect(events).toHaveLength(4);
	});

	it('starts a new silence rule counting at once while connected', () => {
		const watch = watching();
		watch.setRules([rule({ kind: 'silence', seconds: 2 }, 'x')]);
		vi.advanceTimersByTime(2_000);
		expect(events).toEqual([{ fired: 'x', message: 'no message on x for 2 s' }]);
	});
});
