/**
 * Scrolling by steps over a compressed scrollbar (scroll-compression.ts). There a pixel of the
 * scrollbar moves the rows by more than a pixel, which is right for the thumb (it reaches any
 * point of the history) and wrong for a wheel notch, an arrow key or a finger, which ask to move
 * the rows by their own few pixels. A list takes those over: it moves the rows itself by the
 * step, and lets the scrollbar follow.
 */

/** What a wheel event says about the distance it asks for. */
export interface WheelDelta {
	deltaY: number;
	/** 0 pixels, 1 lines, 2 pages (WheelEvent.DOM_DELTA_*). */
	deltaMode: number;
}

/** Pixels a wheel event asks for, whatever unit its delta is in (a line is a row). */
export function wheelPixels(
	{ deltaY, deltaMode }: WheelDelta,
	rowHeight: number,
	viewportHeight: number
): number {
	if (deltaMode === 1) return deltaY * rowHeight;
	if (deltaMode === 2) return deltaY * viewportHeight;
	return deltaY;
}

/** Pixels an arrow key scrolls, as Chromium's own scrolling does. */
const ARROW_PX = 40;
/** Share of the viewport a page key scrolls, as Chromium's own scrolling does. */
const PAGE_SHARE = 0.875;

/** Pixels a key scrolls the rows by (down is positive), or undefined for a key that does not. */
export function keyPixels(
	key: string,
	rowHeight: number,
	viewportHeight: number
): number | undefined {
	const page = Math.max(rowHeight, viewportHeight * PAGE_SHARE);
	const steps: Record<string, number> = {
		ArrowDown: ARROW_PX,
		ArrowUp: -ARROW_PX,
		PageDown: page,
		PageUp: -page
	};
	return steps[key];
}

/** Longest pause between two scroll events of one glide after a finger left (ms). */
export const GLIDE_GAP_MS = 150;

/**
 * Tells a finger's scrolls from others: while a finger touches the list, and while its swipe
 * still glides after it lifts (scroll events no more than GLIDE_GAP_MS apart). A scroll that
 * comes later (the thumb dragged, a jump) is not the finger's.
 */
export class SwipeTracker {
	#touching = false;
	#gliding = false;
	#lastAt = -Infinity;

	/** A finger touched the list. */
	touchStart(): void {
		this.#touching = true;
		this.#gliding = false;
	}

	/** The finger left the list at `now` (ms); its swipe may glide on. */
	touchEnd(now: number): void {
		this.#touching = false;
		this.#gliding = true;
		this.#lastAt = now;
	}

	/** The list scrolled at `now` (ms): whether that scroll is the finger's. */
	scrolled(now: number): boolean {
		if (this.#gliding && now - this.#lastAt > GLIDE_GAP_MS) this.#gliding = false;
		this.#lastAt = now;
		return this.#touching || this.#gliding;
	}
}
