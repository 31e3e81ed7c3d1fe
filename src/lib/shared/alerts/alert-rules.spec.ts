import { describe, expect, it } from 'vitest';
import {
	conditionHolds,
	describeCondition,
	describeFiring,
	formatNumber,
	isValidRule,
	validateRule,
	type AlertCondition,
	type AlertRule
} from './alert-rules';

function rule(
	condition: AlertCondition,
	topicFilter = 'devices/7/telemetry',
	path = 'temperature'
) {
	return {
		id: 'r1',
		name: 'Too warm',
		series: { topicFilter, path },
		condition,
		enabled: true
	} satisfies AlertRule;
}

describe('conditionHolds', () => {
	it('compares numbers against above, below and outside', () => {
		expect(conditionHolds({ kind: 'above', value: 30 }, 31.2)).toBe(true);
		expect(conditionHolds({ kind: 'above', value: 30 }, 30)).toBe(false);
		expect(conditionHolds({ kind: 'below', value: 5 }, 4.9)).toBe(true);
		expect(conditionHolds({ kind: 'below', value: 5 }, 5)).toBe(false);
		const outside: AlertCondition = { kind: 'outside', min: 10, max: 30 };
		expect(conditionHolds(outside, 9)).toBe(true);
		expect(conditionHolds(outside, 31)).toBe(true);
		expect(conditionHolds(outside, 10)).toBe(false);
		expect(conditionHolds(outside, 30)).toBe(false);
	});

	it('never holds for text against numeric conditions, nor for silence', () => {
		expect(conditionHolds({ kind: 'above', value: 1 }, '5')).toBe(false);
		expect(conditionHolds({ kind: 'silence', seconds: 5 }, 1)).toBe(false);
	});

	it('compares status text ignoring case and surrounding whitespace', () => {
		const status: AlertCondition = { kind: 'status', equals: 'offline' };
		expect(conditionHolds(status, 'offline')).toBe(true);
		expect(conditionHolds(status, ' Offline\n')).toBe(true);
		expect(conditionHolds(status, 'online')).toBe(false);
		expect(conditionHolds({ kind: 'status', equals: '0' }, 0)).toBe(true);
	});
});

describe('describing alerts', () => {
	it('says what fired, in words', () => {
		expect(describeFiring(rule({ kind: 'above', value: 30 }), 'devices/7/telemetry', 31.2)).toBe(
			'temperature 31.2 is above 30'
		);
		expect(describeFiring(rule({ kind: 'silence', seconds: 30 }), 'devices/7/telemetry')).toBe(
			'no message on devices/7/telemetry for 30 s'
		);
		expect(
			describeFiring(
				rule({ kind: 'status', equals: 'offline' }, 'devices/7/status', ''),
				'devices/7/status',
				'offline'
			)
		).toBe('devices/7/status is offline');
		expect(
			describeFiring(
				rule({ kind: 'status', equals: 'offline' }, 'devices/7/info', 'state'),
				'devices/7/info',
				'offline'
			)
		).toBe('devices/7/info state is offline');
	});

	it('names the device of a wildcard filter and the topic of a bare number', () => {
		const wildcard = rule({ kind: 'outside', min: 10, max: 30 }, 'devices/+/telemetry');
		expect(describeFiring(wildcard, 'devices/7/telemetry', 35)).toBe(
			'7 temperature 35 is outside 10 to 30'
		);
		const bare = rule({ kind: 'below', value: 5 }, 'tank/level', 'value');
		expect(describeFiring(bare, 'tank/level', 4)).toBe('tank/level 4 is below 5');
	});

	it('describes conditions for the rule list and rounds float noise', () => {
		expect(describeCondition({ kind: 'above', value: 30 })).toBe('above 30');
		expect(describeCondition({ kind: 'below', value: -2.5 })).toBe('below -2.5');
		expect(describeCondition({ kind: 'outside', min: 1, max: 2 })).toBe('outside 1 to 2');
		expect(describeCondition({ kind: 'silence', seconds: 30 })).toBe('no message for 30 s');
		expect(describeCondition({ kind: 'status', equals: 'offline' })).toBe('is “offline”');
		expect(formatNumber(0.1 + 0.2)).toBe('0.3');
	});
});

describe('validateRule', () => {
	it('accepts valid rules of every kind', () => {
		expect(validateRule(rule({ kind: 'above', value: 30 }))).toEqual({});
		expect(
			validateRule(rule({ kind: 'outside', min: -5, max: 5 }, 'a/+/b', 'x["a b"][0]'))
		).toEqual({});
		expect(validateRule(rule({ kind: 'silence', seconds: 1 }, 'a/#', ''))).toEqual({});
		expect(isValidRule(rule({ kind: 'status', equals: 'offline' }, 'a/status', ''))).toBe(true);
	});

	it('explains each problem in words, by field', () => {
		const problems = validateRule({
			...rule({ kind: 'outside', min: 30, max: 10 }, 'a/b#', 'x..y'),
			name: '  '
		});
		expect(problems.name).toMatch(/name/);
		expect(problems.topicFilter).toMatch(/#/);
		expect(problems.path).toMatch(/not a JSON path/);
		expect(problems.condition).toMatch(/must be below/);
	});

	it('needs a path for numbers, finite thresholds and at least one second of silence', () => {
		expect(validateRule(rule({ kind: 'above', value: 1 }, 'a', '')).path).toMatch(/JSON path/);
		expect(validateRule(rule({ kind: 'above', value: NaN })).condition).toMatch(/number/);
		expect(validateRule(rule({ kind: 'below', value: Infinity })).condition).toMatch(/number/);
		expect(validateRule(rule({ kind: 'outside', min: NaN, max: 1 })).condition).toMatch(/numbers/);
		expect(validateRule(rule({ kind: 'silence', seconds: 0.5 })).condition).toMatch(/1 or more/);
		expect(validateRule(rule({ kind: 'status', equals: ' ' })).condition).toMatch(/status/);
		expect(validateRule(rule({ kind: 'above', value: 1 }, '')).topicFilter).toMatch(/filter/);
	});
});
