import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MIN_VIEW_MS, panView, wheelFactor, zoomView } from './x-view';

const view = { min: 1_000, max: 11_000 };

describe('zoomView', () => {
	it('narrows the range around the focus, keeping the time under it in place', () => {
		expect(zoomView(view, 2, 0.5)).toEqual({ min: 3_500, max: 8_500 });
		expect(zoomView(view, 2, 0)).toEqual({ min: 1_000, max: 6_000 });
		expect(zoomView(view, 2, 1)).toEqual({ min: 6_000, max: 11_000 });
		expect(zoomView(view, 0.5, 0.5)).toEqual({ min: -4_000, max: 16_000 });
	});

	it('stops at the narrowest view, still around the focus', () => {
		const narrow = zoomView(view, 1e9, 0.25);
		expect(narrow.max - narrow.min).toBe(MIN_VIEW_MS);
		expect(narrow.min).toBe(3_500 - MIN_VIEW_MS / 4);
	});

	it('keeps the view for factors and ranges it cannot use', () => {
		for (const factor of [0, -2, NaN, Infinity]) expect(zoomView(view, factor, 0.5)).toBe(view);
		const empty = { min: 5, max: 5 };
		expect(zoomView(empty, 2, 0.5)).toBe(empty);
		// A focus outside the plot (a pinch's centre off its edge) counts as the edge.
		expect(zoomView(view, 2, 7)).toEqual(zoomView(view, 2, 1));
		expect(zoomView(view, 2, NaN)).toEqual(zoomView(view, 2, 0.5));
	});

	it('keeps the focused time fixed for any zoom (property)', () => {
		fc.assert(
			fc.property(
				fc.double({ min: 0.01, max: 100, noNaN: true }),
				fc.double({ min: 0, max: 1, noNaN: true }),
				(factor, focus) => {
					const next = zoomView(view, factor, focus);
					const before = view.min + (view.max - view.min) * focus;
					const after = next.min + (next.max - next.min) * focus;
					expect(after).toBeCloseTo(before, 6);
					expect(next.max - next.min).toBeGreaterThanOrEqual(MIN_VIEW_MS - 1e-9);
				}
			)
		);
	});
});

describe('panView', () => {
	it('moves by a fraction of the width; a drag to the right shows earlier times', () => {
		expect(panView(view, 0.1)).toEqual({ min: 0, max: 10_000 });
		expect(panView(view, -0.5)).toEqual({ min: 6_000, max: 16_000 });
		expect(panView(view, NaN)).toBe(view);
	});
});

describe('wheelFactor', () => {
	it('zooms in when the wheel turns up and out when it turns down, within 2×', () => {
		expect(wheelFactor(-100)).toBeGreaterThan(1.15);
		expect(wheelFactor(-100)).toBeLessThan(1.3);
		expect(wheelFactor(100)).toBeCloseTo(1 / wheelFactor(-100), 9);
		expect(wheelFactor(-3, true)).toBeCloseTo(wheelFactor(-48), 9);
		expect(wheelFactor(-1e6)).toBe(2);
		expect(wheelFactor(1e6)).toBe(0.5);
		expect(wheelFactor(NaN)).toBe(1);
	});
});
