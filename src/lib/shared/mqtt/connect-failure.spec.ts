import { describe, expect, it } from 'vitest';
import {
	describeConnackCode,
	describeDisconnectCode,
	describeSocketFailure,
	type SocketFailureInput
} from './connect-failure';

const socket = (overrides: Partial<SocketFailureInput>): SocketFailureInput => ({
	url: 'ws://broker.local:9001/mqtt',
	pageProtocol: 'http:',
	phase: 'socket-error',
	protocolVersion: 5,
	...overrides
});

describe('describeConnackCode, MQTT 3.1.1', () => {
	it.each([
		[1, /unacceptable protocol version/, /MQTT 5/],
		[2, /identifier rejected/, /23/],
		[3, /server unavailable/, /later/],
		[4, /bad user name or password/, /user name and password/],
		[5, /not authorized/, /may not connect/]
	])('explains return code %i', (code, reason, hint) => {
		const text = describeConnackCode(code, 4);
		expect(text.reason).toMatch(reason);
		expect(text.hint).toMatch(hint);
	});

	it('reports an undefined return code', () => {
		expect(describeConnackCode(42, 4).reason).toMatch(/return code 42/);
	});
});

describe('describeConnackCode, MQTT 5', () => {
	it('reads return code 1 from a 3.1.1-only broker as an unsupported protocol version', () => {
		const text = describeConnackCode(1, 5);
		expect(text.reason).toMatch(/does not accept MQTT 5 \(unacceptable protocol version\)/);
		expect(text.hint).toMatch(/MQTT 3\.1\.1/);
		expect(text.reason).not.toMatch(/Granted QoS/);
	});

	it.each([
		[0x80, 'Unspecified error', /log/],
		[0x84, 'Unsupported protocol version', /MQTT 3\.1\.1/],
		[0x85, 'Client identifier not valid', /client ID/],
		[0x86, 'Bad user name or password', /user name and password/],
		[0x87, 'Not authorized', /may not connect/],
		[0x88, 'Server unavailable', /later/],
		[0x89, 'Server busy', /overloaded/],
		[0x8a, 'Banned', /banned/],
		[0x8c, 'Bad authentication method', /authentication method/],
		[0x95, 'Packet too large', /shorten/],
		[0x97, 'Quota exceeded', /limit/],
		[0x9c, 'Use another server', /another server/],
		[0x9d, 'Server moved', /Update the address/],
		[0x9f, 'Connection rate exceeded', /Too many connection attempts/]
	])('explains code %i: %s', (code, name, hint) => {
		const text = describeConnackCode(code, 5);
		expect(text.reason).toContain(name);
		expect(text.reason).toContain(`(0x${code.toString(16).toUpperCase()})`);
		expect(text.hint).toMatch(hint);
	});

	it('quotes the Reason String and names the Server Reference', () => {
		const text = describeConnackCode(0x9d, 5, {
			reasonString: 'moved to eu cluster',
			serverReference: 'wss://eu.example:8884/mqtt'
		});
		expect(text.reason).toContain('The broker says: “moved to eu cluster”.');
		expect(text.hint).toContain('wss://eu.example:8884/mqtt');
	});

	it('ignores a Server Reference on unrelated codes', () => {
		expect(describeConnackCode(0x87, 5, { serverReference: 'x' }).hint).not.toContain('x.');
	});

	it('falls back for unknown codes', () => {
		const text = describeConnackCode(0xf0, 5);
		expect(text.reason).toContain('Unknown reason code 0xF0');
		expect(text.hint).toMatch(/log/);
	});
});

describe('describeDisconnectCode', () => {
	it.each([
		[0x8b, 'Server shutting down', /shutting down/],
		[0x8d, 'Keep alive timeout', /keepalive/],
		[0x8e, 'Session taken over', /same client ID/],
		[0x87, 'Not authorized', /access rules/],
		[0x98, 'Administrative action', /administrator/],
		[0x9e, 'Shared subscriptions not supported', /\$share/]
	])('explains code %i: %s', (code, name, hint) => {
		const text = describeDisconnectCode(code);
		expect(text.reason).toContain(`The broker closed the connection: ${name}`);
		expect(text.hint).toMatch(hint);
	});

	it('explains a normal disconnection and quotes the reason string', () => {
		const text = describeDisconnectCode(0, 'maintenance');
		expect(text.reason).toBe('The broker closed the connection. The broker says: “maintenance”.');
		expect(text.hint).toMatch(/restarted/);
	});

	it('names the server reference of "use another server"', () => {
		expect(describeDisconnectCode(0x9c, undefined, 'other.example').hint).toContain(
			'other.example'
		);
	});
});

describe('describeSocketFailure', () => {
	it('names both unreachable and an untrusted certificate for wss://', () => {
		const text = describeSocketFailure(socket({ url: 'wss://broker.example:8884/mqtt' }));
		expect(text.reason).toBe('Could not open a secure WebSocket to broker.example:8884.');
		expect(text.hint).toMatch(/unreachable/);
		expect(text.hint).toMatch(/certificate is not trusted/);
		expect(text.hint).toContain('Open https://broker.example:8884/ in a new tab');
		expect(text.hint).toMatch(/accept it/);
	});

	it('uses the default port 443 for wss:// without a port', () => {
		const text = describeSocketFailure(socket({ url: 'wss://broker.example/mqtt' }));
		expect(text.hint).toContain('https://broker.example:443/');
	});

	it('asks whether the broker runs and this is its WebSocket port for ws://', () => {
		const text = describeSocketFailure(socket({}));
		expect(text.hint).toBe(
			'Could not reach broker.local:9001 — is the broker running and is this its WebSocket port (not 1883)?'
		);
	});

	it('explains the TCP port 1883', () => {
		const text = describeSocketFailure(socket({ url: 'ws://broker.local:1883' }));
		expect(text.hint).toMatch(/port 1883 is usually MQTT over plain TCP/);
	});

	it('says how long it waited on a timeout', () => {
		const text = describeSocketFailure(socket({ phase: 'timeout', timeoutSeconds: 10 }));
		expect(text.reason).toBe('No answer from broker.local:9001 within 10 s.');
		expect(text.hint).toMatch(/WebSocket port/);
		expect(describeSocketFailure(socket({ phase: 'timeout' })).reason).toMatch(/within 30 s/);
	});

	it('lists the causes of a close before CONNACK', () => {
		const text = describeSocketFailure(socket({ phase: 'closed-before-connack' }));
		expect(text.reason).toBe(
			'broker.local:9001 accepted the WebSocket but closed it before answering.'
		);
		expect(text.hint).toMatch(/may not be an MQTT broker/);
		expect(text.hint).toMatch(
			/path may be wrong \(often \/mqtt; this address has the path "\/mqtt"\)/
		);
		expect(text.hint).toMatch(/try MQTT 3\.1\.1/);
		const v4 = describeSocketFailure(
			socket({ phase: 'closed-before-connack', url: 'ws://h:8080', protocolVersion: 4 })
		);
		expect(v4.hint).toMatch(/this address has no path/);
		expect(v4.hint).toMatch(/try MQTT 5/);
	});

	it('explains mixed content from an https page', () => {
		const text = describeSocketFailure(socket({ pageProtocol: 'https:' }));
		expect(text.reason).toMatch(/blocked an unencrypted ws:\/\//);
		expect(text.hint).toMatch(/wss:\/\//);
	});

	it('does not blame mixed content for loopback hosts', () => {
		const text = describeSocketFailure(
			socket({ url: 'ws://127.0.0.1:9001', pageProtocol: 'https:' })
		);
		expect(text.reason).not.toMatch(/blocked/);
	});

	it('copes with a malformed address', () => {
		expect(describeSocketFailure(socket({ url: 'not a url' })).reason).toMatch(
			/not a usable address/
		);
	});
});
