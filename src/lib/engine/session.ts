import mqtt from 'mqtt';
import type { IClientOptions, IConnackPacket, IPublishPacket, MqttClient } from 'mqtt';
import type {
	ConnectionStatus,
	MessageProperties,
	MessageRecord,
	PublishRequest,
	SubscribeResult
} from '$lib/shared/engine-api';
import type { Profile, QoS, SubscriptionSpec } from '$lib/shared/profile';
import {
	describeConnackCode,
	describeDisconnectCode,
	describeSocketFailure
} from '$lib/shared/connect-failure';
import { reasonCodeText } from '$lib/shared/reason-codes';
import { createBackoff } from './backoff';
import type { Ingest, Timers } from './ingest';

/** What a session reports to the engine. */
export interface SessionHooks {
	status(status: ConnectionStatus): void;
	publishState(record: MessageRecord): void;
	subscriptions(results: SubscribeResult[]): void;
}

/** Where a session comes from: the profile, its password, and injected time and transport. */
export interface SessionOptions {
	profile: Profile;
	password: string;
	ingest: Ingest;
	hooks: SessionHooks;
	timers?: Timers;
	now?: () => number;
	/** The page's protocol ("https:" forbids ws://), for explaining failures. */
	pageProtocol?: string;
	connectTimeoutMs?: number;
}

/** CONNACK codes for which retrying with the same settings cannot help (MQTT 5 §3.2.2.2, 3.1.1 §3.2.2.3). */
const FATAL_CONNACK = new Set([1, 2, 4, 5, 0x84, 0x85, 0x86, 0x87, 0x8a, 0x8c]);

/**
 * One live connection of a profile. mqtt.js's own reconnect is off: its period is fixed, and
 * we want exponential backoff with jitter and a visible countdown.
 */
export class Session {
	readonly profileId: string;
	#options: SessionOptions;
	#timers: Timers;
	#now: () => number;
	#client: MqttClient | undefined;
	#backoff = createBackoff({ minMs: 1000, maxMs: 60_000 });
	#retryTimer: unknown;
	#status: ConnectionStatus;
	#wantConnected = true;
	#everConnected = false;
	/** What went wrong during the current attempt, explained. */
	#failure: { reason: string; hint?: string; fatal?: boolean } | undefined;
	#socketOpened = false;
	/** The refusing CONNACK's properties: mqtt.js's error carries only the code. */
	#connackDetails: { reasonString?: string; serverReference?: string } = {};
	#subscriptions = new Map<string, QoS>();

	constructor(options: SessionOptions) {
		this.#options = options;
		this.profileId = options.profile.id;
		this.#timers = options.timers ?? globalThis;
		this.#now = options.now ?? (() => Date.now());
		this.#status = { profileId: this.profileId, state: 'idle' };
		for (const spec of options.profile.subscriptions)
			this.#subscriptions.set(spec.filter, spec.qos);
	}

	/** The last status reported. */
	get status(): ConnectionStatus {
		return this.#status;
	}

	/** Starts the first connection attempt. */
	start(): void {
		this.#setStatus({ state: 'connecting' });
		this.#open();
	}

	/** Skips the backoff wait and tries again now. */
	retryNow(): void {
		if (this.#status.state !== 'reconnecting' && this.#status.state !== 'disconnected') return;
		this.#timers.clearTimeout(this.#retryTimer);
		this.#wantConnected = true;
		this.#setStatus({ state: this.#everConnected ? 'reconnecting' : 'connecting' });
		this.#open();
	}

	/** Sends DISCONNECT and stops reconnecting. */
	async stop(): Promise<void> {
		this.#wantConnected = false;
		this.#timers.clearTimeout(this.#retryTimer);
		const client = this.#client;
		this.#client = undefined;
		if (client) await client.endAsync().catch(() => client.end(true));
		await this.#options.ingest.flush();
		this.#setStatus({ state: 'disconnected', reason: 'Disconnected.' });
	}

	/** Subscribes now (when connected) and after every reconnect without a session. */
	async subscribe(spec: SubscriptionSpec): Promise<SubscribeResult> {
		this.#subscriptions.set(spec.filter, spec.qos);
		const client = this.#connectedClient();
		if (!client) return { filter: spec.filter, granted: null, reason: 'Not connected.' };
		const [result] = await this.#subscribeAll(client, [spec]);
		if (result.granted === null) this.#subscriptions.delete(spec.filter);
		return result;
	}

	/** Unsubscribes a filter. */
	async unsubscribe(filter: string): Promise<void> {
		this.#subscriptions.delete(filter);
		const client = this.#connectedClient();
		if (client) await client.unsubscribeAsync(filter);
	}

	/** Publishes and records the message; its state follows through hooks.publishState. */
	publish(request: PublishRequest): number {
		const ingest = this.#options.ingest;
		const record: MessageRecord = {
			profileId: this.profileId,
			id: ingest.nextId(),
			direction: 'out',
			topic: request.topic,
			payload: request.payload,
			qos: request.qos,
			retain: request.retain,
			dup: false,
			time: this.#now(),
			state: 'pending'
		};
		const client = this.#connectedClient();
		if (!client) {
			record.state = 'failed';
			record.reason = 'Not connected: the message was not sent.';
			ingest.add(record);
			return record.id;
		}
		ingest.add(record);
		// mqtt.js types ask for a Buffer; its writer takes any Uint8Array (mqtt-packet byteLength).
		client.publish(
			request.topic,
			request.payload as Buffer,
			{ qos: request.qos, retain: request.retain },
			(error) => {
				if (error) {
					const code = (error as { code?: number }).code;
					record.state = typeof code === 'number' && code >= 0x80 ? 'refused' : 'failed';
					record.reason =
						typeof code === 'number'
							? `${reasonCodeText(code)} (0x${code.toString(16)})`
							: 'The connection closed before the broker confirmed the message.';
				} else {
					record.state = request.qos === 0 ? 'sent' : 'acknowledged';
				}
				ingest.rewrite(record);
				this.#options.hooks.publishState(record);
			}
		);
		return record.id;
	}

	#connectTimeoutMs(): number {
		return this.#options.connectTimeoutMs ?? 20_000;
	}

	#connectedClient(): MqttClient | undefined {
		return this.#status.state === 'connected' ? this.#client : undefined;
	}

	#open(): void {
		const { profile, password } = this.#options;
		this.#failure = undefined;
		this.#socketOpened = false;
		this.#connackDetails = {};
		this.#client?.removeAllListeners();
		this.#client?.end(true);
		const options: IClientOptions = {
			protocolVersion: profile.protocolVersion,
			clientId: profile.clientId,
			clean: profile.cleanStart,
			keepalive: profile.keepalive,
			username: profile.username || undefined,
			password: password || undefined,
			reconnectPeriod: 0,
			connectTimeout: this.#connectTimeoutMs(),
			resubscribe: false,
			// Wraps the browser WebSocket only to learn whether it ever opened: browsers hide why
			// a WebSocket failed, so "never opened" vs "closed after opening" is all we can tell.
			createWebsocket: (url: string, protocols: string[]) => {
				const socket = new WebSocket(url, protocols);
				socket.addEventListener('open', () => (this.#socketOpened = true));
				return socket;
			}
		};
		const client = mqtt.connect(profile.url, options);
		this.#client = client;
		client.on('connect', (connack) => this.#onConnect(client, connack));
		client.on('message', (topic, payload, packet) => this.#onMessage(topic, payload, packet));
		client.on('error', (error) => this.#onError(error));
		client.on('packetreceive', (packet) => {
			if (packet.cmd === 'connack' && packet.properties) {
				const { reasonString, serverReference } = packet.properties;
				this.#connackDetails = { reasonString, serverReference };
			}
		});
		client.on('disconnect', (packet) => {
			const code = packet.reasonCode ?? 0;
			const props = packet.properties;
			this.#failure = describeDisconnectCode(code, props?.reasonString, props?.serverReference);
		});
		client.on('close', () => {
			if (client === this.#client) this.#onClose();
		});
	}

	#onConnect(client: MqttClient, connack: IConnackPacket): void {
		this.#everConnected = true;
		this.#backoff.reset();
		this.#setStatus({ state: 'connected', sessionPresent: connack.sessionPresent });
		// With a session present the broker still has our subscriptions (MQTT 5 §3.2.2.1.1):
		// subscribing again would duplicate retained messages.
		if (connack.sessionPresent || this.#subscriptions.size === 0) return;
		const specs = [...this.#subscriptions].map(([filter, qos]) => ({ filter, qos }));
		void this.#subscribeAll(client, specs).then((results) =>
			this.#options.hooks.subscriptions(results)
		);
	}

	async #subscribeAll(client: MqttClient, specs: SubscriptionSpec[]): Promise<SubscribeResult[]> {
		try {
			const granted = await client.subscribeAsync(
				Object.fromEntries(specs.map((s) => [s.filter, { qos: s.qos }]))
			);
			return specs.map((spec) => {
				const answer = granted.find((g) => g.topic === spec.filter);
				const qos = answer?.qos ?? 0x80;
				return qos < 0x80
					? { filter: spec.filter, granted: qos as QoS }
					: {
							filter: spec.filter,
							granted: null,
							reason: `Refused by the broker: ${reasonCodeText(qos)} (0x${qos.toString(16)})`
						};
			});
		} catch (error) {
			const reason = error instanceof Error ? error.message : 'Subscription failed.';
			return specs.map((spec) => ({ filter: spec.filter, granted: null, reason }));
		}
	}

	#onMessage(topic: string, payload: Uint8Array, packet: IPublishPacket): void {
		const ingest = this.#options.ingest;
		const record: MessageRecord = {
			profileId: this.profileId,
			id: ingest.nextId(),
			direction: 'in',
			topic,
			// Copy: mqtt.js hands out views into a shared buffer, and storing a view would store it all.
			payload: new Uint8Array(payload),
			qos: packet.qos,
			retain: packet.retain,
			dup: packet.dup,
			time: this.#now()
		};
		const properties = packet.properties ? toMessageProperties(packet.properties) : undefined;
		if (properties) record.properties = properties;
		ingest.add(record);
	}

	#onError(error: Error & { code?: number | string }): void {
		const { profile } = this.#options;
		if (typeof error.code === 'number' && this.#status.state !== 'connected') {
			const words = describeConnackCode(error.code, profile.protocolVersion, this.#connackDetails);
			this.#failure = { ...words, fatal: FATAL_CONNACK.has(error.code) };
		} else if (error.message === 'connack timeout') {
			this.#failure = describeSocketFailure({
				url: profile.url,
				pageProtocol: this.#options.pageProtocol ?? 'http:',
				phase: 'timeout',
				protocolVersion: profile.protocolVersion,
				timeoutSeconds: this.#connectTimeoutMs() / 1000
			});
		} else if (error.message === 'Keepalive timeout') {
			this.#failure = {
				reason: 'The broker stopped answering (keepalive timeout).',
				hint: 'The network may have dropped; reconnecting.'
			};
		} else if (!this.#failure) {
			this.#failure = { reason: 'The connection failed.', hint: error.message };
		}
	}

	#onClose(): void {
		if (!this.#wantConnected) return;
		const { profile } = this.#options;
		const failure: { reason: string; hint?: string; fatal?: boolean } =
			this.#failure ??
			describeSocketFailure({
				url: profile.url,
				pageProtocol: this.#options.pageProtocol ?? 'http:',
				phase: this.#socketOpened ? 'closed-before-connack' : 'socket-error',
				protocolVersion: profile.protocolVersion,
				timeoutSeconds: this.#connectTimeoutMs() / 1000
			});
		const wasConnected = this.#status.state === 'connected';
		// A first attempt that fails is reported, not retried: the user is looking at the form
		// and wants to know why. A connection that worked and dropped is retried with backoff.
		if (failure.fatal || (!this.#everConnected && !wasConnected)) {
			this.#client?.end(true);
			this.#client = undefined;
			this.#setStatus({ state: 'disconnected', reason: failure.reason, hint: failure.hint });
			return;
		}
		const delay = this.#backoff.next();
		this.#setStatus({
			state: 'reconnecting',
			reason: wasConnected ? (this.#failure?.reason ?? 'The connection was lost.') : failure.reason,
			hint: failure.hint,
			retryAt: this.#now() + delay,
			attempt: this.#backoff.attempt
		});
		this.#retryTimer = this.#timers.setTimeout(() => this.#open(), delay);
	}

	#setStatus(status: Omit<ConnectionStatus, 'profileId'>): void {
		this.#status = { profileId: this.profileId, ...status };
		this.#options.hooks.status(this.#status);
	}
}

/** Copies MQTT 5 properties from a packet into plain, cloneable values. */
function toMessageProperties(p: NonNullable<IPublishPacket['properties']>): MessageProperties {
	const out: MessageProperties = {};
	if (p.contentType !== undefined) out.contentType = p.contentType;
	if (p.payloadFormatIndicator !== undefined) out.payloadFormatIndicator = p.payloadFormatIndicator;
	if (p.messageExpiryInterval !== undefined) out.messageExpiryInterval = p.messageExpiryInterval;
	if (p.responseTopic !== undefined) out.responseTopic = p.responseTopic;
	if (p.correlationData !== undefined) out.correlationData = new Uint8Array(p.correlationData);
	if (p.userProperties !== undefined) out.userProperties = { ...p.userProperties };
	if (p.subscriptionIdentifier !== undefined) out.subscriptionIdentifier = p.subscriptionIdentifier;
	return out;
}
