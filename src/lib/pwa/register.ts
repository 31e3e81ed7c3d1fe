import { dev } from '$app/environment';
import { base } from '$app/paths';
import { Workbox } from 'workbox-window';

/**
 * Registers the service worker and calls `onUpdateWaiting` when a new version is installed and
 * waiting; the `apply` it receives activates that version and reloads the page once it controls.
 */
export async function registerServiceWorker(
	onUpdateWaiting: (apply: () => void) => void
): Promise<void> {
	if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
	// Under a sub-path (BASE_PATH) the worker lives there too, and its scope follows it.
	// SvelteKit serves the worker as an ES module in dev but bundles a classic script for builds.
	const wb = new Workbox(`${base}/service-worker.js`, dev ? { type: 'module' } : {});
	wb.addEventListener('waiting', () => {
		onUpdateWaiting(() => {
			// Reload only after the new worker has taken over, or the page would load old assets.
			wb.addEventListener('controlling', () => window.location.reload());
			wb.messageSkipWaiting();
		});
	});
	try {
		await wb.register();
	} catch (err) {
		// The app works without offline support (e.g. a private window that forbids workers).
		console.warn('mqtt-scope: service worker registration failed', err);
	}
}
