/**
 * The checks of a profile draft, in words a user understands: what the profile form and share
 * links need, apart from profile.ts so the first page (which only reads profiles) does not load
 * them.
 */
import { brokerUrls, type ProfileDraft } from './profile';

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
