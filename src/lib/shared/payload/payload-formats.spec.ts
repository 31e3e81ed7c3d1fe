import { describe, expect, it } from 'vitest';
import { encode as encodeCbor, Tag } from 'cbor2';
import { encode as encodeMsgpack } from '@msgpack/msgpack';
import {
	decodePayload,
	detectFormat,
	HEX_PREVIEW_BYTES,
	imageMime,
	isEngineFormat,
	isViewFormat,
	Literal,
	MAX_TREE_DEPTH,
	TEXT_PREVIEW_BYTES,
	TOO_DEEP,
	toDisplayValue
} from './payload-formats';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];

describe('detectFormat', () => {
	it.each([
		['{"a":1}', 'json'],
		['[1,2]', 'json'],
		['23.4', 'json'],
		['hello world', 'text'],
		['<script>alert(1)</script>', 'text'],
		['', 'text']
	])('reads %j as %s', (payload, format) => {
		expect(detectFormat(utf8(payload))).toBe(format);
	});

	it('finds images by their magic numbers', () => {
		expect(detectFormat(new Uint8Array(PNG))).toBe('image');
		expect(imageMime(new Uint8Array(PNG))).toBe('image/png');
		expect(imageMime(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
		expect(imageMime(utf8('GIF89a...'))).toBe('image/gif');
		expect(imageMime(utf8('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
		expect(imageMime(utf8('RIFF\0\0\0\0WAVEfmt '))).toBeUndefined();
	});

	it('recognizes CBOR and MessagePack maps and arrays', () => {
		expect(detectFormat(encodeCbor({ temp: 21.5, unit: 'C' }))).toBe('cbor');
		expect(detectFormat(encodeCbor([1, 2, 3]))).toBe('cbor');
		expect(detectFormat(encodeMsgpack({ temp: 21.5, unit: 'C' }))).toBe('msgpack');
		expect(detectFormat(encodeMsgpack([1, 'two', null]))).toBe('msgpack');
	});

	it('prefers hex for binary that does not decode whole, or to a container', () => {
		expect(detectFormat(new Uint8Array([0xff, 0xfe, 0x00, 0x41]))).toBe('hex');
		// A CBOR map followed by a stray byte: decoding does not consume everything.
		expect(detectFormat(new Uint8Array([...encodeCbor({ a: 1 }), 0x00]))).toBe('hex');
		// A bare CBOR number or an empty array is too thin a guess.
		expect(detectFormat(new Uint8Array([0x1b, 0, 0, 0, 0, 0, 0, 1, 0]))).toBe('hex');
		expect(detectFormat(new Uint8Array([0x80, 0x00]))).toBe('hex');
		expect(detectFormat(new Uint8Array([0x00, 0x01, 0x02, 0x03]))).toBe('hex');
	});

	it('judges large payloads by a prefix', () => {
		const big = new Uint8Array(TEXT_PREVIEW_BYTES + 10).fill(0x61);
		expect(detectFormat(big)).toBe('text');
		big[0] = 0x5b;
		expect(detectFormat(big)).toBe('json');
		big[1] = 0x00;
		expect(detectFormat(big)).toBe('hex');
	});
});

describe('decodePayload', () => {
	it('decodes JSON to a tree with its pretty text, number literals kept', () => {
		const result = decodePayload(utf8('{"id":12345678901234567890,"a":[true]}'), 'json');
		expect(result.kind).toBe('tree');
		if (result.kind !== 'tree') return;
		expect(result.value).toEqual({ id: Number('12345678901234567890'), a: [true] });
		expect(result.text).toBe('{\n  "id": 12345678901234567890,\n  "a": [\n    true\n  ]\n}');
	});

	it('says why a payload is not the chosen format', () => {
		expect(decodePayload(utf8('{"a":'), 'json')).toMatchObject({
			kind: 'error',
			error: expect.stringMatching(/^Not valid JSON: /)
		});
		expect(decodePayload(utf8('hello'), 'cbor')).toMatchObject({
			kind: 'error',
			error: expect.stringMatching(/^Not valid CBOR: /)
		});
		expect(decodePayload(utf8('hello'), 'msgpack')).toMatchObject({
			kind: 'error',
			error: expect.stringMatching(/^Not valid MessagePack: /)
		});
		expect(decodePayload(utf8('hello'), 'image')).toEqual({
			kind: 'error',
			error: 'Not a PNG, JPEG, GIF or WebP image.'
		});
	});

	it('shows hex and base64 of the same bytes', () => {
		const bytes = new Uint8Array([0x00, 0x01, 0xff]);
		expect(decodePayload(bytes, 'hex')).toEqual({
			kind: 'text',
			text: '00 01 ff',
			truncated: false
		});
		expect(decodePayload(bytes, 'base64')).toEqual({
			kind: 'text',
			text: 'AAH/',
			truncated: false
		});
	});

	it('writes base64 of a long payload without padding in the middle', () => {
		const bytes = new Uint8Array(100_000).map((_, i) => i % 251);
		const result = decodePayload(bytes, 'base64');
		expect(result.kind === 'text' && result.text).toBe(Buffer.from(bytes).toString('base64'));
	});

	it('shows binary forced to text with visible replacements', () => {
		const result = decodePayload(new Uint8Array([0x41, 0xff, 0x00, 0x42]), 'text');
		expect(result).toMatchObject({ kind: 'text', text: 'A\ufffd\u2400B' });
		expect(result.kind === 'text' && result.note).toMatch(/^Not clean UTF-8/);
	});

	it('previews only the start of a 10 MB payload, and says so', () => {
		const big = new Uint8Array(10 * 1024 * 1024).fill(0x61);
		const text = decodePayload(big, 'text');
		expect(text).toMatchObject({
			kind: 'text',
			truncated: true,
			note: 'Showing the first 1.0 MB of 10.0 MB.'
		});
		expect(text.kind === 'text' && text.text.length).toBe(TEXT_PREVIEW_BYTES);
		const hex = decodePayload(big, 'hex');
		expect(hex.kind === 'text' && hex.text.length).toBe(HEX_PREVIEW_BYTES * 3 - 1);
		expect(decodePayload(big, 'cbor')).toMatchObject({
			kind: 'error',
			error: expect.stringMatching(/^Too large to decode here: 10.0 MB/)
		});
		const json = decodePayload(big, 'json');
		expect(json).toMatchObject({ kind: 'text', truncated: true });
		expect(json.kind === 'text' && json.note).toMatch(/^Too large for a tree/);
	});

	it('turns CBOR values into display values', () => {
		const bytes = encodeCbor(
			new Map<unknown, unknown>([
				['big', 2n ** 70n],
				['raw', new Uint8Array([1, 2, 0xab])],
				[7, 'seven'],
				['tagged', new Tag(42, 'x')],
				['nan', NaN],
				['__proto__', { polluted: true }]
			])
		);
		expect(detectFormat(bytes)).toBe('cbor');
		const result = decodePayload(bytes, 'cbor');
		expect(result.kind).toBe('tree');
		if (result.kind !== 'tree') return;
		const value = result.value as Record<string, unknown>;
		expect(value.big).toEqual(new Literal('1180591620717411303424n'));
		expect(value.raw).toEqual(new Literal("h'0102ab'"));
		expect(value['7']).toBe('seven');
		expect(value.tagged).toEqual({ tag: 42, value: 'x' });
		expect(value.nan).toEqual(new Literal('NaN'));
		expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
		expect(Object.hasOwn(value, '__proto__')).toBe(true);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(result.text).toContain('"big": "1180591620717411303424n"');
	});

	it('turns MessagePack 64-bit integers and binary into display values', () => {
		const bytes = encodeMsgpack(
			{ n: 2n ** 63n - 1n, b: new Uint8Array([0xff]) },
			{ useBigInt64: true }
		);
		const result = decodePayload(bytes, 'msgpack');
		expect(result.kind === 'tree' && result.value).toEqual({
			n: new Literal('9223372036854775807n'),
			b: new Literal("h'ff'")
		});
	});
});

describe('toDisplayValue', () => {
	it('stops at MAX_TREE_DEPTH without overflowing the stack', () => {
		let deep: unknown = 1;
		for (let i = 0; i < 100_000; i++) deep = [deep];
		let shown = toDisplayValue(deep);
		let depth = 0;
		while (Array.isArray(shown)) {
			shown = shown[0];
			depth++;
		}
		expect(shown).toBe(TOO_DEEP);
		expect(depth).toBe(MAX_TREE_DEPTH + 1);
	});

	it('shortens long byte strings', () => {
		const shown = toDisplayValue(new Uint8Array(1000)) as Literal;
		expect(shown.text).toMatch(/^h'0{128}'… \(1000 bytes\)$/);
	});
});

describe('view formats', () => {
	it('accepts the format ids this version knows and nothing else', () => {
		expect(isViewFormat('protobuf')).toBe(true);
		expect(isViewFormat('sparkplug')).toBe(true);
		expect(isViewFormat('cbor')).toBe(true);
		expect(isViewFormat('avro')).toBe(false);
		expect(isViewFormat(undefined)).toBe(false);
	});

	it('leaves protobuf and Sparkplug to the engine', () => {
		expect(isEngineFormat('protobuf')).toBe(true);
		expect(isEngineFormat('sparkplug')).toBe(true);
		expect(isEngineFormat('json')).toBe(false);
	});
});
