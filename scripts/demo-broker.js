// @ts-check
/**
 * An embedded MQTT broker for `npm start`: Aedes over WebSocket (for the app) and plain TCP
 * (for the simulator and for mosquitto_pub/sub). Aedes speaks MQTT 3.1.1 only, so the app's
 * Local demo profile uses protocolVersion 4. For `npm start -- --lan` it adds a secure WebSocket
 * (WSS) listener, because a page served over HTTPS may only open wss:// sockets.
 */
import https from 'node:https';
import net from 'node:net';
import { Aedes } from 'aedes';
import { WebSocketServer, createWebSocketStream } from 'ws';

/**
 * @typedef {object} DemoBrokerOptions
 * @property {number} [wsPort] WebSocket port (0 picks a free one).
 * @property {number} [mqttPort] Plain TCP port (0 picks a free one).
 * @property {string} [host] Interface to bind; loopback by default.
 * @property {SecureListenerOptions} [wss] Also listen for WebSocket over TLS.
 */

/**
 * @typedef {object} SecureListenerOptions
 * @property {number} port WSS port (0 picks a free one).
 * @property {string} host Interface to bind (the LAN address for --lan).
 * @property {string} cert Certificate chain (PEM).
 * @property {string} key Private key (PEM).
 */

/**
 * @typedef {object} DemoBroker
 * @property {number} wsPort The WebSocket port actually bound.
 * @property {number} mqttPort The TCP port actually bound.
 * @property {string} wsUrl e.g. ws://127.0.0.1:9001
 * @property {string} mqttUrl e.g. mqtt://127.0.0.1:1883
 * @property {number | undefined} wssPort The WSS port bound, when `wss` was asked for.
 * @property {() => Promise<void>} stop Closes both listeners, every client and the broker.
 */

/** Error thrown when a port is taken; carries which listener failed so callers can say which flag to change. */
export class PortInUseError extends Error {
	/**
	 * @param {'ws' | 'wss' | 'mqtt'} which
	 * @param {number} port
	 */
	constructor(which, port) {
		super(`port ${port} is already in use`);
		this.name = 'PortInUseError';
		this.which = which;
		this.port = port;
	}
}

/**
 * Maps a listen error to PortInUseError when it is EADDRINUSE.
 * @param {unknown} err
 * @param {'ws' | 'wss' | 'mqtt'} which
 * @param {number} port
 * @returns {Error}
 */
function listenError(err, which, port) {
	const code = /** @type {NodeJS.ErrnoException} */ (err)?.code;
	if (code === 'EADDRINUSE' || code === 'EACCES') return new PortInUseError(which, port);
	return err instanceof Error ? err : new Error(String(err));
}

/**
 * Starts the demo broker; resolves once both listeners are bound.
 * @param {DemoBrokerOptions} [options]
 * @returns {Promise<DemoBroker>}
 */
export async function startDemoBroker({
	wsPort = 9001,
	mqttPort = 1883,
	host = '127.0.0.1',
	wss: secure
} = {}) {
	const aedes = await Aedes.createBroker();
	// A client that drops mid-packet is routine for a demo (the simulator does it on purpose).
	aedes.on('clientError', () => {});
	aedes.on('connectionError', () => {});

	const tcp = net.createServer((socket) => aedes.handle(socket));
	/** @type {Set<net.Socket>} */
	const tcpSockets = new Set();
	tcp.on('connection', (socket) => {
		tcpSockets.add(socket);
		socket.on('close', () => tcpSockets.delete(socket));
	});

	/** @type {WebSocketServer | undefined} */
	let wss;
	/** @type {https.Server | undefined} */
	let tlsServer;
	/** @type {WebSocketServer | undefined} */
	let secureWss;
	try {
		await new Promise((resolve, reject) => {
			tcp.once('error', (err) => reject(listenError(err, 'mqtt', mqttPort)));
			tcp.listen(mqttPort, host, () => resolve(undefined));
		});
		const server = new WebSocketServer({ port: wsPort, host });
		wss = server;
		await new Promise((resolve, reject) => {
			server.once('error', (err) => reject(listenError(err, 'ws', wsPort)));
			server.once('listening', () => resolve(undefined));
		});
		if (secure) {
			const tlsListener = https.createServer({ cert: secure.cert, key: secure.key });
			tlsServer = tlsListener;
			// A phone that does not trust the certificate yet drops the handshake: expected.
			tlsListener.on('tlsClientError', () => {});
			secureWss = new WebSocketServer({ server: tlsListener });
			await new Promise((resolve, reject) => {
				tlsListener.once('error', (err) => reject(listenError(err, 'wss', secure.port)));
				tlsListener.listen(secure.port, secure.host, () => resolve(undefined));
			});
		}
	} catch (err) {
		secureWss?.close();
		tlsServer?.close();
		wss?.close();
		tcp.close();
		await new Promise((resolve) => aedes.close(() => resolve(undefined)));
		throw err;
	}
	const ws = wss;
	/**
	 * @param {import('ws').WebSocket} socket
	 * @param {import('node:http').IncomingMessage} req
	 */
	const handleWebSocket = (socket, req) => {
		const stream = createWebSocketStream(socket);
		// Without a listener an abrupt browser disconnect would throw from the stream.
		stream.on('error', () => stream.destroy());
		aedes.handle(stream, req);
	};
	ws.on('connection', handleWebSocket);
	secureWss?.on('connection', handleWebSocket);

	const boundTcp = /** @type {net.AddressInfo} */ (tcp.address()).port;
	const boundWs = /** @type {net.AddressInfo} */ (ws.address()).port;
	const boundWss = tlsServer
		? /** @type {net.AddressInfo} */ (tlsServer.address()).port
		: undefined;
	let stopped = false;

	return {
		wsPort: boundWs,
		mqttPort: boundTcp,
		wsUrl: `ws://${host}:${boundWs}`,
		mqttUrl: `mqtt://${host}:${boundTcp}`,
		wssPort: boundWss,
		async stop() {
			if (stopped) return;
			stopped = true;
			for (const client of ws.clients) client.terminate();
			for (const client of secureWss?.clients ?? []) client.terminate();
			for (const socket of tcpSockets) socket.destroy();
			await Promise.all([
				new Promise((resolve) => ws.close(() => resolve(undefined))),
				new Promise((resolve) =>
					secureWss ? secureWss.close(() => resolve(undefined)) : resolve(undefined)
				),
				new Promise((resolve) => {
					if (!tlsServer) return resolve(undefined);
					tlsServer.close(() => resolve(undefined));
					tlsServer.closeAllConnections();
				}),
				new Promise((resolve) => tcp.close(() => resolve(undefined))),
				new Promise((resolve) => aedes.close(() => resolve(undefined)))
			]);
		}
	};
}
