/**
 * Holds a Web Lock per broker + client ID while a session lives, so a second tab of the app
 * sees the ID is taken instead of both tabs kicking each other off the broker in turn
 * (a broker disconnects the older client when a new one uses the same ID, MQTT 5 §3.1.4).
 * `waitMs`: how long to wait for a holder to let go (an engine worker just ended lets go of
 * its locks a moment later); 0 answers at once.
 */
export async function acquireClientLock(
	url: string,
	clientId: string,
	waitMs = 0
): Promise<(() => void) | undefined> {
	// Typed in both the DOM and the webworker libs; absent in Node (unit tests).
	const locks = globalThis.navigator?.locks as LockManager | undefined;
	// An empty client ID is assigned by the broker: nothing to collide with. No Web Locks: go on.
	if (!locks || !clientId) return () => {};
	const options: LockOptions =
		waitMs > 0 ? { signal: AbortSignal.timeout(waitMs) } : { ifAvailable: true };
	return new Promise((resolve) => {
		locks
			.request(`mqtt-scope client ${url} ${clientId}`, options, (lock) => {
				if (!lock) {
					resolve(undefined);
					return;
				}
				// The lock is held until this promise settles, i.e. until release() is called.
				return new Promise<void>((release) => resolve(() => release()));
			})
			// Waited in vain: the signal aborted the request, someone else holds the ID.
			.catch(() => resolve(undefined));
	});
}
