/**
 * Checks the e2e infrastructure itself, so an app failure is never a broken harness in disguise:
 * the browser reaches every listener, trusts the WSS cert (and Node, like any other client,
 * does not), the ACL denies what the app tests expect to see denied, and restart() keeps a
 * persistent session.
 */
import { connect as tlsConnect } from 'node:tls';
import type { Page } from '@playwright/test';
import mqtt from 'mqtt';
import {
	closeExternal,
	collect,
	connectExternal,
	subscribeExternal
} from '../support/external-client';
import { expect, test } from '../support/fixtures';

/** What a raw in-page WebSocket saw: open, negotiated subprotocol, and CONNACK bytes. */
interface WsProbe {
	opened: boolean;
	protocol: string;
	connack: number[];
	error: string;
}

/**
 * Opens `new WebSocket(url, 'mqtt')` in the page, sends an MQTT 3.1.1 CONNECT (clean session,
 * empty client id, optional credentials) and returns the first binary frame (the CONNACK).
 */
function probe(page: Page, url: string, username?: string, password?: string): Promise<WsProbe> {
	return page.evaluate(
		([url, username, password]) =>
			new Promise<WsProbe>((resolve) => {
				const enc = new TextEncoder();
				const str = (s: string): number[] => {
					const b = Array.from(enc.encode(s));
					return [b.length >> 8, b.length & 0xff, ...b];
				};
				// MQTT 3.1.1 §3.1.2: protocol name, level 4, flags, keepalive 60 s.
				let flags = 0x02;
				const payload = str('');
				if (username !== undefined) {
					flags |= 0x80;
					payload.push(...str(username));
				}
				if (password !== undefined) {
					flags |= 0x40;
					payload.push(...str(password));
				}
				const body = [...str('MQTT'), 4, flags, 0, 60, ...payload];
				const packet = new Uint8Array([0x10, body.length, ...body]);
				const ws = new WebSocket(url, 'mqtt');
				ws.binaryType = 'arraybuffer';
				const result: WsProbe = { opened: false, protocol: '', connack: [], error: '' };
				const timer = setTimeout(() => {
					result.error = 'timeout';
					ws.close();
					resolve(result);
				}, 5000);
				ws.onopen = () => {
					result.opened = true;
					result.protocol = ws.protocol;
					ws.send(packet);
				};
				ws.onmessage = (ev: MessageEvent<ArrayBuffer>) => {
					result.connack = Array.from(new Uint8Array(ev.data));
					clearTimeout(timer);
					ws.close();
					resolve(result);
				};
				ws.onerror = () => {
					result.error = 'error';
				};
				ws.onclose = () => {
					clearTimeout(timer);
					resolve(result);
				};
			}),
		[url, username, password] as const
	);
}

test.describe('e2e infrastructure', () => {
	test('browser connects over ws and gets a CONNACK', async ({ page, broker }) => {
		const seen = await probe(page, broker.wsUrl);
		expect(seen).toEqual({ opened: true, protocol: 'mqtt', connack: [0x20, 2, 0, 0], error: '' });
	});

	test('browser trusts the self-signed wss certificate', async ({ page, broker }) => {
		const seen = await probe(page, broker.wssUrl);
		expect(seen).toEqual({ opened: true, protocol: 'mqtt', connack: [0x20, 2, 0, 0], error: '' });
	});

	test('the wss certificate is not trusted outside the test browser', async ({ broker }) => {
		const error = await new Promise<string>((resolve) => {
			const socket = tlsConnect({ host: '127.0.0.1', port: broker.wssPort, servername: '' });
			socket.once('secureConnect', () => {
				socket.destroy();
				resolve('trusted');
			});
			socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
		});
		expect(error).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
	});

	test('auth listener refuses anonymous and wrong passwords, accepts alice', async ({
		page,
		broker
	}) => {
		// MQTT 3.1.1 §3.2.2.3: return code 5 = not authorized, 0 = accepted.
		expect((await probe(page, broker.authWsUrl)).connack).toEqual([0x20, 2, 0, 5]);
		expect((await probe(page, broker.authWsUrl, 'alice', 'wrong')).connack).toEqual([
			0x20, 2, 0, 5
		]);
		const { username, password } = broker.users.alice;
		expect((await probe(page, broker.authWsUrl, username, password)).connack).toEqual([
			0x20, 2, 0, 0
		]);
	});

	test('external clients publish and subscribe over TCP', async ({ broker }) => {
		const sub = await connectExternal(broker.mqttPort);
		const pub = await connectExternal(broker.mqttPort);
		try {
			await subscribeExternal(sub, 'infra/pubsub/#', { qos: 1 });
			const got = collect(sub, 'infra/pubsub/#', 3, 5_000);
			for (const n of [1, 2, 3]) {
				await pub.publishAsync(`infra/pubsub/${n}`, Buffer.from([n]), { qos: 1 });
			}
			const messages = await got;
			expect(messages.map((m) => [m.topic, m.payload[0], m.packet.qos])).toEqual([
				['infra/pubsub/1', 1, 1],
				['infra/pubsub/2', 2, 1],
				['infra/pubsub/3', 3, 1]
			]);
		} finally {
			await closeExternal(sub);
			await closeExternal(pub);
		}
	});

	test('collect rejects with a count when too few messages arrive', async ({ broker }) => {
		const sub = await connectExternal(broker.mqttPort);
		try {
			await subscribeExternal(sub, 'infra/quiet/#');
			await expect(collect(sub, 'infra/quiet/#', 1, 200)).rejects.toThrow(
				"collect: got 0/1 messages on 'infra/quiet/#' within 200 ms"
			);
		} finally {
			await closeExternal(sub);
		}
	});

	test('ACL denies alice on secret/# and bob everything but reading public/#', async ({
		broker
	}) => {
		const ws = { protocol: 'ws', port: broker.authWsPort } as const;
		const alice = await connectExternal(broker.authWsPort, { ...ws, ...broker.users.alice });
		const bob = await connectExternal(broker.authWsPort, { ...ws, ...broker.users.bob });
		try {
			// MQTT 5 §3.4.2.1: 0x87 Not authorized in PUBACK.
			await expect(alice.publishAsync('secret/x', 'no', { qos: 1 })).rejects.toMatchObject({
				code: 0x87
			});
			await expect(bob.publishAsync('public/x', 'no', { qos: 1 })).rejects.toMatchObject({
				code: 0x87
			});
			// Mosquitto 2.0.11 grants every SUBSCRIBE; reading is checked per delivered message.
			await subscribeExternal(bob, ['public/#', 'private/#']);
			await subscribeExternal(alice, 'secret/#');
			const bobGot = collect(bob, '#', 1, 5_000);
			const aliceSecret = collect(alice, 'secret/#', 1, 500);
			await alice.publishAsync('private/x', 'not for bob', { qos: 1 });
			await alice.publishAsync('public/news', 'hello', { qos: 1 });
			expect((await bobGot).map((m) => [m.topic, m.payload.toString()])).toEqual([
				['public/news', 'hello']
			]);
			await expect(aliceSecret).rejects.toThrow('got 0/1');
		} finally {
			await closeExternal(alice);
			await closeExternal(bob);
		}
	});

	test('a private persistent broker keeps a queued message across restart()', async ({
		startBroker
	}) => {
		const broker = await startBroker({ persistence: true });
		// MQTT 5 §3.1.2.11.2: without a session expiry interval the session ends at disconnect.
		const session = {
			clientId: 'infra-persistent',
			clean: false,
			properties: { sessionExpiryInterval: 3600 }
		};
		const first = await connectExternal(broker.mqttPort, session);
		await subscribeExternal(first, 'infra/persist', { qos: 1 });
		await closeExternal(first);
		const pub = await connectExternal(broker.mqttPort);
		await pub.publishAsync('infra/persist', 'kept', { qos: 1 });
		await closeExternal(pub);
		const pidBefore = broker.pid();
		await broker.restart();
		expect(broker.pid()).not.toBe(pidBefore);
		// The queued message may arrive in the same read as CONNACK, so listen before connecting.
		const again = mqtt.connect({
			host: '127.0.0.1',
			port: broker.mqttPort,
			protocolVersion: 5,
			reconnectPeriod: 0,
			...session
		});
		try {
			const got = collect(again, 'infra/persist', 1, 5_000);
			const [message] = await got;
			expect([message.payload.toString(), message.packet.qos]).toEqual(['kept', 1]);
		} finally {
			await closeExternal(again);
		}
	});
});
