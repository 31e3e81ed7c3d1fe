import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	isCompressed,
	MAX_SPACER,
	maxOffset,
	maxScroll,
	offsetAt,
	rowRange,
	scrollFor,
	spacerHeight
} from './scroll-compression';

const ROW = 52;

describe('scroll compression', () => {
	it('is the identity while the rows fit under the cap', () => {
		const space = { content: 1000 * ROW, viewport: 700 };
		expect(isCompressed(space)).toBe(false);
		expect(isCompressed({ content: 300, viewport: 700 })).toBe(false);
		expect(isCompressed({ content: 1_000_000 * ROW, viewport: 700 })).toBe(true);
		expect(spacerHeight(space)).toBe(52_000);
		expect(offsetAt(12_345, space)).toBe(12_345);
		expect(scrollFor(12_345, space)).toBe(12_345);
		expect(offsetAt(99_999, space)).toBe(52_000 - 700);
	});

	it('caps the spacer of a million rows and still reaches the oldest row', () => {
		const space = { content: 1_000_000 * ROW, viewport: 700 };
		expect(spacerHeight(space)).toBe(MAX_SPACER);
		const bottom = offsetAt(maxScroll(space), space);
		expect(bottom).toBe(maxOffset(space));
		// The last row is drawn, wholly on screen.
		expect(rowRange(bottom, 700, ROW, 1_000_000, 0).last).toBe(999_999);
		expect((999_999 + 1) * ROW - bottom).toBe(700);
	});

	it('maps the middle of the scroll range to the middle of the rows', () => {
		const space = { content: 1_000_000 * ROW, viewport: 700 };
		const offset = offsetAt(maxScroll(space) / 2, space);
		expect(offset).toBeCloseTo(maxOffset(space) / 2, 3);
	});

	it('maps both ends exactly and in between monotonically, for any sizes', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 5_000_000 }),
				fc.integer({ min: 1, max: 2000 }),
				fc.integer({ min: 1000, max: 20_000_000 }),
				fc.double({ min: 0, max: 1, noNaN: true }),
				fc.double({ min: 0, max: 1, noNaN: true }),
				(rows, viewport, cap, a, b) => {
					const space = { content: rows * ROW, viewport, cap };
					expect(spacerHeight(space)).toBeLessThanOrEqual(Math.max(cap, 2 * viewport));
					expect(offsetAt(0, space)).toBe(0);
					expect(offsetAt(maxScroll(space), space)).toBeCloseTo(maxOffset(space), 6);
					const [low, high] = a <= b ? [a, b] : [b, a];
					const range = maxScroll(space);
					expect(offsetAt(low * range, space)).toBeLessThanOrEqual(offsetAt(high * range, space));
				}
			)
		);
	});

	it('inverts: the scroll position for an offset shows that offset again', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 5_000_000 }),
				fc.integer({ min: 1, max: 2000 }),
				fc.double({ min: 0, max: 1, noNaN: true }),
				(rows, viewport, at) => {
					const space = { content: rows * ROW, viewport, cap: 4_000_000 };
					const offset = at * maxOffset(space);
					const scroll = scrollFor(offset, space);
					expect(scroll).toBeGreaterThanOrEqual(0);
					expect(scroll).toBeLessThanOrEqual(maxScroll(space));
					// Within a thousandth of a pixel, far below a row.
					expect(Math.abs(offsetAt(scroll, space) - offset)).toBeLessThan(1e-3);
				}
			)
		);
	});

	it('clamps positions outside the scroll range', () => {
		const space = { content: 100 * ROW, viewport: 500 };
		expect(offsetAt(-40, space)).toBe(0);
		expect(offsetAt(1e9, space)).toBe(100 * ROW - 500);
		expect(scrollFor(-1, space)).toBe(0);
	});

	it('lists the rows on screen and the overscan, within the list', () => {
		expect(rowRange(0, 520, ROW, 1000, 8)).toEqual({ first: 0, last: 17 });
		expect(rowRange(26, 520, ROW, 1000, 0)).toEqual({ first: 0, last: 10 });
		expect(rowRange(52 * 995, 520, ROW, 1000, 8)).toEqual({ first: 987, last: 999 });
		expect(rowRange(0, 520, ROW, 0, 8)).toEqual({ first: 0, last: -1 });
		expect(rowRange(0, 520, ROW, 3, 8)).toEqual({ first: 0, last: 2 });
	});

	it('always covers the viewport with rows, whatever the offset', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 1_000_000 }),
				fc.integer({ min: 1, max: 2000 }),
				fc.double({ min: 0, max: 1, noNaN: true }),
				(count, viewport, at) => {
					const space = { content: count * ROW, viewport };
					const offset = at * maxOffset(space);
					const { first, last } = rowRange(offset, viewport, ROW, count, 0);
					expect(first * ROW).toBeLessThanOrEqual(offset);
					expect(Math.min(count * ROW, (last + 1) * ROW)).toBeGreaterThanOrEqual(
						Math.min(count * ROW, offset + viewport)
					);
				}
			)
		);
	});
});
