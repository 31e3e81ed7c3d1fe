import { describe, expect, it } from 'vitest';
import { brokerUrls, defaultDraft, withDefaults, type ProfileDraft } from './profile';
import {
	failoverUrlErrors,
	isValid,
	MAX_BROKER_NODES,
	validateBrokerUrl,
	validateProfile
} from './profile-validation';

const draft = (overrides: Partial<ProfileDraft> = {}): ProfileDraft => ({
	...defaultDraft(),
	...overrides
});

describe('validateBrokerUrl', () => {
	it.each([
		'ws://localhost:9001',
		'ws://broker.local:9001/mqtt',
		'wss://broker.example:8884/mqtt',
		'wss://broker.example/mqtt',
		'ws://127.0.0.1:8080',
		'ws://[::1]:9001/mqtt',
		'WS://Broker.Local:9001',
		'  ws://padded:9001  ',
		'ws://host:65535',
		'ws://host:1'
	])('accepts %j from an http page', (url) => {
		expect(validateBrokerUrl(url, 'http:')).toBeUndefined();
	});

	it('asks for an address when empty', () => {
		expect(validateBrokerUrl('   ')).toMatch(/Enter the broker address/);
	});

	it.each(['broker.local', 'localhost:9001', 'broker.local:9001/mqtt', '//host:9001'])(
		'asks for a scheme in %j',
		(url) => {
			expect(validateBrokerUrl(url)).toMatch(/needs a scheme: start it with ws:\/\/ or wss:\/\//);
		}
	);

	it.each(['mqtt', 'tcp', 'mqtts', 'ssl', 'http'])(
		'explains %s:// as WebSockets-only',
		(scheme) => {
			const message = validateBrokerUrl(`${scheme}://broker.local:1883`);
			expect(message).toContain(`"${scheme}://" cannot be used here`);
			expect(message).toMatch(/only speak MQTT over WebSockets/);
			expect(message).toMatch(/ws:\/\/.*wss:\/\//);
		}
	);

	it.each([
		['ws://host:0', '0'],
		['ws://host:70000/mqtt', '70000'],
		['wss://[::1]:65536', '65536']
	])('rejects the out-of-range port in %j', (url, port) => {
		expect(validateBrokerUrl(url)).toBe(
			`Port ${port} is out of range: a port is a number from 1 to 65535.`
		);
	});

	it.each(['ws://', 'ws://:9001', 'ws://host name:9001', 'ws://host:90ab'])(
		'rejects the malformed address %j',
		(url) => {
			expect(validateBrokerUrl(url)).toMatch(/not a valid address/);
		}
	);

	it('asks for credentials in their own fields', () => {
		expect(validateBrokerUrl('ws://user:secret@host:9001')).toMatch(/in their own fields/);
		// Digits as a password are not a port: the credentials are the problem.
		expect(validateBrokerUrl('ws://user:0@host:9001')).toMatch(/in their own fields/);
	});

	it('blocks ws:// from an https page as mixed content', () => {
		const message = validateBrokerUrl('ws://broker.local:9001/mqtt', 'https:');
		expect(message).toMatch(/mixed content/);
		expect(message).toMatch(/wss:\/\//);
	});

	it('accepts wss:// from an https page', () => {
		expect(validateBrokerUrl('wss://broker.example:8884/mqtt', 'https:')).toBeUndefined();
	});

	it('treats the page protocol as http by default', () => {
		expect(validateBrokerUrl('ws://broker.local:9001')).toBeUndefined();
	});
});

describe('validateProfile', () => {
	it('accepts the default draft', () => {
		const errors = validateProfile(defaultDraft());
		expect(errors).toEqual({});
		expect(isValid(errors)).toBe(true);
	});

	it('requires a name', () => {
		expect(validateProfile(draft({ name: '  ' })).name).toMatch(/Give the connection a name/);
	});

	it('reports URL problems under url, using the page protocol', () => {
		expect(validateProfile(draft({ url: 'mqtt://x:1883' })).url).toMatch(/WebSockets/);
		expect(validateProfile(draft({ url: 'ws://x:9001' }), 'https:').url).toMatch(/mixed content/);
		expect(validateProfile(draft({ url: 'wss://x:8884' }), 'https:').url).toBeUndefined();
	});

	it('allows an empty client ID only with clean start', () => {
		expect(validateProfile(draft({ clientId: '', cleanStart: true })).clientId).toBeUndefined();
		expect(validateProfile(draft({ clientId: ' ', cleanStart: false })).clientId).toMatch(
			/persistent session/
		);
	});

	it('limits the client ID to 65,535 UTF-8 bytes', () => {
		expect(validateProfile(draft({ clientId: 'a'.repeat(65535) })).clientId).toBeUndefined();
		expect(validateProfile(draft({ clientId: 'ä'.repeat(32768) })).clientId).toMatch(/too long/);
	});

	it.each([-1, 1.5, 65536, Number.NaN])('rejects keepalive %d', (keepalive) => {
		expect(validateProfile(draft({ keepalive })).keepalive).toMatch(/whole number of seconds/);
	});

	it.each([0, 60, 65535])('accepts keepalive %d', (keepalive) => {
		expect(validateProfile(draft({ keepalive })).keepalive).toBeUndefined();
	});

	it('collects several problems at once', () => {
		const errors = validateProfile(draft({ name: '', url: '', keepalive: -5 }));
		expect(Object.keys(errors).sort()).toEqual(['keepalive', 'name', 'url']);
		expect(isValid(errors)).toBe(false);
	});
});

describe('broker nodes (failover URLs)', () => {
	it('tries a profile saved before clusters at its one URL, and is valid as it was', () => {
		const { failoverUrls: _none, ...older } = draft({ url: 'ws://a:9001' });
		expect(brokerUrls(older)).toEqual(['ws://a:9001']);
		expect(validateProfile(withDefaults(older))).toEqual({});
	});

	it('lists the URL first, then the failover nodes in order, trimmed', () => {
		const profile = draft({ url: 'ws://a:9001', failoverUrls: [' ws://b:9001 ', 'wss://c/mqtt'] });
		expect(brokerUrls(profile)).toEqual(['ws://a:9001', 'ws://b:9001', 'wss://c/mqtt']);
		expect(validateProfile(profile)).toEqual({});
	});

	it('checks every node with the broker-address rules and names the node', () => {
		const profile = draft({
			url: 'ws://a:9001',
			failoverUrls: ['ws://b:9001', 'mqtt://c:1883', 'ws://d:70000']
		});
		const errors = failoverUrlErrors(profile);
		expect(errors[0]).toBeUndefined();
		expect(errors[1]).toMatch(/^Node 3: "mqtt:\/\/" cannot be used here/);
		expect(errors[2]).toBe(
			'Node 4: Port 70000 is out of range: a port is a number from 1 to 65535.'
		);
		expect(validateProfile(profile).failoverUrls).toBe(errors[1]);
	});

	it('refuses an empty node, a repeated address and ws:// from an https page', () => {
		const profile = draft({ url: 'ws://a:9001', failoverUrls: ['', 'ws://a:9001'] });
		expect(failoverUrlErrors(profile)).toEqual([
			'Node 2 has no address: enter one, or remove the node.',
			'Node 3 repeats the address of node 1.'
		]);
		const secure = draft({ url: 'wss://a/mqtt', failoverUrls: ['ws://b:9001'] });
		expect(failoverUrlErrors(secure, 'https:')[0]).toMatch(
			/^Node 2: This page is served over https/
		);
	});

	it(`allows at most ${MAX_BROKER_NODES} addresses`, () => {
		const failoverUrls = Array.from({ length: MAX_BROKER_NODES }, (_, i) => `ws://n${i}:9001`);
		const errors = failoverUrlErrors(draft({ url: 'ws://a:9001', failoverUrls }));
		expect(errors.slice(0, -1).every((e) => e === undefined)).toBe(true);
		expect(errors.at(-1)).toMatch(/at most 8 broker addresses/);
	});
});
