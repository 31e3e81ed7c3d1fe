import { describe, expect, it } from 'vitest';
import { parseDeepLink } from './deep-link';

describe('parseDeepLink', () => {
	it('returns nothing without a url parameter', () => {
		expect(parseDeepLink('?sub=a/b')).toBeUndefined();
		expect(parseDeepLink('')).toBeUndefined();
	});

	it('prefills the broker URL and decoded subscriptions', () => {
		const link = parseDeepLink('?url=ws://localhost:9001&sub=smart_env/%23&sub=a/%2B/c&qos=1');
		expect(link?.draft.url).toBe('ws://localhost:9001');
		expect(link?.draft.subscriptions).toEqual([
			{ filter: 'smart_env/#', qos: 1 },
			{ filter: 'a/+/c', qos: 1 }
		]);
		expect(link?.ignored).toEqual([]);
	});

	it('never takes a password from a link', () => {
		const link = parseDeepLink('?url=ws://h:1&username=u&password=secret');
		expect(link?.draft.username).toBe('u');
		expect(link?.draft.password).toBe('');
		expect(link?.ignored[0]).toMatch(/password/);
	});

	it('reads the protocol version and ignores an unknown QoS', () => {
		const link = parseDeepLink('?url=wss://h/mqtt&v=4&sub=x&qos=7');
		expect(link?.draft.protocolVersion).toBe(4);
		expect(link?.draft.subscriptions[0].qos).toBe(0);
	});
});
