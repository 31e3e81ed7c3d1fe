// @ts-check
/**
 * A TCP relay between the browser and the broker's WebSocket listener that can drop every
 * connection at once, as a broker restart, a NAT timeout or a cell handover does, without the
 * broker itself going away (so the reconnect is not timed against Mosquitto's start-up).
 */
import { createConnection, createServer } from 'node:net';

/**
 * @typedef {object} DropProxy
 * @property {string} wsUrl ws://127.0.0.1:port, to give the browser instead of the broker's
 * @property {() => number} dropAll destroys every relayed connection; returns how many
 * @property {() => number} stallAll stops relaying on every open connection but keeps it open
 *   (a dead route: nothing arrives, nothing says so); new connections relay normally
 * @property {() => Promise<void>} stop
 */

/**
 * Relays 127.0.0.1:<free port> to 127.0.0.1:targetPort.
 * @param {number} targetPort
 * @returns {Promise<DropProxy>}
 */
export async function startDropProxy(targetPort) {
	/** @type {Set<import('node:net').Socket>} */
	const sockets = new Set();
	/** @type {Set<import('node:net').Socket[]>} */
	const pairs = new Set();
	const server = createServer((client) => {
		const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
		const pair = [client, upstream];
		pairs.add(pair);
		for (const socket of pair) {
			sockets.add(socket);
			socket.setNoDelay(true);
			socket.on('error', () => undefined);
			socket.once('close', () => {
				sockets.delete(socket);
				pairs.delete(pair);
				for (const other of pair) other.destroy();
			});
		}
		client.pipe(upstream);
		upstream.pipe(client);
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve(undefined));
	});
	const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
	return {
		wsUrl: `ws://127.0.0.1:${port}`,
		dropAll: () => {
			const count = pairs.size;
			for (const socket of sockets) socket.destroy();
			return count;
		},
		stallAll: () => {
			for (const [client, upstream] of pairs) {
				client.unpipe(upstream);
				upstream.unpipe(client);
				client.pause();
				upstream.pause();
			}
			return pairs.size;
		},
		stop: () =>
			new Promise((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			})
	};
}
