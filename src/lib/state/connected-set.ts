// Which profiles were connected when the app last ran, so a reload, a crash or a closed tab
// does not leave them idle (see reopen.svelte.ts). A fact about this device, so localStorage.

const KEY = 'mqtt-scope:connected-profiles';

/** The ids of the profiles that were connected (or reconnecting) when the app last ran. */
export function connectedProfileIds(): string[] {
	try {
		const stored: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
		return Array.isArray(stored) ? stored.filter((id) => typeof id === 'string') : [];
	} catch {
		// Unreadable (hand-edited, or storage blocked): nothing to reconnect, nothing lost.
		return [];
	}
}

/** Notes that a profile is connected. */
export function rememberConnected(profileId: string): void {
	const ids = connectedProfileIds();
	if (!ids.includes(profileId)) write([...ids, profileId]);
}

/** Notes that the user disconnected a profile: it stays disconnected next time. */
export function forgetConnected(profileId: string): void {
	const ids = connectedProfileIds();
	if (ids.includes(profileId)) write(ids.filter((id) => id !== profileId));
}

function write(ids: string[]): void {
	try {
		localStorage.setItem(KEY, JSON.stringify(ids));
	} catch {
		// Storage blocked or full: the app works, it only will not reconnect by itself.
	}
}
