/**
 * Scroll-height compression for virtual lists. Browsers cap an element's height (about 16.7
 * million CSS px in Chromium at a device pixel ratio of 2, less elsewhere), so a list of a
 * million 52 px rows cannot have a spacer as tall as its rows. The spacer is capped instead, and
 * the scroll position maps linearly onto the rows' offset: exact at the top and at the bottom,
 * proportionally in between. Below the cap the mapping is the identity.
 */

/** Tallest spacer a list makes: half the smallest cap of the browsers it runs in. */
export const MAX_SPACER = 8_000_000;

/** The sizes a list's scrolling depends on, in CSS px. */
export interface ScrollSpace {
	/** Height of all rows together. */
	content: number;
	/** Height of the scrolling box. */
	viewport: number;
	/** Tallest spacer allowed (MAX_SPACER unless a test picks a smaller one). */
	cap?: number;
}

/**
 * How tall the spacer is: the rows' height, or the cap when they are taller (but always room to
 * scroll a screen, however small a cap a test picks).
 */
export function spacerHeight(space: ScrollSpace): number {
	return Math.min(space.content, Math.max(space.cap ?? MAX_SPACER, 2 * space.viewport));
}

/** Farthest the rows can be scrolled: their last pixel at the viewport's bottom. */
export function maxOffset(space: ScrollSpace): number {
	return Math.max(0, space.content - space.viewport);
}

/** Farthest the spacer can be scrolled. */
export function maxScroll(space: ScrollSpace): number {
	return Math.max(0, spacerHeight(space) - space.viewport);
}

/** Whether the spacer is capped: a pixel of scrolling then moves the rows by more than a pixel. */
export function isCompressed(space: ScrollSpace): boolean {
	const scrollRange = maxScroll(space);
	return scrollRange > 0 && maxOffset(space) > scrollRange;
}

/** The rows' offset (px from the first row's top) shown at a scroll position. */
export function offsetAt(scrollTop: number, space: ScrollSpace): number {
	const offsetRange = maxOffset(space);
	if (!isCompressed(space)) return clamp(scrollTop, 0, offsetRange);
	const scrollRange = maxScroll(space);
	return (clamp(scrollTop, 0, scrollRange) / scrollRange) * offsetRange;
}

/** The scroll position that shows the rows at an offset (the inverse of offsetAt). */
export function scrollFor(offset: number, space: ScrollSpace): number {
	const offsetRange = maxOffset(space);
	if (!isCompressed(space)) return clamp(offset, 0, offsetRange);
	const scrollRange = maxScroll(space);
	return (clamp(offset, 0, offsetRange) / offsetRange) * scrollRange;
}

/** The rows to draw for an offset: those on screen and `overscan` more on each side. */
export function rowRange(
	offset: number,
	viewport: number,
	rowHeight: number,
	count: number,
	overscan: number
): { first: number; last: number } {
	if (count <= 0 || rowHeight <= 0) return { first: 0, last: -1 };
	const top = Math.floor(offset / rowHeight);
	const bottom = Math.ceil((offset + viewport) / rowHeight) - 1;
	return {
		first: clamp(top - overscan, 0, count - 1),
		last: clamp(bottom + overscan, 0, count - 1)
	};
}

function clamp(value: number, low: number, high: number): number {
	return Math.min(Math.max(value, low), Math.max(low, high));
}
