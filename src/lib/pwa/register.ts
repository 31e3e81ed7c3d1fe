import { dev } from '$app/environment';
import { base } from '$app/paths';

/**
 * Registers the service worker and calls `onUpdateWaiting` when a new version is installed and
 * waiting; the `apply` it receives activates that version and reloads the page once it controls.
 * The platform API directly (workbox-window did this for 2 KB gzip on every first page).
 */
export async function registerServiceWorker(
	onUpdateWaiting: (apply: () => void) => void
): Promise<void> {
	if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
	const container = navigator.serviceWorker;
	const waiting = (worker: ServiceWorker) =>
		onUpdateWaiting(() => {
			// Reload only after the new worker has taken over, or the page would load old assets.
			container.addEventListener('controllerchange', () => window.location.reload(), {
				once: true
			});
			// src/service-worker calls skipWaiting() on this message.
			worker.postMessage({ type: 'SKIP_WAITING' });
		});
	// The worker's first install precaches the whole build: after the page's own loads.
	if (document.readyState !== 'complete') {
		await new Promise((loaded) => addEventListener('load', loaded, { once: true }));
	}
	try {
		// Under a sub-path (BASE_PATH) the worker lives there too, and its scope follows it.
		// SvelteKit serves the worker as an ES module in dev but bundles a classic script for builds.
		const registration = await container.register(
			`${base}/service-worker.js`,
			dev ? { type: 'module' } : {}
		);
		// A version installed by an earlier visit may already be waiting.
		if (registration.waiting && container.controller) waiting(registration.waiting);
		registration.addEventListener('updatefound', () => {
			const worker = registration.installing;
			worker?.addEventListener('statechange', () => {
				// Installed while another version controls the page: it waits for the user.
				if (worker.state === 'installed' && container.controller) waiting(worker);
			});
		});
	} catch (err) {
		// The app works without offline support (e.g. a private window that forbids workers).
		console.warn('mqtt-scope: service worker registration failed', err);
	}
}
