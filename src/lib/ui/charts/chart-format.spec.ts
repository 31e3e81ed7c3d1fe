import { describe, expect, it } from 'vitest';
import { DEFAULT_TIME_STYLE } from '$lib/shared/time-format';
import { axisTitle, formatFullTime, windowLabel } from './chart-format';

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
