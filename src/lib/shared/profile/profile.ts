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

/** Every broker address of a profile in the order they are tried: its URL, then the failovers. */
export function brokerUrls(profile: Pick<ProfileDraft, 'url' | 'failoverUrls'>): string[] {
	return [profile.url, ...(profile.failoverUrls ?? [])].map((url) => url.trim());
}
