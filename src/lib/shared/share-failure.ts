// navigator.share rejects both when the user closes the share sheet and when the browser will
// not share; only the second should fall back to a download.

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
