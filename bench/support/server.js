// @ts-check
/**
 * Serves build/ (the app, exactly as shipped) plus the bench's bare page and mqtt.js's browser
 * bundle under /bench/, on a free 127.0.0.1 port. The bare page is not a SvelteKit page, so the
 * app's CSP (svelte.config.js kit.csp, emitted as a meta tag) does not apply to it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import sirv from 'sirv';

/**
 * @typedef {object} BenchServer
 * @property {string} url http://127.0.0.1:port (no trailing slash)
 * @property {() => Promise<void>} stop
 * @property {(buildDir?: string) => void} serve serves another build directory from now on
 *   (undefined: the checkout's build/ again), on the same origin, so one IndexedDB is opened by
 *   two builds in turn (bench/month.js --baseline)
 */

/**
 * Files outside build/ that the bench serves, by URL path.
 * @param {string} root repository root
 * @returns {Record<string, { path: string, type: string }>}
 */
function benchFiles(root) {
	return {
		'/bench/bare.html': { path: join(root, 'bench/bare.html'), type: 'text/html; charset=utf-8' },
		'/bench/bare.js': { path: join(root, 'bench/bare.js'), type: 'text/javascript' },
		'/bench/mqtt.esm.js': {
			path: join(root, 'node_modules/mqtt/dist/mqtt.esm.js'),
			type: 'text/javascript'
		}
	};
}

/**
 * Starts the server; throws when build/index.html is missing.
 * @param {string} root repository root
 * @returns {Promise<BenchServer>}
 */
export async function startServer(root) {
	const buildDir = join(root, 'build');
	if (!existsSync(join(buildDir, 'index.html'))) {
		throw new Error(`${buildDir}/index.html not found; run \`npx vite build\` first`);
	}
	const files = benchFiles(root);
	// single: unknown paths get index.html, as adapter-static's SPA fallback expects.
	// brotli/gzip: the precompressed files the build writes (adapter-static precompress), as a
	// static host would send them; Lighthouse measures a first load over a slow link.
	// Cache-Control as README's "Static hosting" asks of a host: hashed names under
	// _app/immutable/ kept for good (a returning visit, the only kind that has history, fetches
	// and compiles none of them again), everything else asked again each time.
	/** @param {string} dir */
	const appFiles = (dir) =>
		sirv(dir, {
			dev: false,
			etag: true,
			single: true,
			brotli: true,
			gzip: true,
			setHeaders: (res, pathname) =>
				res.setHeader(
					'Cache-Control',
					pathname.startsWith('/_app/immutable/')
						? 'public, max-age=31536000, immutable'
						: 'no-cache'
				)
		});
	let serveApp = appFiles(buildDir);
	const server = createServer((req, res) => {
		const pathname = new URL(req.url ?? '/', 'http://x').pathname;
		const file = files[pathname];
		if (file) {
			res.writeHead(200, { 'Content-Type': file.type, 'Cache-Control': 'no-cache' });
			res.end(readFileSync(file.path));
			return;
		}
		serveApp(req, res, () => {
			res.statusCode = 404;
			res.end('not found');
		});
	});
	// Keep-alive sockets held by the browser would make close() wait; track them to destroy.
	/** @type {Set<import('node:net').Socket>} */
	const sockets = new Set();
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.once('close', () => sockets.delete(socket));
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve(undefined));
	});
	const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
	return {
		url: `http://127.0.0.1:${port}`,
		serve: (dir) => {
			serveApp = appFiles(dir ?? buildDir);
		},
		stop: () =>
			new Promise((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			})
	};
}
