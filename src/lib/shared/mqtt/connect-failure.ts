/**
 * Turns connection failures into words: CONNACK refusals, server DISCONNECTs and WebSocket
 * failures, each as a reason (what happened) and a hint (what the user can do).
 */
import type { ProtocolVersion } from '../profile/profile';
import { hexCode, reasonCodeText } from './reason-codes';

/** A failure explained: what happened, and what the user can do about it. */
export interface FailureText {
	reason: string;
	hint: string;
}

/** Optional MQTT 5 properties that sharpen a CONNACK or DISCONNECT explanation. */
export interface ReasonDetails {
	/** Reason String property (MQTT 5 §3.2.2.3.9, §3.14.2.2.3): the broker's own words. */
	reasonString?: string;
	/** Server Reference property (MQTT 5 §4.11): where to connect instead. */
	serverReference?: string;
}

/** Where in the connect sequence a WebSocket-level failure happened. */
export type SocketFailurePhase = 'timeout' | 'closed-before-connack' | 'socket-error';

/** What is known about a connection that failed below MQTT. */
export interface SocketFailureInput {
	url: string;
	/** The page's own protocol, e.g. "https:": an https page may not open ws:// at all. */
	pageProtocol: string;
	phase: SocketFailurePhase;
	protocolVersion: ProtocolVersion;
	/** How long the app waited for CONNACK (mqtt.js connectTimeout); 30 s when not given. */
	timeoutSeconds?: number;
}

/** MQTT 3.1.1 CONNACK return codes 1–5 (MQTT 3.1.1 §3.2.2.3). */
const V4_CONNACK: Readonly<Record<number, FailureText>> = {
	1: {
		reason: 'The broker does not accept MQTT 3.1.1 (unacceptable protocol version).',
		hint: 'If the broker speaks MQTT 5, switch the protocol version in the connection settings.'
	},
	2: {
		reason: 'The broker rejected the client ID (identifier rejected).',
		hint:
			'MQTT 3.1.1 brokers only have to accept client IDs of 1 to 23 letters and digits ' +
			'(MQTT 3.1.1 §3.1.3.1). Use a shorter ID without symbols, or generate a new one.'
	},
	3: {
		reason: 'The broker’s MQTT service is unavailable (server unavailable).',
		hint: 'The broker answered but cannot take connections right now. Try again later.'
	},
	4: {
		reason: 'The broker refused the user name or password (bad user name or password).',
		hint: 'Check the user name and password in the connection settings.'
	},
	5: {
		reason: 'The broker refused the connection (not authorized).',
		hint:
			'This user or client ID may not connect. Check the user name and password in the ' +
			'connection settings (Mosquitto refuses a wrong password this way), or ask the ' +
			'broker’s administrator to allow this client.'
	}
};

/** CONNACK return code 1 sent to an MQTT 5 CONNECT: the broker only speaks 3.1.1 (or older). */
const V5_FROM_V4_BROKER: FailureText = {
	reason: 'The broker does not accept MQTT 5 (unacceptable protocol version).',
	hint: 'It answered as an MQTT 3.1.1 broker. Switch the protocol version to MQTT 3.1.1 in the connection settings.'
};

/** Hints for MQTT 5 CONNACK reason codes (MQTT 5 §3.2.2.2). */
const V5_CONNACK_HINTS: Readonly<Record<number, string>> = {
	0x80: 'The broker gave no reason. Its log usually says more.',
	0x81: 'The broker could not read the CONNECT packet. Try MQTT 3.1.1 in the connection settings.',
	0x82: 'The broker found the CONNECT packet against the protocol. Try MQTT 3.1.1 in the connection settings.',
	0x83: 'The broker refused for a reason of its own (often an authentication plugin). Its log says more.',
	0x84: 'The broker does not speak MQTT 5. Switch the protocol version to MQTT 3.1.1 in the connection settings.',
	0x85:
		'Some brokers accept only letters and digits, at most 23 characters, or IDs with a given prefix. ' +
		'Change the client ID, or generate a new one.',
	0x86: 'Check the user name and password in the connection settings.',
	0x87:
		'This user or client ID may not connect. Check the user name and password in the ' +
		'connection settings (Mosquitto refuses a wrong password this way), or ask the ' +
		'broker’s administrator to allow this client.',
	0x88: 'The broker cannot take connections right now. Try again later.',
	0x89: 'The broker is overloaded. Try again in a moment.',
	0x8a: 'The broker has banned this client (by client ID, user or address). Ask its administrator.',
	0x8c:
		'The broker expects an authentication method (MQTT 5 §4.12) this app does not offer. ' +
		'Try MQTT 3.1.1 with a user name and password.',
	0x90: 'The broker refused the will topic.',
	0x95: 'The CONNECT packet is larger than the broker accepts: shorten the client ID, user name or password.',
	0x97:
		'A limit set by the broker’s administrator is reached, e.g. too many connections for this ' +
		'account. Close other connections or ask the administrator.',
	0x99: 'The broker refused the will message payload.',
	0x9a: 'The broker does not support retained will messages.',
	0x9b: 'The broker does not support the will message’s QoS.',
	0x9c: 'The broker asks clients to use another server for now.',
	0x9d: 'The broker has moved for good. Update the address in the connection settings.',
	0x9f: 'Too many connection attempts in a short time. Wait a moment before connecting again.'
};

/** Hints for an MQTT 5 DISCONNECT sent by the server (MQTT 5 §3.14.2.1). */
const DISCONNECT_HINTS: Readonly<Record<number, string>> = {
	0x00: 'The broker ended the connection normally; it may have been restarted.',
	0x80: 'The broker gave no reason. Its log usually says more.',
	0x81: 'The broker could not read a packet this app sent. Try MQTT 3.1.1 in the connection settings.',
	0x82: 'The broker found a packet this app sent against the protocol. Its log says which.',
	0x83: 'The broker ended the connection for a reason of its own. Its log says more.',
	0x87:
		'This client tried something it is not allowed to do, often publishing or subscribing to a ' +
		'topic the broker’s access rules forbid.',
	0x89: 'The broker is overloaded. Try again in a moment.',
	0x8b: 'The broker is shutting down. Connect again once it is back.',
	0x8d:
		'The broker heard nothing from this client for 1.5 × the keepalive (MQTT 5 §3.1.2.10). ' +
		'The network may have stalled or the browser suspended the tab; a shorter keepalive can help.',
	0x8e:
		'Another client connected with the same client ID, so the broker dropped this one ' +
		'(MQTT 5 §3.1.4). Give each client its own ID: reconnecting would throw the other one out in turn.',
	0x8f: 'The broker refused a topic filter this app subscribed to.',
	0x90: 'The broker refused a topic this app published to.',
	0x93: 'This app sent more unacknowledged QoS 1/2 messages than the broker allows at once.',
	0x94: 'The broker refused a topic alias this app sent.',
	0x95: 'A message was larger than the broker’s maximum packet size. Send a smaller payload.',
	0x96: 'This app published faster than the broker allows. Publish less often.',
	0x97: 'A limit set by the broker’s administrator is reached. Ask the administrator.',
	0x98: 'An administrator disconnected this client.',
	0x99: 'A message was marked as UTF-8 text but its payload is not valid UTF-8.',
	0x9a: 'The broker does not support retained messages. Publish without retain.',
	0x9b: 'The broker does not support that QoS. Publish with a lower QoS.',
	0x9c: 'The broker asks clients to use another server for now.',
	0x9d: 'The broker has moved for good. Update the address in the connection settings.',
	0x9e: 'The broker does not support shared subscriptions ($share/…). Subscribe without the prefix.',
	0x9f: 'Too many connection attempts in a short time. Wait a moment before connecting again.',
	0xa0: 'The broker limits how long a connection may last. Connect again.',
	0xa1: 'The broker does not support subscription identifiers.',
	0xa2: 'The broker does not support wildcard subscriptions. Subscribe to exact topics.'
};

/** Explains a CONNACK that refused the connection (3.1.1 return code or MQTT 5 reason code). */
export function describeConnackCode(
	code: number,
	protocolVersion: ProtocolVersion,
	details: ReasonDetails = {}
): FailureText {
	if (code === 0) return { reason: 'Connected.', hint: '' };
	if (protocolVersion === 4 && V4_CONNACK[code]) return V4_CONNACK[code];
	// MQTT 5 refusals are ≥ 0x80 (§3.2.2.2). A 1 is a 3.1.1-only broker answering an MQTT 5
	// CONNECT with its own "unacceptable protocol version" (MQTT 5 §3.1.2.2, non-normative),
	// e.g. Aedes; reading it as reason code 0x01 "Granted QoS 1" would make no sense.
	if (protocolVersion === 5 && code === 1) return V5_FROM_V4_BROKER;
	const hint = V5_CONNACK_HINTS[code];
	if (protocolVersion === 4 && !hint) {
		return {
			reason: `The broker refused the connection with return code ${code}.`,
			hint: 'This code is not defined by MQTT 3.1.1. The broker’s log says more.'
		};
	}
	return {
		reason: `The broker refused the connection: ${name(code)}.${saying(details.reasonString)}`,
		hint: withReference(hint ?? 'The broker’s log says more.', code, details.serverReference)
	};
}

/** Explains an MQTT 5 DISCONNECT the broker sent, with its Reason String when there is one. */
export function describeDisconnectCode(
	code: number,
	reasonString?: string,
	serverReference?: string
): FailureText {
	const hint = DISCONNECT_HINTS[code] ?? 'The broker’s log says more.';
	const what =
		code === 0
			? 'The broker closed the connection.'
			: `The broker closed the connection: ${name(code)}.`;
	return {
		reason: `${what}${saying(reasonString)}`,
		hint: withReference(hint, code, serverReference)
	};
}

/**
 * Explains a failure below MQTT. Browsers hide why a WebSocket failed (no status, no TLS error),
 * so the hint names every likely cause and a way to tell them apart.
 */
export function describeSocketFailure(input: SocketFailureInput): FailureText {
	let url: URL;
	try {
		url = new URL(input.url);
	} catch {
		return {
			reason: `"${input.url}" is not a usable address.`,
			hint: 'Enter the broker’s WebSocket address, e.g. wss://broker.example:8884/mqtt.'
		};
	}
	const secure = url.protocol === 'wss:';
	const port = url.port || (secure ? '443' : '80');
	const hostPort = `${url.hostname}:${port}`;
	// Mixed content: an https page may not open ws:// (browsers exempt loopback hosts only).
	if (!secure && input.pageProtocol === 'https:' && !isLoopback(url.hostname)) {
		return {
			reason: 'The browser blocked an unencrypted ws:// connection from this secure (https) page.',
			hint: 'Use the broker’s wss:// listener, or open the app over http.'
		};
	}
	const unreachable = secure ? secureHint(hostPort) : plainHint(hostPort, port);
	switch (input.phase) {
		case 'timeout':
			return {
				reason: `No answer from ${hostPort} within ${input.timeoutSeconds ?? 30} s.`,
				hint: `${unreachable} A firewall that drops packets also looks like this.`
			};
		case 'closed-before-connack': {
			const path = url.pathname === '/' ? 'no path' : `the path "${url.pathname}"`;
			const other = input.protocolVersion === 5 ? 'MQTT 3.1.1' : 'MQTT 5';
			return {
				reason: `${hostPort} accepted the WebSocket but closed it before answering.`,
				hint:
					`It may not be an MQTT broker, the path may be wrong (often /mqtt; this address has ${path}), ` +
					`or it refused the protocol version: try ${other} in the connection settings.`
			};
		}
		case 'socket-error':
			return {
				reason: secure
					? `Could not open a secure WebSocket to ${hostPort}.`
					: `The WebSocket connection to ${hostPort} failed.`,
				hint: unreachable
			};
	}
}

/** wss://: the browser will not say whether the host is unreachable or its certificate untrusted. */
function secureHint(hostPort: string): string {
	return (
		'Either the broker is unreachable (wrong host or port, not running, blocked), or its ' +
		'certificate is not trusted by this browser (self-signed, expired or for another name); ' +
		`browsers do not say which. Open https://${hostPort}/ in a new tab: if it warns about the ` +
		'certificate, accept it there and connect again; if it does not load at all, the broker is unreachable.'
	);
}

/** ws://: most often the broker is down or the port is its TCP port, not its WebSocket port. */
function plainHint(hostPort: string, port: string): string {
	if (port === '1883' || port === '8883') {
		return (
			`Could not reach ${hostPort}: port ${port} is usually MQTT over plain TCP, which browsers ` +
			'cannot use. Use the broker’s WebSocket port (often 8080, 8083 or 9001).'
		);
	}
	return (
		`Could not reach ${hostPort} — is the broker running and is this its WebSocket port ` +
		'(not 1883)?'
	);
}

function isLoopback(hostname: string): boolean {
	return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** "Not authorized (0x87)". */
function name(code: number): string {
	return `${reasonCodeText(code)} (${hexCode(code)})`;
}

/** The broker's Reason String, quoted, when it sent one. */
function saying(reasonString: string | undefined): string {
	const text = reasonString?.trim();
	return text ? ` The broker says: “${text}”.` : '';
}

/** Adds the Server Reference to "use another server" and "server moved" hints (MQTT 5 §4.11). */
function withReference(hint: string, code: number, serverReference: string | undefined): string {
	if ((code !== 0x9c && code !== 0x9d) || !serverReference?.trim()) return hint;
	return `${hint} It names: ${serverReference.trim()}.`;
}
