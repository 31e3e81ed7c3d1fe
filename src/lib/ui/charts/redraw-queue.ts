// When charts redraw: in animation frames, the charts a frame has room for (a redraw starts
// while the frame has spent under FRAME_BUDGET_MS on them), and all of them together within a
// share of the main thread. A redraw costs the page its chart's points and legend (the chart
// worker draws), a few milliseconds: so charts a batch changed redraw in one or two frames, with
// one layout and paint each, rather than one chart a frame, which laid out and painted the page
// once per chart; and a slow redraw (a browser without OffscreenCanvas draws on the page) still
// gets a frame of its own. A busy dashboard (4 charts, a batch every 100 ms) then updates each
// chart as often as the share allows instead of redrawing on every batch.
//
// Between two redraws the queue sleeps on a timer, not on animation frames: asking for a frame
// it will not use makes the browser run a whole frame (style, layout, paint, commit) each
// vsync for nothing, which on a busy dashboard was most of the frames the page made.

/** Share of the main thread all charts together may spend redrawing. */
export const REDRAW_SHARE = 0.1;

/** A frame starts no further redraw once its redraws have taken this long (ms). */
export const FRAME_BUDGET_MS = 4;

/** What the queue needs from the page, passed in so tests can drive frames and time. */
export interface FrameHost {
	/** Runs `callback` in the next animation frame. */
	frame(callback: () => void): void;
	/** Runs `callback` after `ms` milliseconds. */
	timer(callback: () => void, ms: number): void;
	/** A monotonic clock in ms (performance.now()). */
	now(): number;
}

/** Runs chart redraws in frames, within `budgetMs` a frame and `share` of the thread's time. */
export class RedrawQueue {
	readonly #host: FrameHost;
	readonly #share: number;
	readonly #budgetMs: number;
	/** Redraws waiting, in the order asked (a chart asking again keeps its place). */
	readonly #waiting = new Set<() => void>();
	/** A frame or a timer is on its way to #run. */
	#scheduled = false;
	/** No redraw before this time: the time the last one took, spread out over the share. */
	#notBefore = -Infinity;

	constructor(host: FrameHost, share = REDRAW_SHARE, budgetMs = FRAME_BUDGET_MS) {
		this.#host = host;
		this.#share = share;
		this.#budgetMs = budgetMs;
	}

	/** Asks for `draw` to run in a coming animation frame (once, however often it is asked). */
	request(draw: () => void): void {
		this.#waiting.add(draw);
		this.#schedule();
	}

	/** Withdraws a request (the chart is gone or off screen); true when one was waiting. */
	cancel(draw: () => void): boolean {
		return this.#waiting.delete(draw);
	}

	#schedule(): void {
		if (this.#scheduled || !this.#waiting.size) return;
		this.#scheduled = true;
		const wait = this.#notBefore - this.#host.now();
		if (wait > 0) this.#host.timer(() => this.#host.frame(this.#run), wait);
		else this.#host.frame(this.#run);
	}

	readonly #run = (): void => {
		this.#scheduled = false;
		const start = this.#host.now();
		// A timer may fire a little early: then the frame waits again for the rest.
		if (start < this.#notBefore) {
			this.#schedule();
			return;
		}
		// Those asked for by now; a chart asking again while drawn waits for the next frame.
		const due = [...this.#waiting];
		try {
			for (const draw of due) {
				// An earlier redraw of this frame may have withdrawn it (its chart went).
				if (!this.#waiting.delete(draw)) continue;
				draw();
				if (this.#host.now() - start >= this.#budgetMs) break;
			}
		} finally {
			// A redraw that threw still took its time, and must not stop the charts after it.
			this.#notBefore = start + (this.#host.now() - start) / this.#share;
			this.#schedule();
		}
	};
}

/** The page's one queue: every chart shares the same share of the thread. */
const pageQueue = new RedrawQueue({
	frame: (callback) => requestAnimationFrame(callback),
	timer: (callback, ms) => setTimeout(callback, ms),
	now: () => performance.now()
});

/** Asks for `draw` to run in a coming animation frame (once, however often it is asked). */
export function requestRedraw(draw: () => void): void {
	pageQueue.request(draw);
}

/** Withdraws a request (the chart is gone or off screen); true when one was waiting. */
export function cancelRedraw(draw: () => void): boolean {
	return pageQueue.cancel(draw);
}
