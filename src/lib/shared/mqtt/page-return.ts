/**
 * When a phone pockets the app, the page is hidden, then often frozen (Page Lifecycle) or put in
 * the back/forward cache, and its engine worker stops with it: nothing is received and no timer
 * runs. This watches those events and, when the page is back, says since when it was away, so
 * the connection can be checked at once and a gap marked from the right moment.
 */

/** The event sources a page has: `document` and `window` in the app, plain targets in tests. */
export interface PageEventSources {
	document: EventTarget & { readonly visibilityState: DocumentVisibilityState };
	window: EventTarget;
	now?: () => number;
}

/** What the app does when the page returns or the network comes back. */
export interface PageReturnHandlers {
	/** The page is back after being away since `awaySince` (ms since the epoch). */
	returned(awaySince: number): void;
	/** The network is back; the page did not go away. */
	online(): void;
}

/** Starts watching; returns a function that stops it. */
export function watchPageReturn(
	sources: PageEventSources,
	handlers: PageReturnHandlers
): () => void {
	const { document: doc, window: win } = sources;
	const now = sources.now ?? (() => Date.now());
	let awaySince: number | undefined;
	// Hidden, then frozen, then stored: one absence, from its first sign.
	const left = () => (awaySince ??= now());
	const back = () => {
		const since = awaySince;
		if (since === undefined) return;
		awaySince = undefined;
		handlers.returned(since);
	};
	const onVisibility = () => (doc.visibilityState === 'hidden' ? left() : back());
	const onOnline = () => {
		// Coming back online while still away: the return will check, with the right start.
		if (awaySince === undefined) handlers.online();
	};
	const listeners: [EventTarget, string, () => void][] = [
		[doc, 'visibilitychange', onVisibility],
		[doc, 'freeze', left],
		// Chrome fires resume while a phone's tab may still be hidden: the worker runs again, so
		// the connection can be checked now; the later visibilitychange finds nothing to do.
		[doc, 'resume', back],
		[win, 'pagehide', left],
		[win, 'pageshow', back],
		[win, 'online', onOnline]
	];
	for (const [target, type, listener] of listeners) target.addEventListener(type, listener);
	return () => {
		for (const [target, type, listener] of listeners) target.removeEventListener(type, listener);
	};
}
