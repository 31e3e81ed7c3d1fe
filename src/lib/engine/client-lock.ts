/**
 * Holds a Web Lock per broker + client ID while a session lives, so a second tab of the app
 * sees the ID is taken instead of both tabs kicking each other off the broker in turn
 * (a broker disconnects the older client when a new one uses the same ID, MQTT 5 §3.1.4).
 */
export async function acquireClientLock(
	url: string,
	clientId: string
): Promise<(() => void) | undefined> {
	// Typed in both the DOM and the webworker libs; absent in Node (unit tests).
	const locks = globalThis.navigator?.locks as LockManager | undefined;
	// An empty client ID is assigned by the broker: nothing to collide with. No Web Locks: go on.
	if (!locks || !clientId) return () => {};
	return new Promise((resolve) => {
		void locks.request(`mqtt-scope client ${url} ${clientId}`, { ifAvailable: true }, (lock) => {
			if (!lock) {
				resolve(undefined);
				return;
			}
			// The lock is held until this promise settles, i.e. until release() is called.
			return new Promise<void>((release) => resolve(() => release()));
		});
	});
}
