// When charts redraw: in animation frames, one chart a frame, and all of them together within a
// share of the main thread. A busy dashboard (4 charts, a batch every 100 ms) then updates each
// chart as often as that share allows instead of redrawing on every batch, so frames keep
// coming and a chart's redraw never lands in the same frame as another's.

/** Share of the main thread all charts together may spend redrawing. */
export const REDRAW_SHARE = 0.1;

/** Charts waiting for a redraw, in the order they asked (a chart asking again keeps its place). */
const waiting = new Set<() => void>();
let frame: number | undefined;
/** No redraw before this time (performance.now() ms): the time the last one took, spread out. */
let notBefore = 0;

/** Asks for `draw` to run in a coming animation frame (once, however often it is asked). */
export function requestRedraw(draw: () => void): void {
	waiting.add(draw);
	schedule();
}

/** Withdraws a request (the chart is gone or off screen); true when one was waiting. */
export function cancelRedraw(draw: () => void): boolean {
	return waiting.delete(draw);
}

function schedule(): void {
	if (frame === undefined && waiting.size) frame = requestAnimationFrame(run);
}

function run(): void {
	frame = undefined;
	const start = performance.now();
	// A request withdrawn after its frame was asked for (the chart went off screen or away) can
	// leave nothing to draw.
	const [draw] = waiting;
	if (draw && start >= notBefore) {
		waiting.delete(draw);
		draw();
		const spent = performance.now() - start;
		notBefore = start + spent / REDRAW_SHARE;
	}
	schedule();
}
