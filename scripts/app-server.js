// @ts-check
/**
 * Serves build/ for `npm start`: the security and cache headers of scripts/security-headers.js,
 * gzip/brotli, an optional sub-path (BASE_PATH), HTTP on loopback or HTTPS for --lan, and for
 * --lan the local authority's certificate at `<base>/mqtt-scope-ca.crt` so a phone can fetch it.
 */
import http from 'node:http';
import https from 'node:https';
import compression from 'compression';
import sirv from 'sirv';
import { SECURITY_HEADERS, cacheControlFor } from './security-headers.js';

/** Where a phone downloads the certificate to trust (below the base path). */
export const CA_DOWNLOAD_PATH = '/mqtt-scope-ca.crt';

/**
 * @typedef {object} AppServerOptions
 * @property {string} buildDir
 * @property {string} basePath '' or '/sub/path'.
 * @property {string} host
 * @property {number} port
 * @property {{ cert: string, key: string }} [tls] Serve HTTPS with this certificate.
 * @property {Buffer} [caDer] The certificate offered for download at CA_DOWNLOAD_PATH.
 */

/**
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {string} text
 */
function plain(res, status, text) {
	res.statusCode = status;
	res.setHeader('Content-Type', 'text/plain; charset=utf-8');
	res.setHeader('Cache-Control', 'no-cache');
	res.end(text);
}

/**
 * The request handler (exported for tests that want it without a socket).
 * @param {Pick<AppServerOptions, 'buildDir' | 'basePath' | 'caDer'>} options
 * @returns {(req: http.IncomingMessage, res: http.ServerResponse) => void}
 */
export function createAppHandler({ buildDir, basePath, caDer }) {
	const assets = sirv(buildDir, {
		// Unknown paths get index.html: the app routes in the browser (adapter-static fallback).
		single: true,
		dev: false,
		etag: true,
		setHeaders(res, pathname) {
			res.setHeader('Cache-Control', cacheControlFor(pathname));
		}
	});
	const compress = compression();
	return (req, res) => {
		for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
		compress(/** @type {any} */ (req), /** @type {any} */ (res), () => {
			const url = new URL(req.url ?? '/', 'http://app');
			if (basePath) {
				if (url.pathname === '/' || url.pathname === basePath) {
					// The app lives under the base path; send visitors of the bare host there.
					res.statusCode = 302;
					res.setHeader('Location', `${basePath}/${url.search}`);
					res.end();
					return;
				}
				if (!url.pathname.startsWith(`${basePath}/`)) return plain(res, 404, 'Not found');
				req.url = `${url.pathname.slice(basePath.length)}${url.search}`;
			}
			const pathname = basePath ? url.pathname.slice(basePath.length) : url.pathname;
			if (caDer && pathname === CA_DOWNLOAD_PATH) {
				// This MIME type makes iOS offer "Install profile" and Android the CA installer.
				res.setHeader('Content-Type', 'application/x-x509-ca-cert');
				res.setHeader('Content-Disposition', 'attachment; filename="mqtt-scope-ca.crt"');
				res.setHeader('Cache-Control', 'no-cache');
				res.end(caDer);
				return;
			}
			assets(req, res, () => plain(res, 404, 'Not found'));
		});
	};
}

/**
 * Starts the app server; resolves once it listens (port 0 picks a free one).
 * @param {AppServerOptions} options
 * @returns {Promise<{ server: http.Server, port: number, stop: () => Promise<void> }>}
 */
export async function startAppServer(options) {
	const handler = createAppHandler(options);
	const server = options.tls
		? https.createServer({ cert: options.tls.cert, key: options.tls.key }, handler)
		: http.createServer(handler);
	// A phone that does not trust the certificate yet aborts the handshake: that is expected.
	server.on('tlsClientError', () => {});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, options.host, () => resolve(undefined));
	});
	const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
	return {
		server,
		port,
		stop: () =>
			new Promise((resolve) => {
				server.close(() => resolve(undefined));
				server.closeAllConnections();
			})
	};
}
