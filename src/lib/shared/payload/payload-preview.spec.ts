import { describe, expect, it } from 'vitest';
import {
	formatSize,
	MAX_INDENT_DEPTH,
	oneLinePreview,
	previewPayload,
	reindentJson
} from './payload-preview';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('previewPayload', () => {
	it('reports an empty payload', () => {
		expect(previewPayload(new Uint8Array())).toEqual({ kind: 'empty', text: '', truncated: false });
	});

	it('pretty-prints a JSON object with two spaces', () => {
		const preview = previewPayload(utf8('{"a":1,"b":[true,"x"],"c":{},"d":[]}'));
		expect(preview.kind).toBe('json');
		expect(preview.text).toBe(
			'{\n  "a": 1,\n  "b": [\n    true,\n    "x"\n  ],\n  "c": {},\n  "d": []\n}'
		);
		expect(preview.truncated).toBe(false);
	});

	it('matches JSON.stringify for ordinary documents', () => {
		const value = { temp: 23.4, tags: ['a', 'b'], nested: { deep: [1, { x: 'y' }] }, s: 'a,b:{c}' };
		expect(previewPayload(utf8(JSON.stringify(value))).text).toBe(JSON.stringify(value, null, 2));
	});

	it('keeps number literals and string escapes as sent', () => {
		const text = previewPayload(utf8('{"id":12345678901234567890,"v":1.0,"s":"a\\"b\\n"}')).text;
		expect(text).toContain('12345678901234567890');
		expect(text).toContain('1.0');
		expect(text).toContain('"a\\"b\\n"');
	});

	it.each([
		['23.4', '23.4'],
		['-1e3', '-1e3'],
		['"hello"', '"hello"'],
		['true', 'true'],
		['  [1, 2]\n', '[\n  1,\n  2\n]']
	])('treats %j as JSON', (payload, text) => {
		expect(previewPayload(utf8(payload))).toEqual({ kind: 'json', text, truncated: false });
	});

	it.each(['null', 'hello world', '{"a":', '{a:1}', 'on', '12 apples'])(
		'shows %j as text',
		(payload) => {
			expect(previewPayload(utf8(payload))).toEqual({
				kind: 'text',
				text: payload,
				truncated: false
			});
		}
	);

	it('keeps tabs and line breaks in text', () => {
		expect(previewPayload(utf8('a\tb\r\nc')).kind).toBe('text');
	});

	it('shows UTF-8 text with non-ASCII characters', () => {
		expect(previewPayload(utf8('Größe 🙂')).text).toBe('Größe 🙂');
	});

	it('shows invalid UTF-8 as a hex dump', () => {
		const preview = previewPayload(new Uint8Array([0x00, 0x01, 0xff]));
		expect(preview).toEqual({ kind: 'binary', text: '00 01 ff', truncated: false });
		expect(previewPayload(new Uint8Array([0xc3, 0x28])).kind).toBe('binary');
	});

	it('shows valid UTF-8 with control characters as a hex dump', () => {
		expect(previewPayload(utf8('ab\u0000')).text).toBe('61 62 00');
		expect(previewPayload(utf8('\u001b[31mred')).kind).toBe('binary');
		expect(previewPayload(utf8('a\u0085b')).kind).toBe('binary');
	});

	it('truncates text at maxChars', () => {
		const preview = previewPayload(utf8('x'.repeat(50)), 10);
		expect(preview).toEqual({ kind: 'text', text: 'x'.repeat(10), truncated: true });
	});

	it('truncates pretty JSON at maxChars', () => {
		const preview = previewPayload(utf8(JSON.stringify({ a: 'y'.repeat(100) })), 20);
		expect(preview.kind).toBe('json');
		expect(preview.text).toHaveLength(20);
		expect(preview.truncated).toBe(true);
	});

	it('does not split a surrogate pair when truncating', () => {
		const preview = previewPayload(utf8('ab🙂cd'), 3);
		expect(preview.text).toBe('ab');
		expect(preview.truncated).toBe(true);
	});

	it('truncates a hex dump and hex-encodes only what it shows', () => {
		const bytes = new Uint8Array(10_000_000).fill(0xff);
		const preview = previewPayload(bytes, 10);
		expect(preview).toEqual({ kind: 'binary', text: 'ff ff ff', truncated: true });
		const exact = previewPayload(new Uint8Array([0x80, 0x81, 0x82]), 8);
		expect(exact).toEqual({ kind: 'binary', text: '80 81 82', truncated: false });
	});
});

describe('oneLinePreview', () => {
	it('previews a kept prefix as a prefix when told the full size', () => {
		const json = utf8(`{"reading": {"value": 21.5, "unit": "C"}, "pad": "${'y'.repeat(400)}"}`);
		const prefix = json.slice(0, 40);
		expect(oneLinePreview(prefix, 120, json.length)).toBe('{"reading":{"value":21.5,"unit":"C"}…');
		// A multi-byte character cut in two at the end is held back, not shown as binary.
		const text = utf8('température'.repeat(3));
		expect(oneLinePreview(text.slice(0, 5), 120, text.length)).toBe('temp…');
		expect(oneLinePreview(text.slice(0, 6), 120, text.length)).toBe('tempé…');
		expect(oneLinePreview(new Uint8Array([0, 1, 2]), 120, 9)).toBe('00 01 02…');
	});

	it('compacts JSON onto one line', () => {
		expect(oneLinePreview(utf8('{\n  "a": 1,\n  "b": [1, 2]\n}'))).toBe('{"a":1,"b":[1,2]}');
	});

	it('shows line breaks as ⏎ and tabs as spaces', () => {
		expect(oneLinePreview(utf8('line 1\nline 2\r\nline 3\rx\ty'))).toBe('line 1⏎line 2⏎line 3⏎x y');
	});

	it('ends a cut preview with an ellipsis', () => {
		expect(oneLinePreview(utf8('abcdefghij'), 4)).toBe('abcd…');
		expect(oneLinePreview(utf8('abcd'), 4)).toBe('abcd');
	});

	it('shows binary as hex', () => {
		expect(oneLinePreview(new Uint8Array([0xff, 0xfe]))).toBe('ff fe');
		expect(oneLinePreview(new Uint8Array([1, 2, 3, 4]), 5)).toBe('01 02…');
		expect(oneLinePreview(new Uint8Array([1, 2]), 5)).toBe('01 02');
	});

	it('returns an empty string for an empty payload', () => {
		expect(oneLinePreview(new Uint8Array())).toBe('');
	});

	it('previews a large JSON payload from its start', () => {
		const big = JSON.stringify(
			{ items: Array.from({ length: 20000 }, (_, i) => ({ i })) },
			null,
			2
		);
		const line = oneLinePreview(utf8(big), 30);
		expect(line).toBe('{"items":[{"i":0},{"i":1},{"i"…');
	});

	it('previews a large text payload cut inside a multi-byte character', () => {
		const line = oneLinePreview(utf8('é'.repeat(100_000)), 10);
		expect(line).toBe(`${'é'.repeat(10)}…`);
	});
});

describe('reindentJson', () => {
	it('ignores whitespace inside strings and keeps it', () => {
		expect(reindentJson('{ "a b" : "c , d" }', '')).toBe('{"a b":"c , d"}');
	});

	it('handles a truncated document', () => {
		expect(reindentJson('{"a": [1, 2', '')).toBe('{"a":[1,2');
		expect(reindentJson('{"a": "unterminated', '')).toBe('{"a":"unterminated');
	});

	it('writes levels deeper than MAX_INDENT_DEPTH compact, so output stays linear in input', () => {
		const depth = 5_000;
		const text = '['.repeat(depth) + '1' + ']'.repeat(depth);
		const out = reindentJson(text, '  ');
		// Indented levels cost at most one line of 2 × MAX_INDENT_DEPTH spaces each.
		expect(out.length).toBeLessThan(
			text.length + 2 * MAX_INDENT_DEPTH * (2 * MAX_INDENT_DEPTH + 1)
		);
		expect(out.replace(/\s/g, '')).toBe(text);
		expect(out).toContain('['.repeat(depth - MAX_INDENT_DEPTH));
	});

	it('indents every level up to the limit', () => {
		const text = '['.repeat(MAX_INDENT_DEPTH) + '1' + ']'.repeat(MAX_INDENT_DEPTH);
		const lines = reindentJson(text, ' ').split('\n');
		expect(lines).toHaveLength(2 * MAX_INDENT_DEPTH + 1);
		expect(lines[MAX_INDENT_DEPTH]).toBe(' '.repeat(MAX_INDENT_DEPTH) + '1');
	});
});

describe('formatSize', () => {
	it.each([
		[0, '0 B'],
		[512, '512 B'],
		[1023, '1023 B'],
		[1024, '1.0 kB'],
		[1536, '1.5 kB'],
		[1024 * 1024 - 1, '1.0 MB'],
		[2 * 1024 * 1024, '2.0 MB'],
		[5.25 * 1024 ** 3, '5.3 GB'],
		[3 * 1024 ** 4, '3.0 TB']
	])('formats %d as %j', (bytes, text) => {
		expect(formatSize(bytes)).toBe(text);
	});
});
