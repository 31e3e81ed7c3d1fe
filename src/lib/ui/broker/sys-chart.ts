/** One point of the broker panel's live chart: time (ms since the epoch) and a rate per second. */
export interface RatePoint {
	x: number;
	y: number;
}
