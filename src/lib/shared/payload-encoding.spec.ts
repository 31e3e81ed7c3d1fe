import { describe, expect, it } from 'vitest';
import { encodePayload, formatJson, jsonError, locateJsonError } from './payload-encoding';

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
