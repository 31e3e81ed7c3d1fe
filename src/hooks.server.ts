// Runs only as the build prerenders the app's one page (the app has no server at run time).
import type { Handle } from '@sveltejs/kit';
// Inline, so the parser runs it at once; svelte.config.js allows its hash in the CSP.
import openDbScript from '$lib/boot/open-db.js?raw';

/**
 * Fills `%mqtt-scope.head%` in app.html with the script that starts opening the database while
 * the app's modules load. A file of its own was a request the parser waited for first.
 */
export const handle: Handle = ({ event, resolve }) =>
	resolve(event, {
		transformPageChunk: ({ html }) =>
			html.replace('%mqtt-scope.head%', () => `<script>${openDbScript}</script>`)
	});
