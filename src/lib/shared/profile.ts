/** MQTT protocol versions the app speaks: 4 is MQTT 3.1.1, 5 is MQTT 5.0. */
export type ProtocolVersion = 4 | 5;

/** Quality of service level of a publish or subscription. */
export type QoS = 0 | 1 | 2;

/** A subscription a profile makes on every connect. */
export interface SubscriptionSpec {
	filter: string;
	qos: QoS;
}

/** A saved connection, as stored in IndexedDB. */
export interface Profile {
	id: string;
	name: string;
	/** ws:// or wss:// URL including host, port and path. */
	url: string;
	clientId: string;
	username: string;
	/** Stored only when `rememberPassword` is set; otherwise kept for the session only. */
	password: string;
	rememberPassword: boolean;
	protocolVersion: ProtocolVersion;
	cleanStart: boolean;
	/** Seconds; 0 disables keepalive. */
	keepalive: number;
	subscriptions: SubscriptionSpec[];
	createdAt: number;
	updatedAt: number;
	/** Not stored: a deep-link profile lives only in memory until the user saves it. */
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
		subscriptions: []
	};
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
	if (!draft.clientId.trim() && !draft.cleanStart) {
		errors.clientId = 'A persistent session (clean start off) needs a client ID.';
	} else if (new TextEncoder().encode(draft.clientId).length > 65535) {
		errors.clientId = 'The client ID is too long (at most 65,535 bytes).';
	}
	if (!Number.isInteger(draft.keepalive) || draft.keepalive < 0 || draft.keepalive > 65535) {
		errors.keepalive = 'Keepalive is a whole number of seconds from 0 to 65535.';
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

/** Whether the draft has no validation problems. */
export function isValid(errors: ProfileErrors): boolean {
	return Object.keys(errors).length === 0;
}
