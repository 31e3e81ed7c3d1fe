/**
 * How long a taken lock is waited for before it counts as another tab's. A page that was just
 * reloaded or closed holds it for a moment while its engine worker winds down, and the app
 * reconnects on opening (see state/reopen.svelte.ts) before that moment is over.
 */
const LOCK_WAIT_MS = 3000;

/**
 * Holds a Web Lock per broker + client ID while a session lives, so a second tab of the app
 * sees the ID is taken instead of both tabs kicking each other off the broker in turn
 * (a broker disconnects the older client when a new one uses the same ID, MQTT 5 §3.1.4).
 */
export async function acquireClientLock(
	url: string,
	clientId: string,
	waitMs = LOCK_WAIT_MS
): Promise<(() => void) | undefined> {
	// Typed in both the DOM and the webworker libs; absent in Node (unit tests).
	const locks = globalThis.navigator?.locks as LockManager | undefined;
	// An empty client ID is assigned by the broker: nothing to collide with. No Web Locks: go on.
	if (!locks || !clientId) return () => {};
	const name = `mqtt-scope client ${url} ${clientId}`;
	return new Promise((resolve) => {
		const waited = new AbortController();
		const timer = setTimeout(() => waited.abort(), waitMs);
		locks
			.request(name, { signal: waited.signal }, () => {
				clearTimeout(timer);
				// The lock is held until this promise settles, i.e. until release() is called.
				return new Promise<void>((release) => resolve(() => release()));
			})
			// Aborted: still taken after the wait, so another tab has it.
			.catch(() => resolve(undefined));
	});
}
