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
import { reachableScripts } from './worker-chunks';

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

// The engine worker loads most of its code on first use (the MQTT client, history export and
// import, the chart reader) from chunks the build list above does not name. Precache them too,
// at install, or a feature first used offline would find its code missing.
const ENGINE_CACHE_PREFIX = 'mqtt-scope-engine-';
const engineCache = `${ENGINE_CACHE_PREFIX}${version}`;
const workerDir = `${base}/_app/immutable/workers/`;

async function precacheEngineChunks(): Promise<void> {
	const cache = await caches.open(engineCache);
	const entries = build
		.filter((url) => url.startsWith(workerDir))
		.map((url) => new URL(url, self.location.href).href);
	await reachableScripts(entries, async (url) => {
		const response = await fetch(url, { cache: 'no-cache' });
		if (!response.ok) throw new Error(`${url} answered ${response.status}`);
		await cache.put(url, response.clone());
		return response.text();
	});
}

self.addEventListener('install', (event) => event.waitUntil(precacheEngineChunks()));
self.addEventListener('activate', (event) =>
	event.waitUntil(
		(async () => {
			for (const name of await caches.keys()) {
				if (name.startsWith(ENGINE_CACHE_PREFIX) && name !== engineCache) await caches.delete(name);
			}
		})()
	)
);
registerRoute(
	({ url }) => url.origin === self.location.origin && url.pathname.startsWith(workerDir),
	async ({ request }) => (await caches.match(request, { cacheName: engineCache })) ?? fetch(request)
);

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
