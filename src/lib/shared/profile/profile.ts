import { DEFAULT_RETENTION, type RetentionPolicy } from '../history/retention';

/** MQTT protocol versions the app speaks: 4 is MQTT 3.1.1, 5 is MQTT 5.0. */
export type ProtocolVersion = 4 | 5;

/** Quality of service level of a publish or subscription. */
export type QoS = 0 | 1 | 2;

/** A subscription a profile makes on every connect (options after qos are MQTT 5 only). */
export interface SubscriptionSpec {
	filter: string;
	qos: QoS;
	/** Do not receive our own publishes (MQTT 5 §3.8.3.1). */
	noLocal?: boolean;
	/** Keep the retain flag as published instead of clearing it on forward. */
	retainAsPublished?: boolean;
	/** 0 send retained on subscribe, 1 only if the subscription is new, 2 never. */
	retainHandling?: 0 | 1 | 2;
	/** Tags messages delivered through this subscription (1–268,435,455). */
	subscriptionIdentifier?: number;
	/** Colour that marks this subscription's messages in the list. */
	color?: string;
}

/** A user property: MQTT 5 allows repeated keys, so a list, not a map. */
export interface UserProperty {
	key: string;
	value: string;
}

/** A Last Will and Testament (MQTT 5 §3.1.3.2–3; the properties are MQTT 5 only). */
export interface WillSpec {
	enabled: boolean;
	topic: string;
	payload: string;
	qos: QoS;
	retain: boolean;
	/** Seconds the broker waits before publishing the will. */
	delayInterval?: number;
	messageExpiryInterval?: number;
	contentType?: string;
	payloadFormatIndicator?: boolean;
	responseTopic?: string;
	/** Correlation data, as text. */
	correlationData?: string;
	userProperties: UserProperty[];
}

/** A user-supplied .proto for decoding payloads as protobuf. */
export interface ProtoSchema {
	/** File name (or "pasted.proto"), shown to say which schema is in use. */
	name: string;
	/** The .proto source. */
	text: string;
	/** Fully qualified message type payloads are decoded as. */
	messageType: string;
}

/** A saved connection, as stored in IndexedDB. */
export interface Profile {
	id: string;
	name: string;
	/** ws:// or wss:// URL including host, port and path: the first broker node tried. */
	url: string;
	/**
	 * More nodes of the same broker (a cluster, or a standby), tried in order after `url` when a
	 * connect fails or the connection is lost. Absent in profiles saved before clusters.
	 */
	failoverUrls?: string[];
	clientId: string;
	username: string;
	/** Stored only when `rememberPassword` is set; otherwise kept for the session only. */
	password: string;
	rememberPassword: boolean;
	protocolVersion: ProtocolVersion;
	cleanStart: boolean;
	/** Seconds; 0 disables keepalive. */
	keepalive: number;
	/** Seconds to wait for CONNACK. */
	connectTimeout: number;
	/** MQTT 5: seconds the broker keeps the session after a disconnect (0 = ends with it). */
	sessionExpiryInterval: number;
	/** MQTT 5 limits this client announces; undefined leaves the protocol default. */
	receiveMaximum?: number;
	maximumPacketSize?: number;
	topicAliasMaximum?: number;
	requestResponseInformation: boolean;
	requestProblemInformation: boolean;
	/** MQTT 5 user properties sent with CONNECT. */
	userProperties: UserProperty[];
	will: WillSpec;
	/** How much history to keep; the oldest goes first. */
	retention: RetentionPolicy;
	/** Connect again when the app opens, if it was connected when the app closed (reload, crash). */
	reconnectOnOpen: boolean;
	/** Reconnect backoff bounds, in seconds. */
	backoffMin: number;
	backoffMax: number;
	subscriptions: SubscriptionSpec[];
	/** Payload view format chosen per topic (topic → format id), overriding auto-detection. */
	payloadFormats: Record<string, string>;
	/** The .proto payloads shown as "Protobuf" are decoded with. */
	protoSchema?: ProtoSchema;
	createdAt: number;
	updatedAt: number;
	/**
	 * Opened from a deep link and not (yet) kept by the user: stored, so its history has an owner
	 * after a reload, and listed as temporary until the user keeps or discards it.
	 */
	temporary?: boolean;
}

/** The fields a user edits in the profile form. */
export type ProfileDraft = Omit<Profile, 'id' | 'createdAt' | 'updatedAt'>;

/** A client ID that is unique enough for a broker: a readable prefix and random suffix. */
export function generateClientId(random: () => number = Math.random): string {
	const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
	let suffix = '';
	for (let i = 0; i < 8; i++) suffix += alphabet[Math.floor(random() * alphabet.length)];
	return `mqtt-scope-${suffix}`;
}

/** A new profile draft with sensible defaults. */
export function defaultDraft(): ProfileDraft {
	return {
		name: 'New connection',
		url: 'ws://localhost:9001',
		clientId: generateClientId(),
		username: '',
		password: '',
		rememberPassword: false,
		protocolVersion: 5,
		cleanStart: true,
		keepalive: 60,
		...optionDefaults(),
		subscriptions: []
	};
}

/** Defaults of the options added after the first release, so older stored profiles load. */
function optionDefaults() {
	return {
		connectTimeout: 20,
		sessionExpiryInterval: 0,
		requestResponseInformation: false,
		requestProblemInformation: true,
		userProperties: [] as UserProperty[],
		will: {
			enabled: false,
			topic: '',
			payload: '',
			qos: 0 as QoS,
			retain: false,
			userProperties: []
		},
		reconnectOnOpen: true,
		backoffMin: 1,
		backoffMax: 60,
		retention: { ...DEFAULT_RETENTION },
		payloadFormats: {} as Record<string, string>
	};
}

/** Fills options a stored profile predates with their defaults. */
export function withDefaults<T extends Partial<ProfileDraft>>(profile: T): T & ProfileDraft {
	return { ...defaultDraft(), ...optionDefaults(), ...profile } as T & ProfileDraft;
}

/** Problems found in a draft, keyed by field; empty when the draft is valid. */
export type ProfileErrors = Partial<Record<keyof ProfileDraft, string>>;

/**
 * Checks a draft and explains each problem in words a user understands.
 * `pageProtocol` is the protocol of the page the app runs on ("https:" forbids ws://).
 */
export function validateProfile(draft: ProfileDraft, pageProtocol = 'http:'): ProfileErrors {
	const errors: ProfileErrors = {};
	if (!draft.name.trim()) errors.name = 'Give the connection a name.';
	const urlError = validateBrokerUrl(draft.url, pageProtocol);
	if (urlError) errors.url = urlError;
	const nodeError = failoverUrlErrors(draft, pageProtocol).find(Boolean);
	if (nodeError) errors.failoverUrls = nodeError;
	if (!draft.clientId.trim() && !draft.cleanStart) {
		errors.clientId = 'A persistent session (clean start off) needs a client ID.';
	} else if (new TextEncoder().encode(draft.clientId).length > 65535) {
		errors.clientId = 'The client ID is too long (at most 65,535 bytes).';
	}
	if (!Number.isInteger(draft.keepalive) || draft.keepalive < 0 || draft.keepalive > 65535) {
		errors.keepalive = 'Keepalive is a whole number of seconds from 0 to 65535.';
	}
	if (!isInRange(draft.connectTimeout, 1, 600)) {
		errors.connectTimeout = 'Connect timeout is a whole number of seconds from 1 to 600.';
	}
	if (!isInRange(draft.sessionExpiryInterval, 0, 4294967295)) {
		errors.sessionExpiryInterval =
			'Session expiry is a whole number of seconds from 0 to 4294967295 (never expires).';
	}
	const limits = [
		['receiveMaximum', 1, 65535],
		['maximumPacketSize', 1, 268435460],
		['topicAliasMaximum', 0, 65535]
	] as const;
	for (const [field, min, max] of limits) {
		const value = draft[field];
		if (value !== undefined && value !== null && !isInRange(value, min, max)) {
			errors[field] = `A whole number from ${min} to ${max}, or empty for the default.`;
		}
	}
	if (!isInRange(draft.backoffMin, 0, 3600) || !isInRange(draft.backoffMax, 1, 86400)) {
		errors.backoffMin = 'Reconnect delays are whole seconds (minimum 0–3600, maximum 1–86400).';
	} else if (draft.backoffMin > draft.backoffMax) {
		errors.backoffMin = 'The minimum reconnect delay is larger than the maximum.';
	}
	if (draft.will.enabled) {
		const topicProblem = !draft.will.topic
			? 'A last will needs a topic.'
			: /[+#]/.test(draft.will.topic)
				? 'A last will topic cannot contain + or #.'
				: undefined;
		if (topicProblem) errors.will = topicProblem;
		else if (
			draft.will.delayInterval !== undefined &&
			!isInRange(draft.will.delayInterval, 0, 4294967295)
		) {
			errors.will = 'The will delay is a whole number of seconds.';
		}
	}
	const { maxMessages, maxMegabytes, maxAgeDays } = draft.retention;
	if (
		!isInRange(maxMessages, 1000, 100_000_000) ||
		!isInRange(maxMegabytes, 10, 100_000) ||
		!isInRange(maxAgeDays, 0, 36_500)
	) {
		errors.retention =
			'Keep between 1,000 and 100,000,000 messages, 10 to 100,000 MB, and 0 (any age) to 36,500 days.';
	}
	if (draft.userProperties.some((p) => !p.key)) {
		errors.userProperties = 'Every user property needs a name.';
	}
	return errors;
}

/** Explains what is wrong with a broker URL, or returns undefined when it is usable. */
export function validateBrokerUrl(raw: string, pageProtocol = 'http:'): string | undefined {
	const text = raw.trim();
	if (!text) return 'Enter the broker address, e.g. ws://broker.local:9001/mqtt.';
	// Require "://": without it "localhost:9001" would read as the scheme "localhost".
	const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
	if (!scheme) return 'The address needs a scheme: start it with ws:// or wss://.';
	if (scheme !== 'ws' && scheme !== 'wss') {
		return (
			`"${scheme}://" cannot be used here: browsers can only speak MQTT over WebSockets. ` +
			'Use the broker’s WebSocket listener, ws:// (plain) or wss:// (TLS), e.g. wss://broker.example:8884/mqtt.'
		);
	}
	// The digits must end the authority, so "user:0@host" is not read as port 0.
	const port = /^wss?:\/\/(?:\[[^\]]*\]|[^/:?#]*):(\d+)(?=[/?#]|$)/i.exec(text)?.[1];
	if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
		return `Port ${port} is out of range: a port is a number from 1 to 65535.`;
	}
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return 'This is not a valid address. Expected something like ws://host:port/path.';
	}
	if (!url.hostname) return 'The address has no host name.';
	if (url.username || url.password) {
		return 'Put the user name and password in their own fields, not in the address.';
	}
	if (scheme === 'ws' && pageProtocol === 'https:') {
		return (
			'This page is served over https, and browsers block unencrypted ws:// connections from ' +
			'secure pages (mixed content). Use the broker’s wss:// listener instead.'
		);
	}
	return undefined;
}

/** Most broker addresses one profile may list (its URL and the failover nodes together). */
export const MAX_BROKER_NODES = 8;

/** Every broker address of a profile in the order they are tried: its URL, then the failovers. */
export function brokerUrls(profile: Pick<ProfileDraft, 'url' | 'failoverUrls'>): string[] {
	return [profile.url, ...(profile.failoverUrls ?? [])].map((url) => url.trim());
}

/**
 * What is wrong with each failover address (undefined where it is usable), in the words the
 * form shows under it. Nodes are numbered as the user sees them: the main URL is node 1.
 */
export function failoverUrlErrors(
	draft: Pick<ProfileDraft, 'url' | 'failoverUrls'>,
	pageProtocol = 'http:'
): (string | undefined)[] {
	const urls = brokerUrls(draft);
	const seen = new Map<string, number>();
	seen.set(urls[0], 1);
	return urls.slice(1).map((url, i) => {
		const node = i + 2;
		if (node > MAX_BROKER_NODES) {
			return `Node ${node}: a connection lists at most ${MAX_BROKER_NODES} broker addresses; remove this one.`;
		}
		if (!url) return `Node ${node} has no address: enter one, or remove the node.`;
		const problem = validateBrokerUrl(url, pageProtocol);
		if (problem) return `Node ${node}: ${problem}`;
		const same = seen.get(url);
		if (same !== undefined) return `Node ${node} repeats the address of node ${same}.`;
		seen.set(url, node);
		return undefined;
	});
}

function isInRange(value: unknown, min: number, max: number): boolean {
	return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** Whether the draft has no validation problems. */
export function isValid(errors: ProfileErrors): boolean {
	return Object.keys(errors).length === 0;
}
