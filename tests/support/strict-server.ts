/**
 * Serves the build exactly as `npm start` does (scripts/app-server.js: every security header,
 * the strict CSP included), with `report-uri` added to the CSP so that violations anywhere, in
 * the page or in a worker (whose only policy is the header), are posted back and counted here.
 */
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { resolve } from 'node:path';
import { createAppHandler } from '../../scripts/app-server.js';

/** Where the browser posts violation reports. */
const REPORT_PATH = '/csp-report';

/** A running strict server and the CSP reports it has received. */
export interface StrictServer {
	url: string;
	/** The bodies of the violation reports posted so far, parsed. */
	reports: unknown[];
	stop(): Promise<void>;
}

/** Starts the server on a free loopback port. */
export async function startStrictServer(buildDir = 'build'): Promise<StrictServer> {
	const app = createAppHandler({ buildDir: resolve(buildDir), basePath: '' });
	const reports: unknown[] = [];
	const server = createServer((req, res) => {
		if (req.method === 'POST' && req.url === REPORT_PATH) {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				reports.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
				res.writeHead(204).end();
			});
			return;
		}
		const setHeader = res.setHeader.bind(res);
		res.setHeader = (name, value) =>
			setHeader(
				name,
				name.toLowerCase() === 'content-security-policy'
					? `${value}; report-uri ${REPORT_PATH}`
					: value
			);
		app(req, res);
	});
	const sockets = new Set<Socket>();
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.once('close', () => sockets.delete(socket));
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		reports,
		stop: () =>
			new Promise<void>((done) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => done());
			})
	};
}
