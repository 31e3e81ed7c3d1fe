import { describe, expect, it } from 'vitest';
import {
	DEFAULT_TIME_STYLE,
	formatAxisTime,
	formatTime,
	isTimeStyle,
	systemUses12Hour,
	TIME_UNKNOWN,
	type TimeStyle
} from './time-format';

// Local time, so the expectations hold in any time zone the tests run in.
const afternoon = new Date(2026, 10, 25, 14, 3, 7, 250).getTime();
const justAfterMidnight = new Date(2026, 10, 25, 0, 5, 9, 4).getTime();
const h24: TimeStyle = { hourCycle: '24', milliseconds: true };
const h12: TimeStyle = { hourCycle: '12', milliseconds: true };
const system: TimeStyle = { hourCycle: 'system', milliseconds: true };

describe('formatTime', () => {
	it('writes 24-hour time with milliseconds, also in a language that uses 12-hour time', () => {
		expect(formatTime(afternoon, h24, {}, 'en-US')).toBe('14:03:07.250');
		expect(formatTime(justAfterMidnight, h24, {}, 'en-US')).toBe('00:05:09.004');
	});

	it('writes 12-hour time with AM/PM, also in a language that uses 24-hour time', () => {
		expect(formatTime(afternoon, h12, {}, 'en-US')).toBe('02:03:07.250 PM');
		expect(formatTime(justAfterMidnight, h12, {}, 'en-US')).toBe('12:05:09.004 AM');
		expect(formatTime(afternoon, h12, {}, 'en-GB')).toMatch(/^02:03:07\.250\s?pm$/i);
	});

	it('follows the language when the style is "system"', () => {
		expect(formatTime(afternoon, system, {}, 'en-US')).toBe('02:03:07.250 PM');
		expect(formatTime(afternoon, system, {}, 'de-DE')).toBe('14:03:07,250');
	});

	it('drops milliseconds when the style or the caller says so', () => {
		expect(formatTime(afternoon, { hourCycle: '24', milliseconds: false }, {}, 'en-US')).toBe(
			'14:03:07'
		);
		expect(formatTime(afternoon, h24, { milliseconds: false }, 'en-US')).toBe('14:03:07');
		expect(formatTime(afternoon, h24, { seconds: false }, 'en-US')).toBe('14:03');
	});

	it('adds the date when asked', () => {
		expect(formatTime(afternoon, h24, { date: 'day', milliseconds: false }, 'en-US')).toBe(
			'Nov 25, 14:03:07'
		);
		expect(formatTime(afternoon, h24, { date: 'year' }, 'en-US')).toBe(
			'Nov 25, 2026, 14:03:07.250'
		);
		expect(formatTime(afternoon, h24, { date: 'day', clock: false }, 'en-US')).toBe('Nov 25');
	});

	it('never throws: impossible times give a readable placeholder', () => {
		for (const bad of [NaN, Infinity, -Infinity, 8.64e15 + 1, -8.64e15 - 1, Number.MAX_VALUE]) {
			expect(formatTime(bad, h24)).toBe(TIME_UNKNOWN);
		}
		expect(formatTime('12' as unknown as number, h24)).toBe(TIME_UNKNOWN);
		// The edges of a Date's range are still times.
		expect(formatTime(8.64e15, h24, { date: 'year' }, 'en-US')).not.toBe(TIME_UNKNOWN);
		expect(formatTime(0, h24, {}, 'en-US')).toMatch(/^\d\d:\d\d:\d\d\.000$/);
	});

	it('falls back to ISO for a language tag Intl refuses', () => {
		expect(formatTime(0, h24, {}, 'not a locale!')).toBe('1970-01-01 00:00:00.000 UTC');
	});
});

describe('formatAxisTime', () => {
	it('is only as precise as the tick step', () => {
		expect(formatAxisTime(afternoon, 10 * 60_000, h24, 'en-US')).toBe('14:03');
		expect(formatAxisTime(afternoon, 10_000, h24, 'en-US')).toBe('14:03:07');
		expect(formatAxisTime(afternoon, 200, h24, 'en-US')).toBe('14:03:07.250');
		expect(formatAxisTime(afternoon, 200, { hourCycle: '24', milliseconds: false }, 'en-US')).toBe(
			'14:03:07'
		);
		expect(formatAxisTime(afternoon, 2 * 86_400_000, h24, 'en-US')).toBe('Nov 25');
		expect(formatAxisTime(afternoon, 10 * 60_000, h12, 'en-US')).toBe('2:03 PM');
		expect(formatAxisTime(justAfterMidnight, 10 * 60_000, h24, 'en-US')).toBe('00:05');
	});

	it('copes with a missing or absurd step and time', () => {
		expect(formatAxisTime(afternoon, NaN, h24, 'en-US')).toBe('14:03');
		expect(formatAxisTime(NaN, 1000, h24)).toBe(TIME_UNKNOWN);
	});
});

describe('settings values', () => {
	it('knows which languages use a 12-hour clock', () => {
		expect(systemUses12Hour('en-US')).toBe(true);
		expect(systemUses12Hour('de-DE')).toBe(false);
	});

	it('accepts only well-formed stored styles', () => {
		expect(isTimeStyle(DEFAULT_TIME_STYLE)).toBe(true);
		expect(isTimeStyle({ hourCycle: '24', milliseconds: false })).toBe(true);
		for (const bad of [
			null,
			'x',
			{},
			{ hourCycle: '13', milliseconds: true },
			{ hourCycle: '24' }
		]) {
			expect(isTimeStyle(bad)).toBe(false);
		}
	});
});
