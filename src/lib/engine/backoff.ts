/**
 * Reconnect delays: exponential growth from minMs, capped at maxMs, with proportional jitter
 * so that many clients dropped by one broker restart do not reconnect in lockstep.
 * Pure: it computes delays and never sets a timer (the session owns time).
 */

/** Settings of a backoff; all optional. */
export interface BackoffOptions {
	/** Delay before the first retry. */
	minMs?: number;
	/** No delay exceeds this, jitter included. */
	maxMs?: number;
	/** Growth per attempt. */
	factor?: number;
	/** Spread as a fraction of the delay: 0.3 gives base × [0.7, 1.3). 0 disables it. */
	jitter?: number;
	/** Source of randomness in [0, 1), injectable for tests. */
	random?: () => number;
}

/** Delays for successive reconnect attempts. */
export interface Backoff {
	/** The delay before the next attempt, in ms; counts the attempt. */
	next(): number;
	/** Starts over from minMs, e.g. once a connection succeeded. */
	reset(): void;
	/** Attempts counted since the last reset. */
	readonly attempt: number;
}

/**
 * Creates a backoff. Attempt n (from 0) has base delay min(maxMs, minMs × factor^n); the delay
 * is base × (1 + jitter × u) with u uniform in [-1, 1), then capped at maxMs. This is
 * "equal ±jitter" rather than AWS-style full jitter ([0, base)): a reconnect never comes much
 * sooner than planned, which keeps a restarting broker from being hit at once by every client.
 * At the cap the jitter can only shorten the delay, so delays stay in [maxMs × (1 − jitter), maxMs].
 */
export function createBackoff(options: BackoffOptions = {}): Backoff {
	const { minMs = 1000, maxMs = 60000, factor = 2, jitter = 0.3, random = Math.random } = options;
	if (!(minMs > 0) || !(maxMs >= minMs)) throw new RangeError('Backoff needs 0 < minMs ≤ maxMs.');
	if (!(factor >= 1)) throw new RangeError('Backoff factor must be at least 1.');
	if (!(jitter >= 0 && jitter <= 1)) throw new RangeError('Backoff jitter must be from 0 to 1.');
	let attempt = 0;
	return {
		next(): number {
			// Math.min before growing keeps the base finite however many attempts fail.
			const base = Math.min(maxMs, minMs * factor ** Math.min(attempt, 1024));
			attempt++;
			const spread = 1 + jitter * (2 * random() - 1);
			return Math.round(Math.min(maxMs, base * spread));
		},
		reset(): void {
			attempt = 0;
		},
		get attempt(): number {
			return attempt;
		}
	};
}
