/**
 * Connection doctor: when the address is not a (working) MQTT broker, the app says what went
 * wrong in words and what to try, and stays usable for the next connection.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { WebSocketServer } from 'ws';
import { connect, connectionState, openApp } from '../support/app';
import { createConnectionProfile } from '../support/connection-profile';
import { expect, test, type BrokerInfo } from '../support/fixtures';
import { freePorts } from '../support/mosquitto';

/** Presses Connect and waits for the attempt to end as disconnected. */
async function connectAndFail(page: Page): Promise<void> {
	await page
		.getByRole('region', { name: 'Connection' })
		.getByRole('button', { name: 'Connect' })
		.click();
	await expect(connectionState(page)).toHaveAttribute('data-state', 'disconnected', {
		timeout: 10_000
	});
}

/** After a failure the app still connects to a real broker. */
async function stillUsable(page: Page, broker: BrokerInfo): Promise<void> {
	await createConnectionProfile(page, { name: 'Good broker', url: broker.wsUrl });
	await connect(page);
}

function listen(server: Server): Promise<number> {
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))
	);
}

test('an HTTP server instead of a broker: the reason says the WebSocket failed', async ({
	page,
	broker
}) => {
	const http = createServer((_req, res) => {
		res.writeHead(200, { 'content-type': 'text/plain' });
		res.end('hello, I am a web server');
	});
	const port = await listen(http);
	try {
		await openApp(page);
		await createConnectionProfile(page, { name: 'Web server', url: `ws://127.0.0.1:${port}` });
		await connectAndFail(page);
		const reason = page.getByTestId('connection-reason');
		await expect(reason).toContainText(`The WebSocket connection to 127.0.0.1:${port} failed`);
		await expect(reason).toContainText('is the broker running');
		await stillUsable(page, broker);
	} finally {
		http.closeAllConnections();
		await new Promise((resolve) => http.close(resolve));
	}
});

test('a WebSocket server that hangs up at once: "closed before answering", maybe not MQTT', async ({
	page,
	broker
}) => {
	// Accepts the upgrade (with the "mqtt" subprotocol the browser asks for), then closes.
	const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
	await new Promise((resolve) => wss.once('listening', resolve));
	wss.on('connection', (socket) => socket.close());
	const port = (wss.address() as AddressInfo).port;
	try {
		await openApp(page);
		await createConnectionProfile(page, { name: 'Not MQTT', url: `ws://127.0.0.1:${port}` });
		await connectAndFail(page);
		const reason = page.getByTestId('connection-reason');
		await expect(reason).toContainText(
			`127.0.0.1:${port} accepted the WebSocket but closed it before answering`
		);
		await expect(reason).toContainText('may not be an MQTT broker');
		await stillUsable(page, broker);
	} finally {
		for (const client of wss.clients) client.terminate();
		await new Promise((resolve) => wss.close(resolve));
	}
});

test('wss:// to a port with no listener: certificate-or-unreachable hint with the https link', async ({
	page,
	broker
}) => {
	const [port] = await freePorts(1);
	await openApp(page);
	await createConnectionProfile(page, { name: 'Closed TLS port', url: `wss://127.0.0.1:${port}` });
	await connectAndFail(page);
	const reason = page.getByTestId('connection-reason');
	await expect(reason).toContainText(`Could not open a secure WebSocket to 127.0.0.1:${port}`);
	await expect(reason).toContainText('certificate');
	await expect(reason).toContainText('unreachable');
	await expect(reason).toContainText(`https://127.0.0.1:${port}/`);
	await expect(reason.getByRole('link')).toHaveAttribute('href', `https://127.0.0.1:${port}/`);
	await stillUsable(page, broker);
});

/**
 * A scripted MQTT 5 server: answers CONNECT with CONNACK, then sends DISCONNECT 0x8E "Session
 * taken over" with a Reason String. Scripted because Mosquitto 2.0.11 closes the older
 * client's socket on a takeover without sending any DISCONNECT.
 */
async function startDisconnectingServer(
	reasonString: string
): Promise<{ server: WebSocketServer; kick: () => void }> {
	const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
	await new Promise((resolve) => server.once('listening', resolve));
	server.on('connection', (socket) => {
		// CONNACK (MQTT 5 §3.2): flags 0, reason 0x00 Success, no properties.
		socket.once('message', () => socket.send(Buffer.from([0x20, 0x03, 0x00, 0x00, 0x00])));
	});
	const kick = (): void => {
		// DISCONNECT (§3.14): reason 0x8E, properties = Reason String (0x1F, §3.14.2.2.3).
		const text = Buffer.from(reasonString, 'utf8');
		const props = Buffer.concat([Buffer.from([0x1f, text.length >> 8, text.length & 0xff]), text]);
		const body = Buffer.concat([Buffer.from([0x8e, props.length]), props]);
		for (const socket of server.clients) {
			socket.send(Buffer.concat([Buffer.from([0xe0, body.length]), body]));
			socket.close();
		}
	};
	return { server, kick };
}

test('MQTT 5 DISCONNECT from the broker: "session taken over" in words', async ({
	page,
	broker
}) => {
	const { server, kick } = await startDisconnectingServer('another client took this ID');
	const port = (server.address() as AddressInfo).port;
	try {
		await openApp(page);
		await createConnectionProfile(page, {
			name: 'Taken over',
			url: `ws://127.0.0.1:${port}`
		});
		await connect(page);
		kick();
		// Reconnecting would only take the ID back from the other client: the app stops.
		await expect(connectionState(page)).toHaveAttribute('data-state', 'disconnected');
		const reason = page.getByTestId('connection-reason');
		await expect(reason).toContainText('The broker closed the connection');
		await expect(reason).toContainText(/session taken over \(0x8e\)/i);
		await expect(reason).toContainText('another client took this ID');
		await expect(page.getByText(/reconnecting in/)).toHaveCount(0);
		await stillUsable(page, broker);
	} finally {
		for (const client of server.clients) client.terminate();
		await new Promise((resolve) => server.close(resolve));
	}
});
