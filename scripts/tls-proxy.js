// @ts-check
/**
 * A TLS terminator for `npm start -- --lan --proxy ws://broker:9001`: an https page may only open
 * wss:// sockets, so this listens for TLS on the LAN address with the --lan certificate and
 * pipes the decrypted bytes to a broker's plain WebSocket port. It does not read the traffic:
 * the WebSocket handshake, its path and MQTT pass through unchanged.
 */
import net from 'node:net';
import tls from 'node:tls';

/**
 * @typedef {object} TlsProxyOptions
 * @property {string} targetHost The broker's host.
 * @property {number} targetPort The broker's plain WebSocket port.
 * @property {string} host Address to listen on.
 * @property {number} port Port to listen on (0 picks a free one).
 * @property {string} cert Certificate chain (PEM).
 * @property {string} key Private key (PEM).
 */

/**
 * Starts the proxy; resolves once it listens.
 * @param {TlsProxyOptions} options
 * @returns {Promise<{ port: number, stop: () => Promise<void> }>}
 */
export async function startTlsProxy({ targetHost, targetPort, host, port, cert, key }) {
	/** @type {Set<net.Socket>} */
	const open = new Set();
	const server = tls.createServer({ cert, key }, (client) => {
		const upstream = net.connect(targetPort, targetHost);
		open.add(client);
		open.add(upstream);
		// One side gone (a broker that is down, a phone that walked away): end the other too.
		const close = () => {
			client.destroy();
			upstream.destroy();
			open.delete(client);
			open.delete(upstream);
		};
		client.on('error', close);
		upstream.on('error', close);
		client.on('close', close);
		upstream.on('close', close);
		client.pipe(upstream).pipe(client);
	});
	// A phone that does not trust the certificate yet drops the handshake: expected.
	server.on('tlsClientError', () => {});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => resolve(undefined));
	});
	return {
		port: /** @type {net.AddressInfo} */ (server.address()).port,
		stop: () =>
			new Promise((resolve) => {
				for (const socket of open) socket.destroy();
				server.close(() => resolve(undefined));
			})
	};
}
