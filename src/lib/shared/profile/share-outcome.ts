// How handing a file to the user ended, in words. navigator.share rejects both when the user
// closes the share sheet and when the browser will not share; only the second falls back to a
// download.

/**
 * How a file reached the user. `needs-tap`: the browser allows sharing only right after a tap,
 * and making the file took longer than that; the user taps Share again to send the ready file.
 */
export type Delivery =
	| { how: 'shared' }
	| { how: 'downloaded'; note?: string }
	| { how: 'cancelled' }
	| { how: 'needs-tap' };

/** Why navigator.share rejected: the user closed the sheet, or the browser would not share. */
export type ShareFailure = 'cancelled' | 'refused';

/** Classifies a navigator.share rejection (AbortError is the user dismissing the sheet). */
export function shareFailure(error: unknown): ShareFailure {
	return error instanceof Error && error.name === 'AbortError' ? 'cancelled' : 'refused';
}

/** The sentence shown when sharing fell back to a download. */
export function refusedShareNote(error: unknown): string {
	const detail = error instanceof Error && error.message ? ` (${error.message})` : '';
	return `This browser did not share the file${detail}; it was downloaded instead.`;
}

/** The sentence to show after a share or download of `what` ("the chart image"). */
export function deliveryNote(delivery: Delivery, what: string): string {
	switch (delivery.how) {
		case 'shared':
			return `Shared ${what}.`;
		case 'cancelled':
			return 'Sharing cancelled.';
		case 'needs-tap':
			return `${what[0].toUpperCase()}${what.slice(1)} is ready: tap Share again to send it.`;
		case 'downloaded':
			return delivery.note ?? `Downloaded ${what}.`;
	}
}
