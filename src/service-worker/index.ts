/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Service worker: precaches the built app shell so mqtt-scope starts with the network off, and
 * answers every navigation with the prerendered index page (the app routes in the browser).
 * Registration and the update prompt live in src/lib/pwa.
 */
import { base, build, files, prerendered, version } from '$service-worker';
import {
	cleanupOutdatedCaches,
	createHandlerBoundToURL,
	precacheAndRoute
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare let self: ServiceWorkerGlobalScope;

// Vite's build output has content hashes in its names, so the URL itself is the revision.
// Static files and prerendered pages keep their names across deploys: they need `version`.
const manifest = [
	...build.map((url) => ({ url, revision: null })),
	...files.map((url) => ({ url, revision: version })),
	...prerendered.map((url) => ({ url, revision: version }))
];

precacheAndRoute(manifest);
cleanupOutdatedCaches();

// The app shell is prerendered at the base path ('/', written as index.html by adapter-static);
// every other navigation is a client-side route, so serve that same shell from the precache.
const shell = prerendered.find((url) => url.endsWith('/')) ?? prerendered[0];
if (shell) registerRoute(new NavigationRoute(createHandlerBoundToURL(shell)));

// The update prompt sends this once the user agrees; until then the new worker stays waiting so
// an open tab never runs against a mix of old and new assets.
self.addEventListener('message', (event) => {
	if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// An alert's system notification was clicked: bring the open app forward (alerts only fire while
// it is open), or open it if the tab was closed since.
self.addEventListener('notificationclick', (event) => {
	event.notification.close();
	event.waitUntil(
		(async () => {
			const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
			const open = windows[0];
			if (open) await open.focus();
			else await self.clients.openWindow(shell ?? `${base}/`);
		})()
	);
});
