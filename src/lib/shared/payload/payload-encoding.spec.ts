import { describe, expect, it } from 'vitest';
import {
	bytesToBase64,
	bytesToHex,
	decodeBase64,
	decodeHex,
	encodePayload,
	formatJson,
	jsonError,
	locateJsonError
} from './payload-encoding';

const decode = (result: ReturnType<typeof encodePayload>): string => {
	if (!('bytes' in result)) throw new Error(`expected bytes, got ${result.error}`);
	return new TextDecoder().decode(result.bytes);
};

describe('encodePayload', () => {
	it('encodes text as UTF-8', () => {
		const result = encodePayload('Grüße 🙂', 'text');
		expect('bytes' in result && Array.from(result.bytes.slice(0, 4))).toEqual([
			0x47, 0x72, 0xc3, 0xbc
		]);
		expect(decode(result)).toBe('Grüße 🙂');
	});

	it('sends an empty text payload', () => {
		const result = encodePayload('', 'text');
		expect('bytes' in result && result.bytes.length).toBe(0);
	});

	it('sends valid JSON exactly as typed', () => {
		const typed = '{ "id": 12345678901234567890,\n  "v": 1.0 }';
		expect(decode(encodePayload(typed, 'json'))).toBe(typed);
	});

	it('refuses invalid JSON and says where', () => {
		expect(encodePayload('{\n  "a": 1,\n  "b" x\n}', 'json')).toEqual({
			error: expect.stringMatching(/^Invalid JSON at line 3, column 7: /)
		});
	});

	it('refuses an empty JSON payload with advice', () => {
		expect(encodePayload('  ', 'json')).toEqual({
			error: expect.stringMatching(/empty.*choose text/)
		});
	});
});

describe('jsonError', () => {
	it.each(['{}', '[]', '1', '"s"', 'true', 'null', ' {"a":[1,{"b":null}]} '])(
		'accepts %j',
		(text) => {
			expect(jsonError(text)).toBeUndefined();
		}
	);

	it.each([
		['[1,2', 1, 5],
		['{"a": }', 1, 7],
		['{"a":1}}', 1, 8],
		['{\n  "a": 1,\n}', 3, 1],
		["{'a': 1}", 1, 2],
		['{"a": tru}', 1, 7]
	])('locates the error in %j at line %i, column %i', (text, line, column) => {
		expect(jsonError(text)).toMatch(
			new RegExp(`^Invalid JSON at line ${line}, column ${column}: \\S`)
		);
	});

	it('keeps the engine message but not its echo of the input', () => {
		const message = jsonError('{"a": x}') ?? '';
		expect(message).not.toMatch(/is not valid JSON/);
		expect(message).not.toMatch(/at position/);
		expect(message).toMatch(/^Invalid JSON at line 1, column 7: [A-Z]/);
		expect(jsonError('{"a":1}}')).not.toMatch(/position/);
	});

	it('reports the end of input for an unfinished document', () => {
		expect(jsonError('{"a": [1, 2')).toMatch(/^Invalid JSON at line 1, column 12: /);
	});
});

describe('locateJsonError', () => {
	it.each([
		['{"a":1}', undefined],
		['', 0],
		['-', 0],
		['1.', 2],
		['01', 1],
		['"a\\x"', 3],
		['"a\nb"', 2],
		['"abc', 4],
		['[1 2]', 3],
		['{"a" 1}', 5],
		['{1:2}', 1],
		['[1,]', 3],
		['{"a":"\\u12G4"}', 7]
	])('finds the error in %j at offset %j', (text, offset) => {
		expect(locateJsonError(text)).toBe(offset);
	});

	it('agrees with JSON.parse on validity', () => {
		const samples = [
			'{"a":[1,2,{"b":"c\\n"}],"d":-1.5e+3}',
			'[true,false,null]',
			'1e5',
			'{"a":1,}',
			'[01]'
		];
		for (const text of samples) {
			let valid = true;
			try {
				JSON.parse(text);
			} catch {
				valid = false;
			}
			expect(locateJsonError(text) === undefined).toBe(valid);
		}
	});
});

describe('formatJson', () => {
	it('pretty-prints with two spaces, keeping literals', () => {
		expect(formatJson('{"a":1.0,"b":[1,2],"c":{}}')).toEqual({
			text: '{\n  "a": 1.0,\n  "b": [\n    1,\n    2\n  ],\n  "c": {}\n}'
		});
	});

	it('returns the error for invalid JSON', () => {
		expect(formatJson('{"a":')).toEqual({
			error: expect.stringMatching(/^Invalid JSON at line 1, column 6/)
		});
	});
});

const bytesOf = (result: ReturnType<typeof encodePayload>): number[] => {
	if (!('bytes' in result)) throw new Error(`expected bytes, got ${result.error}`);
	return Array.from(result.bytes);
};

describe('hex payloads', () => {
	it.each([
		['deadBEEF', [0xde, 0xad, 0xbe, 0xef]],
		['de ad\nbe\tef', [0xde, 0xad, 0xbe, 0xef]],
		['0x00ff', [0x00, 0xff]],
		['  0X 0a 0b ', [0x0a, 0x0b]],
		['', []],
		['d e a d', [0xde, 0xad]]
	])('reads %j', (text, bytes) => {
		expect(bytesOf(encodePayload(text, 'hex'))).toEqual(bytes);
	});

	it('asks for an even number of digits', () => {
		expect(decodeHex('abc')).toEqual({
			error: 'Hex must have an even number of digits (two per byte); there are 3.'
		});
	});

	it('names the first pair that is not hex and where it starts', () => {
		expect(decodeHex('00 1zz2')).toEqual({
			error: "'1z' at position 4 is not hex (use 0–9 and a–f)."
		});
		expect(decodeHex('0011 zz')).toEqual({
			error: "'zz' at position 6 is not hex (use 0–9 and a–f)."
		});
		expect(decodeHex('001')).toMatchObject({ error: expect.stringMatching(/even/) });
		expect(decodeHex('00g')).toEqual({
			error: "'g' at position 3 is not hex (use 0–9 and a–f)."
		});
	});

	it('writes bytes back as hex pairs', () => {
		expect(bytesToHex(new Uint8Array([0, 15, 255]))).toBe('00 0f ff');
	});
});

describe('base64 payloads', () => {
	const all = Uint8Array.from({ length: 256 }, (_, i) => i);

	it.each([
		['', []],
		['Zg==', [0x66]],
		['Zg', [0x66]],
		['Zm8=', [0x66, 0x6f]],
		['Zm9v', [0x66, 0x6f, 0x6f]],
		['Zm9v\nYmFy', [0x66, 0x6f, 0x6f, 0x62, 0x61, 0x72]],
		['+/8=', [0xfb, 0xff]],
		['-_8', [0xfb, 0xff]]
	])('reads %j', (text, bytes) => {
		expect(bytesOf(encodePayload(text, 'base64'))).toEqual(bytes);
	});

	it('round-trips every byte value, standard and URL-safe', () => {
		const standard = bytesToBase64(all);
		expect(standard).toBe(Buffer.from(all).toString('base64'));
		expect(bytesOf(decodeBase64(standard))).toEqual(Array.from(all));
		const urlSafe = Buffer.from(all).toString('base64url');
		expect(bytesOf(decodeBase64(urlSafe))).toEqual(Array.from(all));
	});

	it('names a character outside the alphabet and where it is', () => {
		expect(decodeBase64('Zm9v!A==')).toEqual({
			error: expect.stringMatching(/^'!' at position 5 is not base64/)
		});
		expect(decodeBase64('Zg==Zg==')).toEqual({
			error: expect.stringMatching(/^'Z' after the '=' padding at position 5/)
		});
	});

	it('refuses a length that cannot make whole bytes', () => {
		expect(decodeBase64('Zm9vY')).toEqual({
			error: expect.stringMatching(/^Base64 length is wrong: 5 characters/)
		});
		expect(decodeBase64('Zm9v=')).toMatchObject({ error: expect.stringMatching(/length/) });
	});
});
