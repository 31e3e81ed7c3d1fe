// Each device loads only its own layout, on demand: the first page carries one shell, not both.

/** The phone and tablet layout (one or two panes and a navigation bar) or the desktop columns. */
export function loadShell(compact: boolean) {
	return compact ? import('./PhoneShell.svelte') : import('./DesktopShell.svelte');
}
