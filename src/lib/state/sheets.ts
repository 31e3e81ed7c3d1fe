// Full-screen sheets (a message's details, a topic's, forms) each add a history entry, so a
// phone's Back closes the top sheet instead of leaving the app. The entries are SvelteKit shallow
// routes (pushState from $app/navigation), so its router knows them; the depth lives in
// page.state and the layout calls `sync` whenever it changes.
import { pushState } from '$app/navigation';

/** The open sheets, bottom first; each entry closes its sheet. */
const stack: (() => void)[] = [];

/**
 * Registers an opened sheet and adds its history entry; `close` runs when Back pops it.
 * Returns the release to call when the sheet goes away by other means (its close button, Escape,
 * the app): it removes the history entry without calling `close` again.
 */
export function openSheet(close: () => void): () => void {
	stack.push(close);
	pushState('', { sheetDepth: stack.length });
	return () => {
		const index = stack.indexOf(close);
		if (index < 0) return; // Back already closed it.
		stack.splice(index);
		history.back();
	};
}

/** Closes the sheets above `depth` (the depth of the history entry now current). */
export function syncSheets(depth: number): void {
	while (stack.length > depth) stack.pop()?.();
}
