// When live figures on screen change: together, so that one batch of messages costs the page one
// rendering pass (style, layout, paint), not one for each tile, legend and clock it touches. The
// eight tiles of a busy dashboard used to keep an interval each, started by their own last
// change, and drifted apart; its clock ticked on its own timer and off-screen chart legends on
// theirs; a batch was laid out and painted three to four times a few milliseconds apart.
//
// Two kinds of request share one schedule:
//  - `request`: as soon as the refresh interval allows (at the end of the current task when the
//    last refresh is an interval or more ago, so everything one batch changed shows together);
//  - `requestBy` and `every`: slow figures ("3 s ago", an off-screen legend) that ride along with
//    a refresh made anyway shortly before they are due, and run on their own only when none is.

/** What the schedule needs from the page, passed in so tests can drive time. */
export interface RefreshHost {
	/** Runs `callback` after `ms` milliseconds. */
	timer(callback: () => void, ms: number): void;
	/** Runs `callback` once the current task's own work is done (a microtask). */
	soon(callback: () => void): void;
	/** A monotonic clock in ms (performance.now()). */
	now(): number;
}

/** Runs the updates asked for together, at most once every `intervalMs` for live ones. */
export class RefreshSchedule {
	readonly #host: RefreshHost;
	readonly #intervalMs: number;
	/** Live updates waiting for the next refresh (asking again keeps the one place). */
	readonly #waiting = new Set<() => void>();
	/** Slow updates and the time each is due by. */
	readonly #riders = new Map<() => void, number>();
	/** When the planned run is due (Infinity: none), and its token: a later plan voids it. */
	#plannedAt = Infinity;
	#plan = 0;
	/** When live updates last ran. */
	#lastLive = -Infinity;

	constructor(host: RefreshHost, intervalMs: number) {
		this.#host = host;
		this.#intervalMs = intervalMs;
	}

	/** Asks for `update` to run at the next refresh the interval allows. */
	request(update: () => void): void {
		this.#waiting.add(update);
		this.#planFor(this.#lastLive + this.#intervalMs);
	}

	/**
	 * Asks for `update` to run by `ms` from now: with the first refresh in the last interval
	 * before then, or on its own when none comes.
	 */
	requestBy(update: () => void, ms: number): void {
		if (this.#riders.has(update)) return;
		const due = this.#host.now() + ms;
		this.#riders.set(update, due);
		this.#planFor(due);
	}

	/** Runs `tick` by every `ms`, riding along with refreshes; returns the function that stops it. */
	every(ms: number, tick: () => void): () => void {
		const rider = () => {
			this.requestBy(rider, ms);
			tick();
		};
		this.requestBy(rider, ms);
		return () => this.cancel(rider);
	}

	/** Withdraws a request (its view is gone). */
	cancel(update: () => void): void {
		this.#waiting.delete(update);
		this.#riders.delete(update);
	}

	#planFor(at: number): void {
		if (at >= this.#plannedAt) return;
		this.#plannedAt = at;
		const plan = ++this.#plan;
		const run = () => {
			if (plan === this.#plan) this.#run();
		};
		const wait = at - this.#host.now();
		if (wait > 0) this.#host.timer(run, wait);
		else this.#host.soon(run);
	}

	#run(): void {
		this.#plannedAt = Infinity;
		this.#plan++;
		const now = this.#host.now();
		const due = [...this.#waiting];
		this.#waiting.clear();
		if (due.length) this.#lastLive = now;
		// Riders due within the coming interval join; a rider's own deadline brought us here too.
		for (const [rider, by] of this.#riders) {
			if (by - this.#intervalMs > now) continue;
			this.#riders.delete(rider);
			due.push(rider);
		}
		// What runs may ask again (a clock re-arms), so plan the rest only afterwards.
		let failure: unknown;
		for (const update of due) {
			try {
				update();
			} catch (error) {
				// One broken view must not keep the others from showing their figures.
				failure ??= error;
			}
		}
		if (this.#waiting.size) this.#planFor(this.#lastLive + this.#intervalMs);
		for (const by of this.#riders.values()) this.#planFor(by);
		if (failure !== undefined) throw failure;
	}
}

/**
 * Most often a live figure changes on screen, in ms. A number changing ten times a second cannot
 * be read, and each change costs the page a style, layout and paint pass. Values in between are
 * not lost: the next refresh shows the newest.
 */
export const REFRESH_MS = 250;

/** The page's one schedule: every live figure on screen refreshes in the same rendering pass. */
export const pageRefresh = new RefreshSchedule(
	{
		timer: (callback, ms) => setTimeout(callback, ms),
		soon: (callback) => queueMicrotask(callback),
		now: () => performance.now()
	},
	REFRESH_MS
);
