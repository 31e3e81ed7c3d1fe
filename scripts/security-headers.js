// @ts-check
/**
 * The response headers mqtt-scope's build/ needs from any server: `npm start` sends these, and
 * deploy/nginx.conf and deploy/_headers spell out the same values (a unit test keeps them equal).
 *
 * The page carries its own CSP in a <meta> tag, written by SvelteKit with the hash of its one
 * inline script (svelte.config.js). A browser enforces every policy it is given, so the header
 * policy adds what a <meta> policy cannot carry (frame-ancestors) and repeats the limits that
 * do not change between builds. Its script-src admits inline scripts only because the meta
 * policy narrows them to that one hash (which changes with every build, so a static server's
 * config cannot name it); neither policy allows 'unsafe-eval'. Workers (the engine, the service
 * worker) get no meta tag: for them this header is the whole policy, eval included.
 */

/** Content-Security-Policy header value. */
export const CONTENT_SECURITY_POLICY = [
	"default-src 'self'",
	// 'wasm-unsafe-eval' lets long.js (protobufjs's 64-bit integers, in the engine worker) compile
	// its small WebAssembly helper; JavaScript eval and new Function stay refused everywhere.
	"script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'",
	"frame-ancestors 'none'",
	// WebSocket brokers only; 'self' for the manifest, the worker and the app's own files.
	"connect-src 'self' ws: wss:",
	"img-src 'self' data: blob:",
	"style-src 'self' 'unsafe-inline'",
	"worker-src 'self' blob:",
	"manifest-src 'self'",
	"font-src 'self'",
	"object-src 'none'",
	"base-uri 'self'",
	"form-action 'self'"
].join('; ');

/**
 * Permissions-Policy: no camera, microphone, location, payment or USB for any frame; the screen
 * wake lock stays available to the app itself. Web Share is left to its default (self only):
 * naming it makes desktop Chromium, which lacks it, log an "Unrecognized feature" error.
 */
export const PERMISSIONS_POLICY =
	'camera=(), microphone=(), geolocation=(), payment=(), usb=(), screen-wake-lock=(self)';

/** Headers every response carries. */
export const SECURITY_HEADERS = Object.freeze({
	'Content-Security-Policy': CONTENT_SECURITY_POLICY,
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'no-referrer',
	'Permissions-Policy': PERMISSIONS_POLICY,
	'Cross-Origin-Opener-Policy': 'same-origin'
});

/** Cache-Control for the hashed files under _app/immutable/: they never change under one name. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';

/**
 * Everything else (index.html, service-worker.js, the manifest, icons) must be revalidated on
 * every visit, or a deploy never reaches a browser (the service worker update check compares a
 * fresh copy of service-worker.js byte for byte).
 */
export const REVALIDATE_CACHE = 'no-cache';

/**
 * Cache-Control for a path relative to the app's root (no base path), e.g. '/_app/immutable/x.js'.
 * @param {string} pathname
 */
export function cacheControlFor(pathname) {
	return pathname.startsWith('/_app/immutable/') ? IMMUTABLE_CACHE : REVALIDATE_CACHE;
}
