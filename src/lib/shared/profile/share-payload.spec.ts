import { describe, expect, it } from 'vitest';
import { defaultDraft } from './profile';
import { leftOutOfShare, readSharePayload, sharePayload } from './share-payload';

describe('sharePayload', () => {
	it('leaves out fields at their defaults, so the QR code stays small', () => {
		const draft = { ...defaultDraft(), name: 'Demo', url: 'ws://localhost:9001' };
		expect(sharePayload(draft)).toEqual({ profile: { name: 'Demo' } });
		const changed = {
			...draft,
			keepalive: 15,
			subscriptions: [{ filter: 'a/#', qos: 1 as const }]
		};
		expect(sharePayload(changed).profile).toEqual({
			name: 'Demo',
			keepalive: 15,
			subscriptions: [{ filter: 'a/#', qos: 1 }]
		});
	});

	it('reads back what it wrote, with defaults where the payload is silent', () => {
		const draft = { ...defaultDraft(), name: 'Demo', url: 'ws://h:1', cleanStart: false };
		const result = readSharePayload(JSON.parse(JSON.stringify(sharePayload(draft))));
		if (!('shared' in result)) throw new Error(result.error);
		expect(result.shared.draft).toMatchObject({
			name: 'Demo',
			url: 'ws://h:1',
			cleanStart: false,
			keepalive: 60
		});
	});

	it('names a link without a name after its broker', () => {
		const result = readSharePayload({ profile: { url: 'wss://b.example/mqtt' } });
		expect('shared' in result && result.shared.draft.name).toBe('Shared: wss://b.example/mqtt');
	});
});

describe('leftOutOfShare', () => {
	it('lists the secrets this profile has that the link leaves out', () => {
		const draft = {
			...defaultDraft(),
			url: 'wss://b/mqtt?token=x',
			username: 'u',
			password: 'p',
			userProperties: [
				{ key: 'a', value: '1' },
				{ key: 'b', value: '2' }
			],
			will: { ...defaultDraft().will, enabled: true, topic: 't' }
		};
		expect(leftOutOfShare(draft)).toEqual([
			'the password',
			'the username',
			'2 CONNECT user properties',
			'the last will',
			'the address’s “?…” part'
		]);
		expect(leftOutOfShare(defaultDraft())).toEqual([]);
	});
});
