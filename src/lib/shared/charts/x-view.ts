/**
 * The time range a zoomed or panned chart shows, and how wheel, pinch and drag change it. The
 * chart is drawn in a worker (see ui/charts/chart-surface.ts), so the page owns the view and
 * works it out here from what the pointer did, in fractions of the plot's width.
 */

/** A chart's visible time range, in ms. */
export interface XView {
	min: number;
	max: number;
}

/** The narrowest range a chart zooms in to, in ms (a few points of a fast sensor). */
export const MIN_VIEW_MS = 50;

/** Strongest zoom one wheel event makes (a fast flick of a free-spinning wheel). */
const MAX_WHEEL_FACTOR = 2;

/**
 * The view `factor` times narrower (> 1 zooms in, < 1 out), keeping the time under `focus`
 * (0 = the plot's left edge, 1 its right) where it is; never narrower than MIN_VIEW_MS.
 */
export function zoomView(view: XView, factor: number, focus: number): XView {
	const span = view.max - view.min;
	if (!(factor > 0) || !Number.isFinite(factor) || !(span > 0)) return view;
	const at = Math.min(1, Math.max(0, Number.isFinite(focus) ? focus : 0.5));
	const next = Math.max(MIN_VIEW_MS, span / factor);
	const pivot = view.min + span * at;
	return { min: pivot - next * at, max: pivot - next * at + next };
}

/** The view moved by `fraction` of its width: a drag to the right (> 0) shows earlier times. */
export function panView(view: XView, fraction: number): XView {
	if (!Number.isFinite(fraction)) return view;
	const shift = (view.max - view.min) * fraction;
	return { min: view.min - shift, max: view.max - shift };
}

/**
 * How much one wheel event zooms: a mouse notch (deltaY ±100 px) about 1.2× in (up) or out
 * (down), a trackpad's small deltas a little each, a flick at most 2×. `lines` is true when
 * the browser counts the delta in lines (deltaMode 1), about 16 px each.
 */
export function wheelFactor(deltaY: number, lines = false): number {
	if (!Number.isFinite(deltaY)) return 1;
	const px = lines ? deltaY * 16 : deltaY;
	const factor = Math.exp(-px / 500);
	return Math.min(MAX_WHEEL_FACTOR, Math.max(1 / MAX_WHEEL_FACTOR, factor));
}
