import { describe, expect, it } from 'vitest';
import { assignColors, isHexColor, PALETTE, pickColor } from './palette';

describe('pickColor', () => {
	it('starts with the first palette colour', () => {
		expect(pickColor([])).toBe(PALETTE[0]);
	});

	it('skips colours already in use, ignoring case', () => {
		expect(pickColor([PALETTE[0].toUpperCase(), PALETTE[1]])).toBe(PALETTE[2]);
	});

	it('fills a gap left by a removed subscription', () => {
		expect(pickColor([PALETTE[0], PALETTE[2]])).toBe(PALETTE[1]);
	});

	it('repeats the palette in order once every colour is taken', () => {
		expect(pickColor([...PALETTE])).toBe(PALETTE[PALETTE.length % PALETTE.length]);
		expect(pickColor([...PALETTE, PALETTE[0]])).toBe(PALETTE[1]);
	});

	it('ignores custom colours outside the palette', () => {
		expect(pickColor(['#123456', undefined])).toBe(PALETTE[0]);
	});
});

describe('assignColors', () => {
	it('gives each uncoloured spec a distinct colour and keeps chosen ones', () => {
		const result = assignColors([
			{ filter: 'a', color: undefined },
			{ filter: 'b', color: PALETTE[0] },
			{ filter: 'c' }
		]);
		expect(result.map((s) => s.color)).toEqual([PALETTE[1], PALETTE[0], PALETTE[2]]);
		expect(new Set(result.map((s) => s.color)).size).toBe(3);
	});

	it('replaces a colour that is not #rrggbb', () => {
		expect(assignColors([{ color: 'red' }])[0].color).toBe(PALETTE[0]);
	});

	it('leaves the input untouched', () => {
		const input: { filter: string; color?: string }[] = [{ filter: 'a' }];
		assignColors(input);
		expect(input).toEqual([{ filter: 'a' }]);
	});
});

describe('isHexColor', () => {
	it('accepts #rrggbb only', () => {
		expect(PALETTE.every(isHexColor)).toBe(true);
		expect(isHexColor('#abc')).toBe(false);
		expect(isHexColor('teal')).toBe(false);
		expect(isHexColor(undefined)).toBe(false);
	});
});
