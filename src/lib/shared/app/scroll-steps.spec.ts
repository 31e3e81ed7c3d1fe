import { describe, expect, it } from 'vitest';
import { GLIDE_GAP_MS, keyPixels, SwipeTracker, wheelPixels } from './scroll-steps';

const ROW = 52;
const VIEWPORT = 600;

describe('scroll steps', () => {
	it('reads a wheel delta in pixels, lines (rows) and pages', () => {
		expect(wheelPixels({ deltaY: 100, deltaMode: 0 }, ROW, VIEWPORT)).toBe(100);
		expect(wheelPixels({ deltaY: -3, deltaMode: 1 }, ROW, VIEWPORT)).toBe(-156);
		expect(wheelPixels({ deltaY: 1, deltaMode: 2 }, ROW, VIEWPORT)).toBe(600);
	});

	it('steps by 40 px for an arrow and most of a screen for a page key, none for others', () => {
		expect(keyPixels('ArrowDown', ROW, VIEWPORT)).toBe(40);
		expect(keyPixels('ArrowUp', ROW, VIEWPORT)).toBe(-40);
		expect(keyPixels('PageDown', ROW, VIEWPORT)).toBe(525);
		expect(keyPixels('PageUp', ROW, VIEWPORT)).toBe(-525);
		// A viewport smaller than a row still pages by a row.
		expect(keyPixels('PageDown', ROW, 20)).toBe(ROW);
		expect(keyPixels('Home', ROW, VIEWPORT)).toBeUndefined();
		expect(keyPixels('a', ROW, VIEWPORT)).toBeUndefined();
	});
});

describe('SwipeTracker', () => {
	it('takes scrolls as the finger’s while it touches and while its glide goes on', () => {
		const swipe = new SwipeTracker();
		expect(swipe.scrolled(0)).toBe(false);
		swipe.touchStart();
		expect(swipe.scrolled(10)).toBe(true);
		// A long pause while the finger rests does not end the swipe.
		expect(swipe.scrolled(1000)).toBe(true);
		swipe.touchEnd(1010);
		// The glide: scroll events close together.
		expect(swipe.scrolled(1010 + GLIDE_GAP_MS)).toBe(true);
		expect(swipe.scrolled(1010 + 2 * GLIDE_GAP_MS)).toBe(true);
		// A pause ends it, and what scrolls after (the thumb) is not the finger's, however fast.
		expect(swipe.scrolled(1010 + 3 * GLIDE_GAP_MS + 1)).toBe(false);
		expect(swipe.scrolled(1010 + 3 * GLIDE_GAP_MS + 2)).toBe(false);
	});

	it('a finger lifted with no glide does not claim a scroll that comes later', () => {
		const swipe = new SwipeTracker();
		swipe.touchStart();
		swipe.touchEnd(100);
		expect(swipe.scrolled(100 + GLIDE_GAP_MS + 1)).toBe(false);
		// A new touch starts a new swipe.
		swipe.touchStart();
		expect(swipe.scrolled(5000)).toBe(true);
	});
});
