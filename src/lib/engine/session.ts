import mqtt from 'mqtt';
import type { IConnackPacket, IPublishPacket, MqttClient, Packet } from 'mqtt';
import type { ConnectionStatus, SubscribeResult } from '$lib/shared/mqtt/connection-status';
import type { MessageRecord, PublishRequest } from '$lib/shared/mqtt/message';
import { brokerUrls, type Profile, type SubscriptionSpec } from '$lib/shared/profile/profile';
import {
	describeConnackCode,
	describeDisconnectCode,
	describeSocketFailure
} from '$lib/shared/mqtt/connect-failure';
import { reasonCodeText } from '$lib/shared/mqtt/reason-codes';
import type { AckGate } from './ack-gate';
import { createBackoff } from './backoff';
import { brokerLimits } from './connack-limits';
import { connectOptions, publishProperties } from './connect-options';
import type { PersistentStore } from './inflight-store';
import type { Ingest, Timers } from './ingest';
import { toMessageProperties } from './message-properties';
import { subscribeAll } from './subscribe';

/** What a session reports to the engine. */
export interface SessionHooks {
	status(status: ConnectionStatus): void;
	publishState(record: MessageRecord): void;
	subscriptions(results: SubscribeResult[]): void;
	/** A publish sent by an earlier page was acknowledged after this page resent it. */
	resentAcknowledged(recordId: number): void;
}

/** Where a session comes from: the profile, its password, and injected time and transport. */
export interface SessionOptions {
	profile: Profile;
	password: string;
	ingest: Ingest;
	hooks: SessionHooks;
	/** In-flight QoS 1/2 packets, persisted across reloads. */
	stores?: { incoming: PersistentStore; outgoing: PersistentStore };
	/** Holds acknowledgements of received QoS 1/2 messages until they are stored. */
	acks?: AckGate;
	timers?: Timers;
	now?: () => number;
	/** The page's protocol ("https:" forbids ws://), for explaining failures. */
	pageProtocol?: string;
	/**
	 * When recording for this profile stopped before this session (an engine worker that died):
	 * the first message once connected carries the gap from then.
	 */
	offlineSince?: number;
}

/** What went wrong during a connection attempt, explained. */
interface Failure {
	reason: string;
	hint?: string;
	fatal?: boolean;
}

/** CONNACK codes for which retrying with the same settings cannot help (MQTT 5 §3.2.2.2, 3.1.1 §3.2.2.3). */
const FATAL_CONNACK = new Set([1, 2, 4, 5, 0x84, 0x85, 0x86, 0x87, 0x8a, 0x8c]);

/**
 * Server DISCONNECT codes after which reconnecting would only repeat the problem or fight another
 * client: session taken over (another client has our ID), banned, use another server, moved
 * (MQTT 5 §3.14.2.1).
 */
const FATAL_DISCONNECT = new Set([0x8a, 0x8e, 0x9c, 0x9d]);

/** "Use another server" and "server moved": not fatal when the profile lists another node. */
const MOVE_DISCONNECT = new Set([0x9c, 0x9d]);

/** Messages arriving this soon after resuming a kept session were most likely queued by the broker. */
const QUEUED_WINDOW_MS = 1500;

/** How long a liveness check waits for PINGRESP before declaring the connection dead. */
const PING_TIMEOUT_MS = 3000;

/**
 * The same wait when the page comes back from the pocket: the user is looking at the screen,
 * and a healthy broker answers a ping in well under a second even over a phone network. A
 * false alarm costs one reconnect, a slow verdict costs the user's attention.
 */
const RESUME_PING_TIMEOUT_MS = 1000;

/**
 * One live connection of a profile. MQTT.js's own reconnect is off: its period is fixed, and
 * we want exponential backoff with jitter and a visible countdown.
 */
export class Session {
	readonly profileId: string;
	readonly profile: Profile;
	#options: SessionOptions;
	#timers: Timers;
	#now: () => number;
	#client: MqttClient | undefined;
	#backoff;
	#retryTimer: unknown;
	/** A reconnect is waiting out its backoff (not yet under way). */
	#retryWaiting = false;
	#status: ConnectionStatus;
	#wantConnected = true;
	#everConnected = false;
	#failure: Failure | undefined;
	#socketOpened = false;
	/** The refusing CONNACK's properties: MQTT.js's error carries only the code. */
	#connackDetails: { reasonString?: string; serverReference?: string } = {};
	#subscriptions = new Map<string, SubscriptionSpec>();
	/** The broker nodes in the order they are tried, and the one in use or being tried. */
	#urls: string[];
	#node = 0;
	/** Nodes a connect that never succeeded may still try before it reports failure. */
	#untriedNodes = 0;
	#queuedUntil = 0;
	/** When the connection dropped, and the down time the next record carries once it is back. */
	#offlineSince: number | undefined;
	#gap: { from: number; to: number } | undefined;
	/** When the last packet arrived: the app provably received up to here. */
	#lastReceivedAt = 0;
	/**
	 * Set while a resume probe is out: when the app stopped receiving (for the gap marker), and a
	 * sign that a close now is one to replace at once rather than after the backoff wait.
	 */
	#resumedAfter: number | undefined;
	/** Ends the liveness probe under way, if any. */
	#cancelProbe: (() => void) | undefined;
	/** Listeners that see every received record (request/response waits on these). */
	#taps = new Set<(record: MessageRecord) => void>();

	constructor(options: SessionOptions) {
		this.#options = options;
		this.profile = options.profile;
		this.profileId = options.profile.id;
		this.#timers = options.timers ?? globalThis;
		this.#now = options.now ?? (() => Date.now());
		this.#backoff = createBackoff({
			minMs: Math.max(100, options.profile.backoffMin * 1000),
			maxMs: Math.max(1000, options.profile.backoffMax * 1000)
		});
		this.#urls = brokerUrls(options.profile);
		this.#offlineSince = options.offlineSince;
		this.#status = { profileId: this.profileId, state: 'idle', url: this.#urls[0] };
		for (const spec of options.profile.subscriptions) this.#subscriptions.set(spec.filter, spec);
	}

	/** The last status reported. */
	get status(): ConnectionStatus {
		return this.#status;
	}

	/**
	 * The profile with the node in use as its URL: side connections (retained scans, $SYS) go
	 * where the session is, not to a first node that may be down.
	 */
	get nodeProfile(): Profile {
		return { ...this.profile, url: this.#urls[this.#node] };
	}

	/** The password the session connects with (side clients reuse it). */
	get password(): string {
		return this.#options.password;
	}

	/** Starts the first connection attempt. */
	start(): void {
		this.#untriedNodes = this.#urls.length - 1;
		this.#setStatus({ state: 'connecting' });
		this.#open();
	}

	/** Skips the backoff wait and tries again now. */
	retryNow(): void {
		if (this.#status.state !== 'reconnecting' && this.#status.state !== 'disconnected') return;
		this.#timers.clearTimeout(this.#retryTimer);
		this.#retryWaiting = false;
		this.#wantConnected = true;
		if (!this.#everConnected) this.#untriedNodes = this.#urls.length - 1;
		this.#setStatus({ state: this.#everConnected ? 'reconnecting' : 'connecting' });
		this.#open();
	}

	/**
	 * Checks that a connection believed alive still answers (after the page was hidden or the
	 * network changed), and replaces it if not, without waiting out the keepalive.
	 *
	 * `awaySince` (when the page was hidden or frozen) marks a return from the pocket: the worker
	 * was frozen with the page, so a connection that died meanwhile is only noticed now. Then the
	 * probe is short, a dead connection is replaced at once (no backoff wait), and the gap marker
	 * starts when the app stopped receiving rather than when the death was noticed.
	 */
	checkAlive(awaySince?: number): void {
		const client = this.#client;
		const resuming = awaySince !== undefined;
		if (this.#status.state === 'reconnecting') {
			if (resuming) this.#backdateOutage(awaySince);
			// An attempt already under way is left to finish rather than started over.
			if (this.#retryWaiting) this.retryNow();
			return;
		}
		if (this.#status.state !== 'connected' || !client) return;
		if (resuming) this.#resumedAfter = this.#stoppedReceiving(awaySince);
		this.#cancelProbe?.();
		const stream = client.stream;
		const timer = this.#timers.setTimeout(
			() => {
				this.#cancelProbe?.();
				this.#failure = {
					reason: 'The connection stopped answering.',
					hint: 'The network changed or the device slept; reconnecting.'
				};
				// Destroying the stream makes MQTT.js emit 'close', which schedules the reconnect.
				stream?.destroy();
			},
			resuming ? RESUME_PING_TIMEOUT_MS : PING_TIMEOUT_MS
		);
		const onPacket = (packet: Packet) => {
			if (packet.cmd !== 'pingresp') return;
			this.#resumedAfter = undefined;
			this.#cancelProbe?.();
		};
		// Ended by PINGRESP, by its timeout, or by the connection closing first: a probe must
		// never outlive its connection and destroy the next one.
		this.#cancelProbe = () => {
			this.#timers.clearTimeout(timer);
			client.removeListener('packetreceive', onPacket);
			this.#cancelProbe = undefined;
		};
		client.on('packetreceive', onPacket);
		client.sendPing();
	}

	/**
	 * When the app stopped receiving, for a page away since `awaySince`: the later of that and the
	 * last packet (a worker that kept running while hidden received up to then). A connection
	 * that went quiet before dying makes this err early by at most one keepalive interval: the
	 * marker then says "may have missed" over a stretch where nothing came, never the reverse.
	 */
	#stoppedReceiving(awaySince: number): number {
		return Math.min(this.#now(), Math.max(awaySince, this.#lastReceivedAt));
	}

	/** A drop noticed only on return started, at the latest, when the app stopped receiving. */
	#backdateOutage(awaySince: number): void {
		if (this.#offlineSince === undefined) return;
		this.#offlineSince = Math.min(this.#offlineSince, this.#stoppedReceiving(awaySince));
	}

	/** Sends DISCONNECT and stops reconnecting. */
	async stop(reason = 'Disconnected.'): Promise<void> {
		this.#wantConnected = false;
		this.#timers.clearTimeout(this.#retryTimer);
		this.#retryWaiting = false;
		this.#cancelProbe?.();
		const client = this.#client;
		this.#client = undefined;
		if (client) {
			client.removeAllListeners('close');
			await Promise.race([
				client.endAsync(),
				new Promise((resolve) => this.#timers.setTimeout(() => resolve(undefined), 2000))
			]).catch(() => undefined);
			client.end(true);
		}
		await Promise.all([
			this.#options.ingest.flush(),
			this.#options.stores?.incoming.flush(),
			this.#options.stores?.outgoing.flush()
		]);
		this.#setStatus({ state: 'disconnected', reason });
	}

	/** Subscribes now (when connected) and after every reconnect without a session. */
	async subscribe(spec: SubscriptionSpec): Promise<SubscribeResult> {
		this.#subscriptions.set(spec.filter, spec);
		const client = this.#connectedClient();
		if (!client) return { filter: spec.filter, granted: null, reason: 'Not connected.' };
		const [result] = await subscribeAll(client, [spec], this.profile.protocolVersion);
		if (result.granted === null) this.#subscriptions.delete(spec.filter);
		return result;
	}

	/** Whether a live subscription already covers exactly this filter. */
	isSubscribed(filter: string): boolean {
		return this.#subscriptions.has(filter);
	}

	/** Unsubscribes a filter. */
	async unsubscribe(filter: string): Promise<void> {
		this.#subscriptions.delete(filter);
		const client = this.#connectedClient();
		if (client) await client.unsubscribeAsync(filter);
	}

	/** Sees every received record until the returned function is called. */
	tap(listener: (record: MessageRecord) => void): () => void {
		this.#taps.add(listener);
		return () => this.#taps.delete(listener);
	}

	/**
	 * Publishes and records the message; its state follows through hooks.publishState.
	 * While reconnecting, QoS 1/2 messages wait in the in-flight store and go out on reconnect.
	 */
	publish(request: PublishRequest, onDone?: (record: MessageRecord) => void): MessageRecord {
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
		if (request.properties) record.properties = request.properties;
		const client = this.#client;
		const offline = this.#status.state !== 'connected';
		if (!client || (offline && (request.qos === 0 || this.#status.state !== 'reconnecting'))) {
			record.state = 'failed';
			record.reason = 'Not connected: the message was not sent.';
			ingest.add(record);
			// Said at once, as every later state is: the page's publish form follows states, not
			// the list's rows (which a page showing no list does not receive).
			this.#options.hooks.publishState(record);
			onDone?.(record);
			return record;
		}
		if (offline) record.queuedOffline = true;
		else this.#markGap(record);
		ingest.add(record);
		const stores = this.#options.stores;
		if (stores) stores.outgoing.recordIdForNextPut = record.id;
		const properties = publishProperties(request.properties);
		// MQTT.js types ask for a Buffer; its writer takes any Uint8Array (mqtt-packet byteLength).
		client.publish(
			request.topic,
			request.payload as Buffer,
			{ qos: request.qos, retain: request.retain, ...(properties ? { properties } : {}) },
			(error) => {
				if (error) {
					const code = (error as { code?: number }).code;
					record.state = typeof code === 'number' && code >= 0x80 ? 'refused' : 'failed';
					record.reason =
						typeof code === 'number'
							? `${reasonCodeText(code)} (0x${code.toString(16).padStart(2, '0')})`
							: `Not delivered: ${error.message}`;
				} else {
					record.state = request.qos === 0 ? 'sent' : 'acknowledged';
				}
				ingest.rewrite(record);
				this.#options.hooks.publishState(record);
				onDone?.(record);
			}
		);
		if (stores) stores.outgoing.recordIdForNextPut = undefined;
		return record;
	}

	/** Gives the first record after a reconnect the down time before it. */
	#markGap(record: MessageRecord): void {
		if (!this.#gap) return;
		record.gapBefore = this.#gap;
		this.#gap = undefined;
	}

	#connectedClient(): MqttClient | undefined {
		return this.#status.state === 'connected' ? this.#client : undefined;
	}

	#open(): void {
		this.#failure = undefined;
		this.#socketOpened = false;
		this.#connackDetails = {};
		const stores = this.#options.stores;
		const storeOptions = stores
			? { incomingStore: stores.incoming, outgoingStore: stores.outgoing }
			: undefined;
		if (this.#client) {
			// Reusing the client keeps its message ids and in-flight packets across reconnects;
			// MQTT.js's reconnect() without stores would replace them with empty ones.
			const { incomingStore, outgoingStore } = this.#client;
			this.#client.reconnect(storeOptions ?? { incomingStore, outgoingStore });
			return;
		}
		const client = mqtt.connect(this.#urls[this.#node], {
			...connectOptions(this.profile, this.#options.password),
			...storeOptions,
			// MQTT.js builds the address once from the first URL; every (re)connect asks here, so a
			// reused client goes to the node the session moved to.
			transformWsUrl: () => this.#urls[this.#node],
			// Wraps the browser WebSocket only to learn whether it ever opened: browsers hide why
			// a WebSocket failed, so "never opened" vs "closed after opening" is all we can tell.
			createWebsocket: (url: string, protocols: string[]) => {
				const socket = new WebSocket(url, protocols);
				socket.addEventListener('open', () => (this.#socketOpened = true));
				return socket;
			}
		});
		this.#client = client;
		this.#options.acks?.attach(client);
		client.on('connect', (connack) => this.#onConnect(client, connack));
		client.on('message', (topic, payload, packet) => this.#onMessage(topic, payload, packet));
		client.on('error', (error) => this.#onError(error));
		client.on('packetreceive', (packet) => this.#onPacket(packet));
		client.on('disconnect', (packet) => {
			const props = packet.properties;
			const code = packet.reasonCode ?? 0;
			const elsewhere = MOVE_DISCONNECT.has(code) && this.#urls.length > 1;
			this.#failure = {
				...describeDisconnectCode(code, props?.reasonString, props?.serverReference),
				fatal: FATAL_DISCONNECT.has(code) && !elsewhere
			};
		});
		client.on('close', () => {
			if (client === this.#client) this.#onClose();
		});
	}

	#onPacket(packet: Packet): void {
		this.#lastReceivedAt = this.#now();
		if (packet.cmd === 'connack') this.#onConnack(packet);
		// Acknowledgements of publishes an earlier page sent: MQTT.js resent them from the
		// in-flight store but has no callback for them, so the history record is updated here.
		if ((packet.cmd === 'puback' || packet.cmd === 'pubcomp') && packet.messageId !== undefined) {
			const recordId = this.#options.stores?.outgoing.resentRecordId(packet.messageId);
			if (recordId !== undefined) this.#options.hooks.resentAcknowledged(recordId);
		}
	}

	/**
	 * Marks the moment CONNACK arrives. MQTT.js emits 'connect' only after it has resent its
	 * in-flight store, and queued messages can arrive before that: the window opens here.
	 */
	#onConnack(connack: IConnackPacket): void {
		if (connack.properties) {
			const { reasonString, serverReference } = connack.properties;
			this.#connackDetails = { reasonString, serverReference };
		}
		const accepted = (connack.reasonCode ?? connack.returnCode ?? 0) === 0;
		if (!accepted) return;
		if (this.#offlineSince !== undefined) {
			this.#gap = { from: this.#offlineSince, to: this.#now() };
			this.#offlineSince = undefined;
		}
		const resumed = connack.sessionPresent && !this.profile.cleanStart;
		this.#queuedUntil = resumed ? this.#now() + QUEUED_WINDOW_MS : 0;
	}

	#onConnect(client: MqttClient, connack: IConnackPacket): void {
		this.#everConnected = true;
		this.#backoff.reset();
		this.#setStatus({
			state: 'connected',
			sessionPresent: connack.sessionPresent,
			limits: brokerLimits(connack)
		});
		// With a session present the broker still has our subscriptions (MQTT 5 §3.2.2.1.1):
		// subscribing again would duplicate retained messages.
		if (connack.sessionPresent || this.#subscriptions.size === 0) return;
		void subscribeAll(client, [...this.#subscriptions.values()], this.profile.protocolVersion).then(
			(results) => {
				// A refusal is final; an answer lost with the connection is asked again next connect.
				for (const r of results) if (r.refused) this.#subscriptions.delete(r.filter);
				this.#options.hooks.subscriptions(results);
			}
		);
	}

	#onMessage(topic: string, payload: Uint8Array, packet: IPublishPacket): void {
		const ingest = this.#options.ingest;
		const time = this.#now();
		const record: MessageRecord = {
			profileId: this.profileId,
			id: ingest.nextId(),
			direction: 'in',
			topic,
			// Copy: MQTT.js hands out views into a shared buffer, and storing a view would store it all.
			payload: new Uint8Array(payload),
			qos: packet.qos,
			retain: packet.retain,
			dup: packet.dup,
			time
		};
		const properties = packet.properties ? toMessageProperties(packet.properties) : undefined;
		if (properties) record.properties = properties;
		if (time < this.#queuedUntil) record.afterReconnect = true;
		this.#markGap(record);
		this.#options.acks?.expect(packet, record);
		ingest.add(record);
		for (const tap of this.#taps) tap(record);
	}

	#onError(error: Error & { code?: number | string }): void {
		const { profile } = this;
		if (typeof error.code === 'number' && this.#status.state !== 'connected') {
			const words = describeConnackCode(error.code, profile.protocolVersion, this.#connackDetails);
			this.#failure = { ...words, fatal: FATAL_CONNACK.has(error.code) };
		} else if (error.message === 'connack timeout') {
			this.#failure = this.#socketFailure('timeout');
		} else if (error.message === 'Keepalive timeout') {
			this.#failure = {
				reason: 'The broker stopped answering (keepalive timeout).',
				hint: 'The network may have dropped; reconnecting.'
			};
		} else if (typeof error.code === 'string') {
			// A socket error (ECONNREFUSED in Node; browsers give none): explained on close from
			// whether the socket ever opened.
		} else if (!this.#failure) {
			this.#failure = { reason: 'The connection failed.', hint: error.message };
		}
	}

	#socketFailure(phase: 'timeout' | 'closed-before-connack' | 'socket-error'): Failure {
		return describeSocketFailure({
			url: this.#urls[this.#node],
			pageProtocol: this.#options.pageProtocol ?? 'http:',
			phase,
			protocolVersion: this.profile.protocolVersion,
			timeoutSeconds: this.profile.connectTimeout
		});
	}

	#onClose(): void {
		this.#cancelProbe?.();
		if (!this.#wantConnected) return;
		const failure =
			this.#failure ??
			this.#socketFailure(this.#socketOpened ? 'closed-before-connack' : 'socket-error');
		const wasConnected = this.#status.state === 'connected';
		// A connection that worked and dropped with no known cause: the socket hints (wrong path,
		// not a broker) would mislead.
		const hint = wasConnected && !this.#failure ? 'Reconnecting on its own.' : failure.hint;
		// A first connect tries each node once, at once: the user is waiting, and the next node
		// may well answer. Every node failing is reported, not retried: the user is looking at
		// the form and wants to know why. A connection that worked and dropped is retried with
		// backoff, each attempt on the next node.
		if (!failure.fatal && !this.#everConnected && this.#untriedNodes > 0) {
			this.#untriedNodes--;
			this.#moveToNextNode();
			this.#setStatus({ state: 'connecting', reason: failure.reason, hint: failure.hint });
			this.#retryWaiting = true;
			this.#retryTimer = this.#timers.setTimeout(() => {
				this.#retryWaiting = false;
				this.#open();
			}, 0);
			return;
		}
		if (failure.fatal || !this.#everConnected) {
			this.#wantConnected = false;
			this.#client?.end(true);
			this.#client = undefined;
			this.#setStatus({ state: 'disconnected', reason: failure.reason, hint: failure.hint });
			return;
		}
		const resumedAfter = this.#resumedAfter;
		this.#resumedAfter = undefined;
		if (wasConnected) this.#offlineSince = resumedAfter ?? this.#now();
		this.#moveToNextNode();
		// Back from the pocket with a dead connection: the user is waiting, so the first attempt
		// goes out now; it still counts, so a broker that is really gone gets the usual backoff.
		const backoffDelay = this.#backoff.next();
		const delay = resumedAfter !== undefined ? 0 : backoffDelay;
		this.#setStatus({
			state: 'reconnecting',
			reason: wasConnected ? (this.#failure?.reason ?? 'The connection was lost.') : failure.reason,
			hint,
			retryAt: this.#now() + delay,
			attempt: this.#backoff.attempt
		});
		this.#retryWaiting = true;
		this.#retryTimer = this.#timers.setTimeout(() => {
			this.#retryWaiting = false;
			this.#open();
		}, delay);
	}

	/** The next attempt goes to the next node, round and round (a one-URL profile stays put). */
	#moveToNextNode(): void {
		this.#node = (this.#node + 1) % this.#urls.length;
	}

	#setStatus(status: Omit<ConnectionStatus, 'profileId' | 'url'>): void {
		this.#status = { profileId: this.profileId, ...status, url: this.#urls[this.#node] };
		this.#options.hooks.status(this.#status);
	}
}
