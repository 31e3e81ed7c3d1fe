// Starts opening the app's IndexedDB database while the app's modules are still loading, so the
// first screen of history does not wait for the open after them (src/lib/state/page-db.ts takes
// the connection over). It asks for no version: an existing database opens as it is, and a
// missing or older one is left for the app to create or migrate with its own schema.
// src/hooks.server.ts writes it inline into the page's head: as a file it was a request the
// parser waited for before it went on, on the path to the first screen.
// Typed with `undefined`: page-db.ts clears it once it has taken the open over.
globalThis.mqttScopeOpening = /** @type {Promise<IDBDatabase | null> | undefined} */ (
	new Promise((resolve) => {
		try {
			const request = indexedDB.open('mqtt-scope');
			request.onupgradeneeded = () => request.transaction?.abort();
			request.onsuccess = () => {
				// Until the app takes it over: never block another tab's upgrade.
				request.result.onversionchange = () => request.result.close();
				resolve(request.result);
			};
			request.onerror = (event) => {
				event.preventDefault();
				resolve(null);
			};
		} catch {
			resolve(null);
		}
	})
);
