/**
 * Serves the adapter-static output (`build/`) the way a plain static host would, for e2e tests.
 * The build itself is served, not `vite preview`, so the service worker and prerendered shell
 * are exactly what ships. http://127.0.0.1 is a secure context, so service workers register.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { resolve } from 'node:path';
import sirv from 'sirv';

/** A running static server. */
export interface StaticServer {
	/** http://127.0.0.1:port (no trailing slash). */
	url: string;
	port: number;
	stop(): Promise<void>;
}

/**
 * Serves `dir` on 127.0.0.1 (a free port unless `port` is given) with SPA fallback to index.html.
 * Files are indexed at start (sirv production mode keeps sizes and ETags), so a changed file is
 * served as changed only by a new server: stop this one and start another on the same port.
 */
export async function startStaticServer(dir = 'build', port = 0): Promise<StaticServer> {
	const root = resolve(dir);
	if (!existsSync(resolve(root, 'index.html'))) {
		throw new Error(`startStaticServer: ${root}/index.html not found; run \`npm run build\` first`);
	}
	const serve = sirv(root, {
		dev: false,
		etag: true,
		// Unknown paths get index.html (adapter-static `fallback`), as the SPA router expects.
		single: true,
		setHeaders(res, pathname) {
			if (pathname === '/service-worker.js' || pathname.endsWith('.html') || pathname === '/') {
				// The browser must re-check the worker script on every update check, or a new build
				// is never seen (Service Workers §Update: byte-for-byte comparison of a fresh fetch).
				res.setHeader('Cache-Control', 'no-cache');
			} else if (pathname.startsWith('/_app/immutable/')) {
				res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
			}
		}
	});
	const server = createServer((req, res) => {
		serve(req, res, () => {
			res.statusCode = 404;
			res.end('not found');
		});
	});
	// Keep-alive sockets held by the browser would make close() wait; track them to destroy.
	const sockets = new Set<Socket>();
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.once('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolveListen, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolveListen());
	});
	const bound = (server.address() as AddressInfo).port;
	return {
		url: `http://127.0.0.1:${bound}`,
		port: bound,
		stop: () =>
			new Promise<void>((resolveClose) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolveClose());
			})
	};
}
