import { describe, expect, it } from 'vitest';
import { DEFAULT_TIME_STYLE } from '$lib/shared/history/time-format';
import {
	axisTitle,
	formatFullTime,
	roundTicks,
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

describe('roundTimeStep and roundTicks', () => {
	const utc = () => 0;
	const minute = 60_000;

	it('picks a round spacing for the number of labels that fit', () => {
		expect(roundTimeStep(5 * minute, 3)).toBe(2 * minute);
		expect(roundTimeStep(60 * minute, 4)).toBe(15 * minute);
		expect(roundTimeStep(60 * minute, 3)).toBe(20 * minute);
		expect(roundTimeStep(3000, 4)).toBe(1000);
		expect(roundTimeStep(30 * 86_400_000, 3)).toBe(10 * 86_400_000);
	});

	it('keeps the ticks on round times, in local time', () => {
		const start = Date.UTC(2026, 10, 25, 16, 7);
		const everyMinute = Array.from({ length: 6 }, (_, i) => start + i * minute);
		expect(roundTicks(everyMinute, 2 * minute, utc)).toEqual([
			start + minute,
			start + 3 * minute,
			start + 5 * minute
		]);
		// At UTC+00:30 (as a zone with a half-hour offset) the round times shift with it.
		const halfHour = () => 30 * minute;
		expect(roundTicks([start, start + 60 * minute], 60 * minute, halfHour)).toEqual([
			start,
			start + 60 * minute
		]);
	});

	it('leaves the ticks alone when fewer than two are round', () => {
		const odd = [1001, 2001, 3001];
		expect(roundTicks(odd, 1000, utc)).toEqual(odd);
	});
});
