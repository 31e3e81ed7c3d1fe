import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDeepLink } from './deep-link';
import { MAX_SHARED_STRING, MAX_SHARED_SUBSCRIPTIONS } from './share-limits';

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

	it('strips credentials from the broker address, so no password reaches the profile', () => {
		const link = parseDeepLink(`?url=${encodeURIComponent('ws://al%40ice:s3cret@h:9001/mqtt')}`);
		expect(link?.draft.url).toBe('ws://h:9001/mqtt');
		expect(link?.draft.username).toBe('al@ice');
		expect(link?.draft.password).toBe('');
		expect(JSON.stringify(link)).not.toContain('s3cret');
		expect(link?.ignored[0]).toMatch(/contained a password; it was removed/);
		const userOnly = parseDeepLink('?url=ws://bob@h:1');
		expect(userOnly?.draft).toMatchObject({ url: 'ws://h:1/', username: 'bob' });
		expect(userOnly?.ignored[0]).toMatch(/username/);
	});

	it('strips credentials from an address the URL parser refuses, too', () => {
		for (const bad of ['ws://zoe:Zebra-42@h:99999', 'ws://zoe:Zebra-42@[bad/mqtt']) {
			const link = parseDeepLink(`?url=${encodeURIComponent(bad)}`);
			expect(JSON.stringify(link)).not.toContain('Zebra-42');
			expect(link?.draft.url).toBe(bad.replace('zoe:Zebra-42@', ''));
			expect(link?.draft.name).not.toContain('Zebra');
			expect(link?.draft.username).toBe('zoe');
			expect(link?.ignored[0]).toMatch(/contained a password; it was removed/);
		}
		// An address with no credentials is left as it is, even when malformed.
		expect(parseDeepLink('?url=ws://h:99999')?.draft.url).toBe('ws://h:99999');
	});

	it('reads a repeated url as the nodes of a cluster, in order, without their credentials', () => {
		const link = parseDeepLink(
			`?url=ws://a:9001&url=${encodeURIComponent('ws://u:s3cret@b:9001')}&url=wss://c/mqtt`
		);
		expect(link?.draft.url).toBe('ws://a:9001');
		expect(link?.draft.failoverUrls).toEqual(['ws://b:9001/', 'wss://c/mqtt']);
		expect(JSON.stringify(link)).not.toContain('s3cret');
		expect(link?.ignored[0]).toMatch(/contained a password; it was removed/);
		expect(parseDeepLink('?url=ws://a:9001')?.draft.failoverUrls).toBeUndefined();
	});

	it('leaves an address without credentials exactly as written', () => {
		expect(parseDeepLink('?url=ws://h:1')?.draft.url).toBe('ws://h:1');
		expect(parseDeepLink('?url=not a url')?.draft.url).toBe('not a url');
	});

	it('reads the protocol version and ignores an unknown QoS', () => {
		const link = parseDeepLink('?url=wss://h/mqtt&v=4&sub=x&qos=7');
		expect(link?.draft.protocolVersion).toBe(4);
		expect(link?.draft.subscriptions[0].qos).toBe(0);
	});
});

describe('parseDeepLink on hostile links', () => {
	it('never throws, and keeps every count and length inside the share-link bounds', () => {
		const part = fc.oneof(
			fc.string(),
			fc.constantFrom('ws://%E0%A4%A@h:1', 'ws://a:b@h', 'x'.repeat(5000), '%', '%%', '\u0000')
		);
		const name = fc.constantFrom('url', 'sub', 'name', 'clientId', 'username', 'qos', 'v', 'x');
		fc.assert(
			fc.property(fc.array(fc.tuple(name, part), { maxLength: 80 }), (pairs) => {
				const search = new URLSearchParams(pairs).toString();
				const link = parseDeepLink(search);
				if (!link) return;
				const { draft } = link;
				expect(draft.subscriptions.length).toBeLessThanOrEqual(MAX_SHARED_SUBSCRIPTIONS);
				expect(draft.failoverUrls?.length ?? 0).toBeLessThanOrEqual(7);
				for (const text of [draft.name, draft.url, draft.clientId, draft.username ?? '']) {
					// The URL parser may percent-encode what was cut: a few times longer at most.
					expect(text.length).toBeLessThanOrEqual(3 * MAX_SHARED_STRING);
				}
				for (const sub of draft.subscriptions) {
					expect(sub.filter.length).toBeLessThanOrEqual(MAX_SHARED_STRING);
				}
			})
		);
	});

	it('keeps a username whose percent escapes are broken as written', () => {
		const link = parseDeepLink('?url=' + encodeURIComponent('ws://%E0%A4%A@host:1/mqtt'));
		expect(link?.draft.username).toBe('%E0%A4%A');
		expect(link?.draft.url).toBe('ws://host:1/mqtt');
	});

	it('says what it dropped from an overfull link', () => {
		const subs = Array.from({ length: 40 }, (_, i) => `sub=t${i}`).join('&');
		const link = parseDeepLink(`?url=ws://h:1&${subs}&name=${'n'.repeat(2000)}`);
		expect(link?.draft.subscriptions).toHaveLength(MAX_SHARED_SUBSCRIPTIONS);
		expect(link?.draft.name).toHaveLength(MAX_SHARED_STRING);
		expect(link?.ignored.join(' ')).toMatch(/first 32 subscriptions/);
		expect(link?.ignored.join(' ')).toMatch(/cut to that length/);
	});
});
