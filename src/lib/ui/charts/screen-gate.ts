// A chart below the fold need not redraw: nobody sees it. The gate passes a chart's redraw
// requests on while it is on screen and, while it is not, remembers that one was wanted and
// asks for it when the chart scrolls back into view. A busy dashboard then draws only what
// the user looks at.

/** Passes redraw requests on while on screen; holds one back while off screen. */
export class ScreenGate {
	readonly #request: () => void;
	readonly #cancel: () => boolean;
	#onScreen = true;
	#missed = false;

	/**
	 * `request` asks for a redraw (once, however often called); `cancel` withdraws it and says
	 * whether one was waiting.
	 */
	constructor(request: () => void, cancel: () => boolean) {
		this.#request = request;
		this.#cancel = cancel;
	}

	/** Whether the chart is on screen, as last told (true until told otherwise). */
	get onScreen(): boolean {
		return this.#onScreen;
	}

	/** Something changed that the chart should show. */
	want(): void {
		if (this.#onScreen) this.#request();
		else this.#missed = true;
	}

	/** The chart came on screen or went off it (an IntersectionObserver says which). */
	seen(onScreen: boolean): void {
		this.#onScreen = onScreen;
		if (!onScreen) {
			// A request still waiting is withdrawn, and made again when the chart shows.
			if (this.#cancel()) this.#missed = true;
		} else if (this.#missed) {
			this.#missed = false;
			this.#request();
		}
	}
}
