import { afterEach, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoBroker, PortInUseError } from './demo-broker.js';
import { ensureLanCert } from './lan-cert.js';

type Broker = Awaited<ReturnType<typeof startDemoBroker>>;

/** Connects with MQTT 3.1.1, which is all Aedes speaks. */
function connect(url: string, clientId: string, ca?: string): Promise<mqtt.MqttClient> {
	return new Promise((resolve, reject) => {
		const client = mqtt.connect(url, { clientId, protocolVersion: 4, reconnectPeriod: 0, ca });
		client.once('connect', () => resolve(client));
		client.once('error', reject);
	});
}

/** Resolves with the first message on `topic`. */
function nextMessage(client: mqtt.MqttClient, topic: string): Promise<string> {
	return new Promise((resolve) => {
		client.on('message', (t, payload) => {
			if (t === topic) resolve(payload.toString());
		});
	});
}

describe('demo broker', () => {
	let broker: Broker | undefined;
	const clients: mqtt.MqttClient[] = [];

	afterEach(async () => {
		await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
		await broker?.stop();
		broker = undefined;
	});

	it('relays messages between a WebSocket client and a TCP client, both ways', async () => {
		broker = await startDemoBroker({ wsPort: 0, mqttPort: 0 });
		expect(broker.wsPort).toBeGreaterThan(0);
		expect(broker.mqttPort).toBeGreaterThan(0);

		const viaWs = await connect(`ws://127.0.0.1:${broker.wsPort}`, 'spec-ws');
		const viaTcp = await connect(`mqtt://127.0.0.1:${broker.mqttPort}`, 'spec-tcp');
		clients.push(viaWs, viaTcp);
		await viaWs.subscribeAsync('spec/to-ws', { qos: 1 });
		await viaTcp.subscribeAsync('spec/to-tcp', { qos: 1 });

		const atWs = nextMessage(viaWs, 'spec/to-ws');
		await viaTcp.publishAsync('spec/to-ws', 'from tcp', { qos: 1 });
		expect(await atWs).toBe('from tcp');

		const atTcp = nextMessage(viaTcp, 'spec/to-tcp');
		await viaWs.publishAsync('spec/to-tcp', 'from ws', { qos: 1 });
		expect(await atTcp).toBe('from ws');
	});

	it('with a certificate, also serves WebSocket over TLS (what an https page needs)', async () => {
		const certDir = mkdtempSync(join(tmpdir(), 'demo-broker-wss-'));
		try {
			const cert = await ensureLanCert({ dir: certDir, names: ['127.0.0.1'] });
			broker = await startDemoBroker({
				wsPort: 0,
				mqttPort: 0,
				wss: { port: 0, host: '127.0.0.1', cert: cert.cert, key: cert.key }
			});
			expect(broker.wssPort).toBeGreaterThan(0);
			// The client trusts only the local authority, as a phone does after the trust steps.
			const ca = cert.cert.slice(cert.cert.lastIndexOf('-----BEGIN CERTIFICATE-----'));
			const viaWss = await connect(`wss://127.0.0.1:${broker.wssPort}`, 'spec-wss', ca);
			const viaTcp = await connect(`mqtt://127.0.0.1:${broker.mqttPort}`, 'spec-tcp2');
			clients.push(viaWss, viaTcp);
			await viaWss.subscribeAsync('spec/to-wss', { qos: 1 });
			const atWss = nextMessage(viaWss, 'spec/to-wss');
			await viaTcp.publishAsync('spec/to-wss', 'over tls', { qos: 1 });
			expect(await atWss).toBe('over tls');
		} finally {
			rmSync(certDir, { recursive: true, force: true });
		}
	});

	it('reports a busy port as PortInUseError naming the listener', async () => {
		broker = await startDemoBroker({ wsPort: 0, mqttPort: 0 });
		const err = await startDemoBroker({ wsPort: 0, mqttPort: broker.mqttPort }).catch(
			(e: unknown) => e
		);
		expect(err).toBeInstanceOf(PortInUseError);
		expect(err).toMatchObject({ which: 'mqtt', port: broker.mqttPort });
	});
});
