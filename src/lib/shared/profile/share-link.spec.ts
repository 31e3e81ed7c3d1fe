import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertRule } from '../alerts/alert-rules';
import type { Tile } from '../dashboards/dashboard';
import { defaultDraft, type ProfileDraft } from './profile';
import {
	isLoopbackApp,
	makeShareLink,
	MAX_SHARE_LINK_CHARS,
	readShareToken,
	shareTokenIn
} from './share-link';
import { SHARED_PROFILE_FIELDS } from './share-payload';

const APP = 'https://scope.example/';

/** A profile full of things that must never leave the device. */
function secretive(overrides: Partial<ProfileDraft> = {}): ProfileDraft {
	return {
		...defaultDraft(),
		name: 'Field broker',
		url: 'wss://broker.example:8884/mqtt?X-Amz-Signature=sig-in-query',
		clientId: 'gateway-7',
		username: 'token-as-username',
		password: 'hunter2-password',
		rememberPassword: true,
		protocolVersion: 5,
		cleanStart: false,
		keepalive: 30,
		sessionExpiryInterval: 3600,
		receiveMaximum: 100,
		userProperties: [{ key: 'authorization', value: 'Bearer user-prop-secret' }],
		will: {
			enabled: true,
			topic: 'devices/7/status',
			payload: 'will-payload-secret',
			qos: 1,
			retain: true,
			correlationData: 'will-correlation-secret',
			userProperties: [{ key: 'k', value: 'will-prop-secret' }]
		},
		subscriptions: [
			{ filter: 'devices/+/telemetry', qos: 1, color: '#ff0000' },
			{ filter: 'devices/+/status', qos: 0, retainHandling: 1, noLocal: true }
		],
		...overrides
	};
}

const tiles: Tile[] = [
	{
		id: 't1',
		kind: 'chart',
		title: 'Temperatures',
		width: 2,
		series: [{ topicFilter: 'devices/+/telemetry', path: 'temperature', unit: '°C' }],
		windowMs: 3_600_000
	},
	{
		id: 't2',
		kind: 'status',
		title: 'Door',
		width: 1,
		topicFilter: 'devices/door/status',
		path: '',
		okValues: ['online']
	}
];
const alerts: AlertRule[] = [
	{
		id: 'a1',
		name: 'Too warm',
		series: { topicFilter: 'devices/+/telemetry', path: 'temperature' },
		condition: { kind: 'above', value: 30 },
		enabled: true
	}
];

const SECRETS = [
	'hunter2-password',
	'token-as-username',
	'gateway-7',
	'user-prop-secret',
	'will-payload-secret',
	'will-correlation-secret',
	'will-prop-secret',
	'sig-in-query'
];

async function link(profile: ProfileDraft, dashboard?: { tiles: Tile[]; alerts: AlertRule[] }) {
	const result = await makeShareLink(APP, profile, dashboard);
	if ('error' in result) throw new Error(result.error);
	return result.link;
}

async function read(text: string) {
	return readShareToken(shareTokenIn(text) ?? '', () => 'fresh-id');
}

/** The token of a link whose JSON is `json`, packed as the app packs it. */
async function tokenOf(json: string, version = 1): Promise<string> {
	const stream = new Blob([json]).stream().pipeThrough(new CompressionStream('deflate-raw'));
	const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
	return `${version}.${Buffer.from(bytes).toString('base64url')}`;
}

/** The JSON a share link carries, unpacked without the app's checks (to look inside it). */
async function unpacked(shareLink: string): Promise<string> {
	const token = shareTokenIn(shareLink)!;
	const bytes = Buffer.from(token.slice(token.indexOf('.') + 1), 'base64url');
	const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
	return new Response(stream).text();
}

describe('share links', () => {
	it('carry the broker address, MQTT options and subscriptions in the fragment', async () => {
		const shared = await link(secretive());
		expect(shared.startsWith(`${APP}#share=1.`)).toBe(true);
		const result = await read(shared);
		if (!('shared' in result)) throw new Error(result.error);
		const { draft, dashboard } = result.shared;
		expect(draft.name).toBe('Field broker');
		expect(draft.url).toBe('wss://broker.example:8884/mqtt');
		expect(draft).toMatchObject({
			protocolVersion: 5,
			cleanStart: false,
			keepalive: 30,
			sessionExpiryInterval: 3600,
			receiveMaximum: 100
		});
		expect(draft.subscriptions).toEqual([
			{ filter: 'devices/+/telemetry', qos: 1 },
			{ filter: 'devices/+/status', qos: 0, retainHandling: 1, noLocal: true }
		]);
		expect(dashboard).toBeUndefined();
	});

	it('carry every broker node of a cluster, in order, without their signed queries', async () => {
		const nodes = ['wss://node2.example:8884/mqtt?token=s3cret', 'ws://127.0.0.1:9002'];
		const shared = await link(secretive({ failoverUrls: nodes }));
		expect(await unpacked(shared)).not.toContain('s3cret');
		const result = await read(shared);
		if (!('shared' in result)) throw new Error(result.error);
		expect(result.shared.draft.url).toBe('wss://broker.example:8884/mqtt');
		expect(result.shared.draft.failoverUrls).toEqual([
			'wss://node2.example:8884/mqtt',
			'ws://127.0.0.1:9002'
		]);
	});

	it('made before clusters (version 1 with one address) still open as they did', async () => {
		const token = await tokenOf(JSON.stringify({ profile: { url: 'ws://old.example:9001' } }));
		const result = await read(`${APP}#share=${token}`);
		if (!('shared' in result)) throw new Error(result.error);
		expect(result.shared.draft.url).toBe('ws://old.example:9001');
		expect(result.shared.draft.failoverUrls).toBeUndefined();
	});

	it('with a broker node that cannot be used are refused, naming the node', async () => {
		const bad = async (failoverUrls: unknown) =>
			read(
				`${APP}#share=${await tokenOf(JSON.stringify({ profile: { url: 'ws://a:1', failoverUrls } }))}`
			);
		expect(await bad(['ws://b:1', 'tcp://c:1883'])).toEqual({
			error: expect.stringMatching(
				/^A broker address in this link cannot be used: Node 3: "tcp:\/\/"/
			)
		});
		expect(await bad(['ws://a:1'])).toEqual({
			error: 'A broker address in this link cannot be used: Node 2 repeats the address of node 1.'
		});
		expect(await bad('ws://b:1')).toEqual({
			error:
				'This link is not a valid shared connection: its "failoverUrls" should be a list of broker addresses.'
		});
	});

	it('never carry a password, username, client ID, user properties, the will or a signed query', async () => {
		const shared = await link(secretive(), { tiles, alerts });
		const json = await unpacked(shared);
		for (const secret of SECRETS) {
			expect(shared).not.toContain(secret);
			expect(json).not.toContain(secret);
		}
		const result = await read(shared);
		if (!('shared' in result)) throw new Error(result.error);
		const { draft } = result.shared;
		expect(draft.password).toBe('');
		expect(draft.username).toBe('');
		expect(draft.rememberPassword).toBe(false);
		expect(draft.clientId).toMatch(/^mqtt-scope-/);
		expect(draft.userProperties).toEqual([]);
		expect(draft.will.enabled).toBe(false);
	});

	it('carry the dashboard tiles and alert rules with fresh ids when asked to', async () => {
		const result = await read(await link(secretive(), { tiles, alerts }));
		if (!('shared' in result)) throw new Error(result.error);
		expect(result.shared.dashboard?.tiles).toEqual(tiles.map((t) => ({ ...t, id: 'fresh-id' })));
		expect(result.shared.dashboard?.alerts).toEqual(alerts.map((a) => ({ ...a, id: 'fresh-id' })));
	});

	it('drop the app address’s own query and fragment', async () => {
		const result = await makeShareLink('http://h:4173/app/?url=x#share=old', defaultDraft());
		expect('link' in result && result.link.startsWith('http://h:4173/app/#share=1.')).toBe(true);
	});

	it('are refused when too long for a QR code', async () => {
		const many = Array.from({ length: 30 }, (_, i) => ({
			filter: `site-${i}/${crypto.randomUUID()}/#`,
			qos: 0 as const
		}));
		const result = await makeShareLink(APP, secretive({ subscriptions: many }));
		expect('error' in result && result.error).toMatch(/characters long.*QR code/);
		const tooLong = `1.${'A'.repeat(MAX_SHARE_LINK_CHARS)}`;
		expect(await readShareToken(tooLong)).toEqual({
			error: expect.stringMatching(/too long \(992 characters\).*at most 990/)
		});
	});

	it('from a newer app are refused with that reason', async () => {
		const token = await tokenOf('{"profile":{"url":"ws://h:1"}}', 2);
		expect(await readShareToken(token)).toEqual({
			error: expect.stringMatching(/made by a newer mqtt-scope/)
		});
	});

	it('that are damaged are refused with the reason', async () => {
		const valid = shareTokenIn(await link(secretive()))!;
		const cases: [string, RegExp][] = [
			['', /format number/],
			['x.abc', /format number/],
			['0.abcd', /format 0 does not exist/],
			['1.', /characters a share link never has/],
			['1.ab*d', /characters a share link never has/],
			['1.abcde', /cut short/],
			[valid.slice(0, valid.length - 8), /cannot be unpacked/],
			['1.' + Buffer.from('not deflate at all').toString('base64url'), /cannot be unpacked/],
			[await tokenOf('{"profile": '), /not readable/],
			[await tokenOf('[1,2]'), /describes no connection/],
			[
				await tokenOf('{"profile":{"url":"http://h"}}'),
				/broker address.*cannot be used.*http:\/\//
			],
			[await tokenOf('{"profile":{"url":"ws://h:70000"}}'), /Port 70000 is out of range/],
			[
				await tokenOf('{"profile":{"url":"ws://h","keepalive":"60"}}'),
				/"keepalive" should be a number/
			],
			[await tokenOf('{"profile":{"url":"ws://h","keepalive":-1}}'), /Keepalive is a whole number/],
			[await tokenOf('{"profile":{"url":"ws://h","protocolVersion":3}}'), /4 \(MQTT 3.1.1\) or 5/],
			[
				await tokenOf('{"profile":{"url":"ws://h","subscriptions":[{"filter":"a/#/b"}]}}'),
				/Subscription 1.*"#"/
			],
			[
				await tokenOf('{"profile":{"url":"ws://h","subscriptions":[{"filter":"a","qos":3}]}}'),
				/QoS must be 0, 1 or 2/
			],
			[
				await tokenOf(`{"profile":{"url":"ws://h","name":"${'n'.repeat(2000)}"}}`),
				/2000 characters long/
			],
			[
				await tokenOf('{"profile":{"url":"ws://h"},"tiles":[{"kind":"pie","title":"x"}]}'),
				/Tile 1 "x": unknown kind/
			],
			[
				await tokenOf(
					'{"profile":{"url":"ws://h"},"alerts":[{"name":"a","series":{"topicFilter":"t","path":""},"condition":{"kind":"above","value":1}}]}'
				),
				/Alert 1.*JSON path/
			],
			[
				await tokenOf('{"profile":{"url":"ws://h"}}'.replace('}}', '},"x":[[[[[[[1]]]]]]]}')),
				/nested more deeply/
			],
			[await tokenOf(' '.repeat(40_000)), /more than 32 KB/]
		];
		for (const [token, reason] of cases) {
			const result = await readShareToken(token);
			expect({ token, result }).toEqual({
				token,
				result: { error: expect.stringMatching(reason) }
			});
		}
	});

	it('refuse too many subscriptions, tiles or rules', async () => {
		const url = 'ws://h';
		const subscriptions = Array.from({ length: 33 }, (_, i) => ({ filter: `t${i}` }));
		const tileList = Array.from({ length: 25 }, () => ({ kind: 'number', title: 'n' }));
		const ruleList = Array.from({ length: 25 }, () => ({ name: 'r' }));
		const cases: [object, RegExp][] = [
			[{ profile: { url, subscriptions } }, /33 subscriptions; at most 32/],
			[{ profile: { url }, tiles: tileList }, /25 dashboard tiles; at most 24/],
			[{ profile: { url }, alerts: ruleList }, /25 alert rules; at most 24/],
			[{ profile: { url }, x: Array(65).fill(0) }, /a list in it has 65 entries/]
		];
		for (const [payload, reason] of cases) {
			const result = await readShareToken(await tokenOf(JSON.stringify(payload)));
			expect(result).toEqual({ error: expect.stringMatching(reason) });
		}
	});

	it('are found in a pasted link, a fragment or nothing', () => {
		expect(shareTokenIn(' https://a/#share=1.abc \n')).toBe('1.abc');
		expect(shareTokenIn('#share=1.x')).toBe('1.x');
		expect(shareTokenIn('https://a/?url=ws://h')).toBeUndefined();
	});

	it('know when they point at this machine only', () => {
		expect(isLoopbackApp('http://localhost:4173/')).toBe(true);
		expect(isLoopbackApp('http://127.0.0.1:4173/')).toBe(true);
		expect(isLoopbackApp('http://[::1]:4173/')).toBe(true);
		expect(isLoopbackApp('https://192.168.1.20:4173/')).toBe(false);
		expect(isLoopbackApp('https://scope.example/')).toBe(false);
		expect(isLoopbackApp('not a url')).toBe(false);
	});
});

const hostArb = fc.constantFrom('localhost', 'broker.example', '10.0.0.7', '[::1]');
const urlArb = fc
	.tuple(
		fc.constantFrom('ws', 'wss'),
		hostArb,
		fc.integer({ min: 1, max: 65535 }),
		fc.constantFrom('', '/mqtt', '/ws/x')
	)
	.map(([scheme, host, port, path]) => `${scheme}://${host}:${port}${path}`);
const levelArb = fc.stringMatching(/^[a-z0-9_-]{1,8}$/);
const filterArb = fc
	.tuple(
		fc.array(fc.oneof(levelArb, fc.constant('+')), { minLength: 1, maxLength: 4 }),
		fc.boolean()
	)
	.map(([levels, hash]) => [...levels, ...(hash ? ['#'] : [])].join('/'));
const secretArb = fc.stringMatching(/^[A-Za-z0-9]{20,24}$/);

/** Valid profiles whose credentials and will are random secrets. */
const profileArb = fc
	.record({
		name: fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== ''),
		url: urlArb,
		failoverUrls: fc.option(fc.uniqueArray(urlArb, { minLength: 1, maxLength: 3 }), {
			nil: undefined
		}),
		protocolVersion: fc.constantFrom(4 as const, 5 as const),
		cleanStart: fc.boolean(),
		keepalive: fc.integer({ min: 0, max: 65535 }),
		connectTimeout: fc.integer({ min: 1, max: 600 }),
		sessionExpiryInterval: fc.integer({ min: 0, max: 4294967295 }),
		receiveMaximum: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
		topicAliasMaximum: fc.option(fc.integer({ min: 0, max: 65535 }), { nil: undefined }),
		requestResponseInformation: fc.boolean(),
		backoffMin: fc.integer({ min: 0, max: 60 }),
		backoffMax: fc.integer({ min: 60, max: 86400 }),
		subscriptions: fc.array(
			fc.record({ filter: filterArb, qos: fc.constantFrom(0 as const, 1 as const, 2 as const) }),
			{ maxLength: 5 }
		),
		password: secretArb,
		username: secretArb,
		willPayload: secretArb,
		propertyValue: secretArb
	})
	.map(({ willPayload, propertyValue, failoverUrls, ...fields }): ProfileDraft => {
		const base = defaultDraft();
		// A node may not repeat the first one's address (the form refuses it too).
		const nodes = failoverUrls?.filter((url) => url !== fields.url);
		return {
			...base,
			...fields,
			...(nodes?.length ? { failoverUrls: nodes } : {}),
			userProperties: [{ key: 'auth', value: propertyValue }],
			will: { ...base.will, enabled: true, topic: 'w', payload: willPayload }
		};
	});

/** A result with a connection or a specific reason: never the catch-all net's message. */
function expectAnswered(result: Awaited<ReturnType<typeof readShareToken>>) {
	if ('shared' in result) return;
	expect(result.error).toEqual(expect.any(String));
	expect(result.error).not.toMatch(/could not be read/);
}

describe('share links (properties)', () => {
	it('round-trip every shared field of any valid profile', async () => {
		await fc.assert(
			fc.asyncProperty(profileArb, async (profile) => {
				const made = await makeShareLink(APP, profile);
				fc.pre('link' in made);
				const result = await read((made as { link: string }).link);
				if (!('shared' in result)) throw new Error(result.error);
				for (const field of SHARED_PROFILE_FIELDS) {
					expect(result.shared.draft[field]).toEqual(profile[field]);
				}
			}),
			{ numRuns: 150 }
		);
	});

	it('never contain the password or other secrets, in the link or its payload', async () => {
		await fc.assert(
			fc.asyncProperty(profileArb, fc.boolean(), async (profile, withDashboard) => {
				const made = await makeShareLink(
					APP,
					profile,
					withDashboard ? { tiles, alerts } : undefined
				);
				fc.pre('link' in made);
				const shared = (made as { link: string }).link;
				const json = await unpacked(shared);
				const secrets = [
					profile.password,
					profile.username,
					profile.will.payload,
					profile.userProperties[0].value
				];
				for (const secret of secrets) {
					expect(shared).not.toContain(secret);
					expect(json).not.toContain(secret);
				}
			}),
			{ numRuns: 100 }
		);
	});

	it('never throw on random text', async () => {
		await fc.assert(
			fc.asyncProperty(fc.string({ maxLength: 1200 }), async (text) => {
				const result = await readShareToken(text);
				expectAnswered(result);
			}),
			{ numRuns: 300 }
		);
	});

	it('never throw on random bytes, packed or not', async () => {
		await fc.assert(
			fc.asyncProperty(fc.uint8Array({ maxLength: 700 }), fc.boolean(), async (bytes, pack) => {
				const token = pack
					? await tokenOf(new TextDecoder().decode(bytes))
					: `1.${Buffer.from(bytes).toString('base64url')}`;
				const result = await readShareToken(token);
				expectAnswered(result);
			}),
			{ numRuns: 300 }
		);
	});

	it('never throw on any JSON, however shaped', async () => {
		const fieldArb = fc.constantFrom(...SHARED_PROFILE_FIELDS, 'tiles', 'alerts', 'x');
		const payloadArb = fc.oneof(
			fc.jsonValue({ maxDepth: 8 }),
			fc.record({
				profile: fc.dictionary(fieldArb, fc.jsonValue({ maxDepth: 4 })),
				tiles: fc.array(
					fc.dictionary(
						fc.constantFrom('kind', 'title', 'series', 'width'),
						fc.jsonValue({ maxDepth: 3 })
					)
				),
				alerts: fc.array(fc.jsonValue({ maxDepth: 4 }))
			})
		);
		await fc.assert(
			fc.asyncProperty(payloadArb, async (payload) => {
				const result = await readShareToken(await tokenOf(JSON.stringify(payload)));
				expectAnswered(result);
			}),
			{ numRuns: 300 }
		);
	});
});
