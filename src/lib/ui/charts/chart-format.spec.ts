import { describe, expect, it } from 'vitest';
import { DEFAULT_TIME_STYLE } from '$lib/shared/history/time-format';
import {
	axisTitle,
	formatFullTime,
	roundTickTimes,
	roundTimeStep,
	timeTickLimit,
	windowLabel
} from './chart-format';

describe('windowLabel', () => {
	it('names the picker’s windows as the picker does', () => {
		expect(windowLabel(5 * 60_000)).toBe('5 min');
		expect(windowLabel(0)).toBe('All');
	});

	it('names any other window in minutes, hours or days', () => {
		expect(windowLabel(15 * 60_000)).toBe('15 min');
		expect(windowLabel(90 * 60_000)).toBe('1.5 h');
		expect(windowLabel(3 * 24 * 60 * 60_000)).toBe('3 d');
	});
});

describe('axisTitle', () => {
	it('lists distinct units and hides when there are none', () => {
		expect(axisTitle(['°C', undefined, '°C', '%'], 'red')).toEqual({
			display: true,
			text: '°C, %',
			color: 'red'
		});
		expect(axisTitle([undefined, ''], 'red').display).toBe(false);
	});
});

describe('formatFullTime', () => {
	it('writes the exact time and the day in the chosen clock, empty for no time', () => {
		const time = new Date(2026, 10, 25, 14, 3, 7, 250).getTime();
		const h24 = { hourCycle: '24' as const, milliseconds: false };
		// The language is the machine's: only the digits and the order are certain.
		expect(formatFullTime(time, h24)).toMatch(/^14:03:07[.,]250 · \S.*2026$/);
		expect(formatFullTime(time, { ...h24, hourCycle: '12' })).toMatch(/^02:03:07[.,]250\D.* · /);
		expect(formatFullTime(NaN, DEFAULT_TIME_STYLE)).toBe('');
		expect(formatFullTime(1e20, DEFAULT_TIME_STYLE)).toBe('');
	});
});

describe('timeTickLimit', () => {
	it('fits fewer labels on a phone-wide axis than on a desktop one', () => {
		expect(timeTickLimit(330, 6)).toBe(4);
		expect(timeTickLimit(1000, 6)).toBe(6);
		expect(timeTickLimit(100, 6)).toBe(2);
	});

	it('keeps the maximum when the width is unknown', () => {
		expect(timeTickLimit(NaN, 5)).toBe(5);
		expect(timeTickLimit(0, 4)).toBe(4);
	});
});

describe('roundTimeStep and roundTickTimes', () => {
	const utc = () => 0;
	const minute = 60_000;
	const hour = 60 * minute;

	it('picks a round spacing for the number of labels that fit', () => {
		expect(roundTimeStep(5 * minute, 3)).toBe(2 * minute);
		expect(roundTimeStep(60 * minute, 4)).toBe(15 * minute);
		expect(roundTimeStep(60 * minute, 3)).toBe(20 * minute);
		expect(roundTimeStep(3000, 4)).toBe(1000);
		expect(roundTimeStep(30 * 86_400_000, 3)).toBe(10 * 86_400_000);
	});

	it('puts the ticks on round times, in local time', () => {
		const start = Date.UTC(2026, 10, 25, 16, 7, 30);
		// 16:07:30 to 16:12:30 every 2 minutes: 16:08, 16:10, 16:12.
		expect(roundTickTimes(start, start + 5 * minute, 2 * minute, utc)).toEqual([
			start + 30_000,
			start + 30_000 + 2 * minute,
			start + 30_000 + 4 * minute
		]);
		// At UTC+00:30 (as a zone with a half-hour offset) the round times shift with it.
		const halfHour = () => 30 * minute;
		const top = Date.UTC(2026, 10, 25, 16);
		expect(roundTickTimes(top, top + 2 * hour, hour, halfHour)).toEqual([
			top + 30 * minute,
			top + 90 * minute
		]);
	});

	it('makes only the ticks of the step, however short the span', () => {
		// 20 s at a 5 s step: 5 ticks, not one per millisecond of the span.
		const start = Date.UTC(2026, 11, 3, 9, 53, 27, 600);
		const ticks = roundTickTimes(start, start + 20_000, 5000, utc);
		expect(ticks).toEqual([2400, 7400, 12_400, 17_400].map((d) => start + d));
		expect(roundTickTimes(0, 1_000_000_000, 1, utc)).toHaveLength(1000);
	});

	it('keeps days on local midnight across a daylight-saving change', () => {
		// A zone at UTC+1 that moves to UTC+2 at 2026-03-29 01:00 UTC.
		const change = Date.UTC(2026, 2, 29, 1);
		const europe = (t: number) => (t < change ? hour : 2 * hour);
		const day = 24 * hour;
		const ticks = roundTickTimes(Date.UTC(2026, 2, 27, 12), Date.UTC(2026, 2, 31, 12), day, europe);
		expect(ticks).toEqual([
			Date.UTC(2026, 2, 27, 23),
			Date.UTC(2026, 2, 28, 23),
			Date.UTC(2026, 2, 29, 22),
			Date.UTC(2026, 2, 30, 22)
		]);
		// Hours step over the one that does not exist (02:00 local), never back.
		const hours = roundTickTimes(change - 2 * hour, change + 2 * hour, hour, europe);
		expect(hours).toEqual([
			change - 2 * hour,
			change - hour,
			change,
			change + hour,
			change + 2 * hour
		]);
	});

	it('gives no ticks for a span it cannot walk', () => {
		expect(roundTickTimes(NaN, 10, 1, utc)).toEqual([]);
		expect(roundTickTimes(0, 10, 0, utc)).toEqual([]);
		expect(roundTickTimes(10, 0, 1, utc)).toEqual([]);
	});
});
