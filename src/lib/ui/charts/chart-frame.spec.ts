import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { framePoints, packPoints } from './chart-frame';

describe('packPoints / framePoints', () => {
	it('carries points to the drawer and back, a null value still breaking the line', () => {
		const points = [
			{ x: 1_000, y: 20.5 },
			{ x: 1_500, y: null },
			{ x: 2_000, y: -3 }
		];
		const packed = packPoints(points);
		expect(Array.from(packed)).toEqual([1_000, 20.5, 1_500, NaN, 2_000, -3]);
		expect(framePoints(packed)).toEqual(points);
		expect(framePoints(packPoints([]))).toEqual([]);
	});

	it('loses nothing for any line (property)', () => {
		const point = fc.record({
			x: fc.double({ noNaN: true }),
			y: fc.option(fc.double({ noNaN: true }), { nil: null })
		});
		fc.assert(
			fc.property(fc.array(point, { maxLength: 200 }), (points) => {
				expect(framePoints(packPoints(points))).toEqual(points);
			})
		);
	});
});
