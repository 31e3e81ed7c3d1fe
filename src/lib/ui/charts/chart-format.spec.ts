import { describe, expect, it } from 'vitest';
import { axisTitle, windowLabel } from './chart-format';

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
