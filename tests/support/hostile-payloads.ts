/**
 * What a hostile device, file or link can hand the app, for property tests (fast-check
 * arbitraries) and the e2e flood (a seeded, repeatable list): deep and wide JSON, number edge
 * cases, invalid UTF-8, random binary, CBOR and MessagePack bombs, out-of-range times, odd but
 * valid topics and damaged import lines. Pure: no DOM, no Node APIs, so both can import it.
 */
import fc from 'fast-check';

const utf8 = new TextEncoder();

/** JSON text nesting `depth` arrays (or objects) around a 1. */
export function deepJson(depth: number, kind: 'array' | 'object' = 'array'): string {
	if (kind === 'array') return '['.repeat(depth) + '1' + ']'.repeat(depth);
	return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** A JSON object with `keys` numeric fields (a 10,000-key object is not 10,000 series). */
export function wideJson(keys: number): string {
	const parts: string[] = [];
	for (let i = 0; i < keys; i++) parts.push(`"k${i}":${i}`);
	return `{${parts.join(',')}}`;
}

/** Number literals at the edges of what JSON and doubles can hold. */
export const NUMBER_EDGES: readonly string[] = [
	'1e400',
	'-1e400',
	'1e-400',
	'-0',
	'9007199254740993',
	'18446744073709551615',
	'1' + '0'.repeat(400),
	'0.' + '0'.repeat(400) + '1',
	'1e20',
	'-1e20',
	'1.7976931348623157e308',
	'5e-324'
];

/** Byte sequences that are not UTF-8: overlong, surrogates, beyond U+10FFFF, cut short. */
export const INVALID_UTF8: readonly Uint8Array[] = [
	[0xc0, 0x80],
	[0xed, 0xa0, 0x80],
	[0xff],
	[0xfe, 0xff],
	[0xf4, 0x90, 0x80, 0x80],
	[0xe2, 0x82],
	[0x80, 0x80, 0x80]
].map((b) => new Uint8Array(b));

/** A CBOR byte string of `n` 0xff bytes under tag 2: a bignum cbor2 took seconds to build. */
export function cborBignum(n: number): Uint8Array {
	const out = new Uint8Array(6 + n).fill(0xff);
	out.set([0xc2, 0x5a, (n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
	return out;
}

/** `count` copies of `head` followed by `tail`: deep nesting in one allocation. */
function repeated(head: number, count: number, tail: number[]): Uint8Array {
	const out = new Uint8Array(count + tail.length).fill(head);
	out.set(tail, count);
	return out;
}

/** CBOR payloads built to hurt a decoder: huge declared lengths, deep nesting, huge bignums. */
export const CBOR_BOMBS: Readonly<Record<string, Uint8Array>> = {
	'array of 2^32-1 items': new Uint8Array([0x9a, 0xff, 0xff, 0xff, 0xff, 0x01]),
	'map of 2^32-1 entries': new Uint8Array([0xba, 0xff, 0xff, 0xff, 0xff, 0x01, 0x01]),
	'array of 2^64-1 items': new Uint8Array([0x9b, ...new Array<number>(8).fill(0xff), 0x01]),
	'byte string of 4 GB': new Uint8Array([0x5a, 0xff, 0xff, 0xff, 0xff, 0x01]),
	'bignum of 100 KB': cborBignum(100_000),
	'200,000 nested arrays': repeated(0x81, 200_000, [0x01]),
	'100,000 nested tags': repeated(0xc6, 100_000, [0x01]),
	'200,000 open indefinite arrays': repeated(0x9f, 200_000, []),
	'tag 1 with a 2^64 date': new Uint8Array([0xc1, 0x1b, ...new Array<number>(8).fill(0xff)]),
	'regexp tag with a broken pattern': new Uint8Array([0xd8, 0x23, 0x62, 0x28, 0x28])
};

/** MessagePack payloads built to hurt a decoder. */
export const MSGPACK_BOMBS: Readonly<Record<string, Uint8Array>> = {
	'array of 2^32-1 items': new Uint8Array([0xdd, 0xff, 0xff, 0xff, 0xff, 0x01]),
	'map of 2^32-1 entries': new Uint8Array([0xdf, 0xff, 0xff, 0xff, 0xff, 0x01, 0x01]),
	'bin of 4 GB': new Uint8Array([0xc6, 0xff, 0xff, 0xff, 0xff, 0x01]),
	'200,000 nested arrays': repeated(0x91, 200_000, [0x01]),
	'array of 100,000 nils': (() => {
		const out = new Uint8Array(5 + 100_000).fill(0xc0);
		out.set([0xdd, 0x00, 0x01, 0x86, 0xa0]);
		return out;
	})(),
	'timestamp beyond any date': new Uint8Array([
		0xd7,
		0xff,
		...new Array<number>(4).fill(0xff),
		...new Array<number>(4).fill(0xff)
	]),
	'a __proto__ key': new Uint8Array([0x81, 0xa9, ...utf8.encode('__proto__'), 0x01])
};

/** Times a stored record or a payload may carry that no Date can show, and the edges around. */
export const HOSTILE_TIMES: readonly number[] = [
	1e20,
	-1e20,
	NaN,
	Infinity,
	-Infinity,
	8.64e15,
	8.64e15 + 1,
	-8.64e15 - 1,
	Number.MAX_VALUE,
	-Number.MAX_VALUE,
	Number.MIN_VALUE,
	-1,
	0
];

/** Any double, weighted towards the ones that break dates. */
export const hostileTime: fc.Arbitrary<number> = fc.oneof(
	fc.constantFrom(...HOSTILE_TIMES),
	fc.double(),
	fc.integer({ min: -1e16, max: 1e16 })
);

/** JSON text (usually) that is deep, wide, full of edge numbers or odd strings. */
export const hostileJsonText: fc.Arbitrary<string> = fc.oneof(
	fc.integer({ min: 1, max: 20_000 }).map((d) => deepJson(d)),
	fc.integer({ min: 1, max: 5_000 }).map((d) => deepJson(d, 'object')),
	fc.integer({ min: 0, max: 5_000 }).map(wideJson),
	fc.constantFrom(...NUMBER_EDGES),
	fc
		.array(fc.constantFrom(...NUMBER_EDGES), { maxLength: 20 })
		.map((ns) => `{"t":${ns[0] ?? 1},"v":[${ns.join(',')}]}`),
	fc.json({ depthSize: 'large' }),
	// Half a document: the lenient re-indenter must still end.
	fc.integer({ min: 1, max: 3_000 }).map((d) => deepJson(d).slice(0, d + 1)),
	fc.string({ unit: 'binary', maxLength: 200 }).map((s) => JSON.stringify({ s }))
);

/** Payload bytes of every kind a device might send, hostile ones weighted up. */
export const hostileBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
	{ arbitrary: fc.uint8Array({ maxLength: 2_048 }), weight: 3 },
	{ arbitrary: hostileJsonText.map((t) => utf8.encode(t)), weight: 4 },
	{
		arbitrary: fc
			.tuple(fc.string({ maxLength: 50 }), fc.constantFrom(...INVALID_UTF8), fc.string())
			.map(([a, bad, b]) => new Uint8Array([...utf8.encode(a), ...bad, ...utf8.encode(b)])),
		weight: 2
	},
	{ arbitrary: fc.constantFrom(...Object.values(CBOR_BOMBS)), weight: 2 },
	{ arbitrary: fc.constantFrom(...Object.values(MSGPACK_BOMBS)), weight: 2 },
	// A valid header followed by random bytes: image sniffers and CBOR/MessagePack guesses.
	{
		arbitrary: fc
			.tuple(
				fc.constantFrom([0x89, 0x50, 0x4e, 0x47], [0xff, 0xd8, 0xff], [0xa1], [0x81], [0xde]),
				fc.uint8Array({ maxLength: 64 })
			)
			.map(([head, rest]) => new Uint8Array([...head, ...rest])),
		weight: 1
	}
);

/**
 * Topic levels that are valid MQTT (UTF-8 without control characters, noncharacters or
 * wildcards) but odd: a broker drops a publisher whose topic is not valid, so hostile content
 * belongs in payloads and in topics like these.
 */
export const ODD_LEVELS: readonly string[] = [
	'',
	' ',
	'🔥',
	'\u202Eevil',
	'zero\u200Bwidth',
	'<img src=x onerror=alert(1)>',
	"' OR 1=1 --",
	'=HYPERLINK("http://x")',
	'..',
	'%00',
	'$SYS',
	'e\u0301\u0301\u0301',
	'日本語',
	'x'.repeat(1_000),
	'__proto__',
	'constructor'
];

/** Whether a string is allowed in an MQTT topic name as Mosquitto checks it. */
export function isValidTopicText(text: string): boolean {
	// eslint-disable-next-line no-control-regex -- control characters are what is refused.
	if (/[\u0000-\u001f\u007f-\u009f+#\ufdd0-\ufdef\ufffe\uffff]/.test(text)) return false;
	// Lone surrogates cannot be written as UTF-8.
	return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

/** A topic under `prefix` of odd but valid levels, at most a few thousand bytes. */
export function oddTopic(prefix: string): fc.Arbitrary<string> {
	const level = fc.oneof(
		fc.constantFrom(...ODD_LEVELS),
		fc.string({ unit: 'grapheme', maxLength: 12 }).filter(isValidTopicText)
	);
	return fc
		.array(level, { minLength: 1, maxLength: 8 })
		.map((levels) => `${prefix}/${levels.join('/')}`);
}

/**
 * A topic of `levels` levels under `prefix`. MQTT allows 32,768 in 65,535 bytes, Mosquitto at
 * most 200 (it disconnects a client that publishes more).
 */
export function manyLevelTopic(prefix: string, levels: number): string {
	return `${prefix}/${new Array<string>(levels).fill('l').join('/')}`;
}

/** A valid export line to damage: every field a reader looks at. */
const GOOD_LINE = {
	id: 1,
	direction: 'in',
	topic: 'a/b',
	payloadBase64: 'eyJ2IjoxfQ==',
	qos: 1,
	retain: false,
	dup: false,
	time: 1_764_000_000_000,
	timeIso: '2025-11-24T16:00:00.000Z'
};

/** A hostile value for any field: wrong types, huge numbers, deep or long values. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
	fc.constantFrom(1e20, -1e20, 1e308, -0, null, true, '', 'x'.repeat(70_000), [], {}),
	fc.constantFrom(...NUMBER_EDGES).map(Number),
	fc.string(),
	fc.jsonValue({ maxDepth: 4 })
);

/** NDJSON import lines: a good line with fields replaced, dropped or added; or no JSON at all. */
export const hostileImportLine: fc.Arbitrary<string> = fc.oneof(
	fc
		.tuple(
			fc.dictionary(
				fc.constantFrom(...Object.keys(GOOD_LINE), 'properties', 'gapBefore'),
				hostileValue,
				{
					maxKeys: 4
				}
			),
			fc.subarray(Object.keys(GOOD_LINE), { maxLength: 2 })
		)
		.map(([changes, dropped]) => {
			const line: Record<string, unknown> = { ...GOOD_LINE, ...changes };
			for (const key of dropped) delete line[key];
			return JSON.stringify(line);
		}),
	fc
		.record({
			properties: fc.record(
				{
					userProperties: fc.dictionary(fc.string(), fc.string(), { maxKeys: 50 }),
					subscriptionIdentifier: fc.oneof(fc.double(), fc.array(fc.double(), { maxLength: 50 })),
					correlationData: fc.base64String({ maxLength: 200 }),
					contentType: fc.string({ maxLength: 300 })
				},
				{ requiredKeys: [] }
			),
			gapBefore: fc.record({ from: hostileTime, to: hostileTime })
		})
		.map((extra) => JSON.stringify({ ...GOOD_LINE, ...extra })),
	hostileJsonText,
	fc.string({ unit: 'binary', maxLength: 300 })
);

/** Bombs of at most 64 bytes: the flood sends these many times, the large ones once. */
const SMALL_BOMBS = [...Object.values(CBOR_BOMBS), ...Object.values(MSGPACK_BOMBS)].filter(
	(b) => b.length <= 64
);

/** Payloads for the flood: hostile in kind but at most 16 KB, so 10,000 stay a few tens of MB. */
const floodBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
	fc.uint8Array({ maxLength: 2_048 }),
	hostileJsonText.map((t) => utf8.encode(t)).filter((b) => b.length <= 16_384),
	fc
		.tuple(fc.string({ maxLength: 50 }), fc.constantFrom(...INVALID_UTF8), fc.string())
		.map(([a, bad, b]) => new Uint8Array([...utf8.encode(a), ...bad, ...utf8.encode(b)])),
	fc.constantFrom(...SMALL_BOMBS)
);

/** One message of the e2e flood: a topic suffix (under the test's prefix) and its payload. */
export interface HostileMessage {
	suffix: string;
	payload: Uint8Array;
}

/**
 * `count` hostile messages, the same for the same seed: every named bomb and deep document
 * once, then random hostile payloads of at most 16 KB on odd topics.
 */
export function hostileMessages(count: number, seed: number): HostileMessage[] {
	const named: HostileMessage[] = [
		...Object.entries(CBOR_BOMBS).map(([name, payload]) => ({ suffix: `cbor/${name}`, payload })),
		...Object.entries(MSGPACK_BOMBS).map(([name, payload]) => ({
			suffix: `msgpack/${name}`,
			payload
		})),
		{ suffix: 'json/deep 5000', payload: utf8.encode(deepJson(5_000)) },
		{ suffix: 'json/deep 20000', payload: utf8.encode(deepJson(20_000)) },
		{ suffix: 'json/deep 400000', payload: utf8.encode(deepJson(400_000)) },
		{ suffix: 'json/wide 20000', payload: utf8.encode(wideJson(20_000)) },
		{ suffix: 'json/time 1e20', payload: utf8.encode('{"time":1e20,"v":1}') },
		...NUMBER_EDGES.map((n, i) => ({ suffix: `json/number ${i}`, payload: utf8.encode(n) })),
		...INVALID_UTF8.map((payload, i) => ({ suffix: `bytes/invalid utf8 ${i}`, payload })),
		// Mosquitto drops a publisher whose topic has more than 200 levels; 150 pass the
		// broker and still go past the topic tree's 100 level nodes.
		{ suffix: manyLevelTopic('levels', 150), payload: new Uint8Array([1]) }
	];
	const random = fc.sample(fc.record({ suffix: oddTopic('odd'), payload: floodBytes }), {
		seed,
		numRuns: Math.max(0, count - named.length)
	});
	return [...named, ...random].slice(0, count);
}
