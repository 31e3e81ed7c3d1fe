/**
 * An "other" MQTT client for end-to-end tests: mqtt.js in Node over plain TCP, used to publish
 * into the broker what the app should receive and to observe what the app publishes.
 */
import mqtt from 'mqtt';
import type {
	IClientOptions,
	IClientSubscribeOptions,
	IPublishPacket,
	ISubscriptionGrant,
	MqttClient
} from 'mqtt';

/** One message seen by an external client. */
export interface Received {
	topic: string;
	payload: Buffer;
	/** The whole PUBLISH packet: qos, retain, dup, MQTT 5 properties. */
	packet: IPublishPacket;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

/**
 * Connects mqtt.js to 127.0.0.1:port over TCP; resolves on CONNACK, rejects on error or timeout.
 * Defaults: MQTT 5, clean start, no automatic reconnect (a test should see a drop, not hide it).
 */
export function connectExternal(port: number, opts: IClientOptions = {}): Promise<MqttClient> {
	const client = mqtt.connect({
		host: '127.0.0.1',
		port,
		protocol: 'mqtt',
		protocolVersion: 5,
		clean: true,
		reconnectPeriod: 0,
		connectTimeout: DEFAULT_CONNECT_TIMEOUT_MS,
		clientId: `ext-${process.pid}-${Math.random().toString(16).slice(2, 10)}`,
		...opts
	});
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			client.end(true);
			reject(new Error(`connectExternal: no CONNACK from 127.0.0.1:${port} in time`));
		}, opts.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT_MS);
		const onError = (err: Error): void => {
			clearTimeout(timer);
			client.end(true);
			reject(new Error(`connectExternal: 127.0.0.1:${port}: ${err.message}`));
		};
		client.once('error', onError);
		client.once('connect', () => {
			clearTimeout(timer);
			client.removeListener('error', onError);
			resolve(client);
		});
	});
}

/** Subscribes and resolves with the grants; rejects if the broker refused any filter (≥ 0x80). */
export async function subscribeExternal(
	client: MqttClient,
	filter: string | string[],
	opts: IClientSubscribeOptions = { qos: 1 }
): Promise<ISubscriptionGrant[]> {
	const grants = await client.subscribeAsync(filter, opts);
	// MQTT 5 §3.9.3: reason codes of 0x80 and above in SUBACK mean the subscription failed.
	const refused = grants.filter((g) => g.qos >= 0x80);
	if (refused.length > 0) {
		throw new Error(
			`subscribeExternal: refused ${refused.map((g) => `${g.topic} (0x${g.qos.toString(16)})`).join(', ')}`
		);
	}
	return grants;
}

/** True when `topic` matches the subscription `filter` (MQTT 5 §4.7), `$share/g/` stripped. */
export function topicMatches(filter: string, topic: string): boolean {
	const shared = /^\$share\/[^/]+\/(.*)$/.exec(filter);
	const f = (shared ? shared[1] : filter).split('/');
	const t = topic.split('/');
	// MQTT 5 §4.7.2: wildcards at the first level do not match topics starting with '$'.
	if (topic.startsWith('$') && (f[0] === '#' || f[0] === '+')) return false;
	for (let i = 0; i < f.length; i++) {
		if (f[i] === '#') return true;
		if (i >= t.length) return false;
		if (f[i] !== '+' && f[i] !== t[i]) return false;
	}
	return f.length === t.length;
}

/**
 * Collects the next `count` messages whose topic matches `filter`, starting now. Does not
 * subscribe (call subscribeExternal first). Rejects after `timeoutMs` saying how many arrived.
 */
export function collect(
	client: MqttClient,
	filter: string,
	count: number,
	timeoutMs = 5_000
): Promise<Received[]> {
	const got: Received[] = [];
	return new Promise((resolve, reject) => {
		const finish = (): void => {
			clearTimeout(timer);
			client.removeListener('message', onMessage);
		};
		const onMessage = (topic: string, payload: Buffer, packet: IPublishPacket): void => {
			if (!topicMatches(filter, topic)) return;
			got.push({ topic, payload, packet });
			if (got.length >= count) {
				finish();
				resolve(got);
			}
		};
		const timer = setTimeout(() => {
			finish();
			const last = got.at(-1);
			reject(
				new Error(
					`collect: got ${got.length}/${count} messages on '${filter}' within ${timeoutMs} ms` +
						(last ? ` (last: ${last.topic})` : '')
				)
			);
		}, timeoutMs);
		client.on('message', onMessage);
		if (count <= 0) {
			finish();
			resolve(got);
		}
	});
}

/** Ends the client and waits for the socket to close. */
export async function closeExternal(client: MqttClient): Promise<void> {
	await client.endAsync();
}
