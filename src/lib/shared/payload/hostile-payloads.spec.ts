/**
 * Property tests over every pure payload decoder: for hostile input none throws, and the work
 * stays linear, asserted through output sizes (a quadratic re-indenter or an unbounded tree shows
 * up as output far beyond a fixed multiple of the input), never through wall time.
 */
import { decode as decodeCbor } from 'cbor2';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	CBOR_BOMBS,
	deepJson,
	hostileBytes,
	hostileJsonText,
	MSGPACK_BOMBS,
	wideJson
} from '../../../../tests/support/hostile-payloads';
import { cborBudgetProblem } from './cbor-budget';
import { exceedsDepth } from './json-depth';
import { discoverNumericFields, parsePayload, timeOf } from './numeric-fields';
import { diffPayloads } from './payload-diff';
import {
	decodePayload,
	detectFormat,
	MAX_TREE_DEPTH,
	PAYLOAD_FORMATS,
	TEXT_PREVIEW_BYTES,
	toDisplayValue
} from './payload-formats';
import { MAX_INDENT_DEPTH, oneLinePreview, previewPayload, reindentJson } from './payload-preview';

const utf8 = new TextEncoder();
const RUNS = { numRuns: 150 };

/**
 * Most characters one input character may become when re-indented: a newline and the indent of
 * MAX_INDENT_DEPTH levels of two spaces after "{", "[" or ",".
 */
const REINDENT_FACTOR = 2 + 2 * MAX_INDENT_DEPTH;

/** Most characters of tree text per payload byte: a one-byte item indented 101 levels, in a map. */
const TREE_TEXT_FACTOR = 400;

/** Levels of nested arrays and objects in a value, as JSON text writes brackets. */
function nestingOf(value: unknown): number {
	let max = 0;
	const pending: [unknown, number][] = [[value, 0]];
	while (pending.length) {
		const [node, outer] = pending.pop() as [unknown, number];
		if (node === null || typeof node !== 'object') continue;
		max = Math.max(max, outer + 1);
		for (const child of Object.values(node)) pending.push([child, outer + 1]);
	}
	return max;
}

/** Depth of a display value (iterative: a failure here must not be a stack overflow). */
function depthOf(value: unknown): number {
	let max = 0;
	const pending: [unknown, number][] = [[value, 0]];
	while (pending.length) {
		const [node, depth] = pending.pop() as [unknown, number];
		max = Math.max(max, depth);
		if (node !== null && typeof node === 'object') {
			for (const child of Object.values(node)) pending.push([child, depth + 1]);
		}
	}
	return max;
}

describe('payload decoders on hostile input', () => {
	it('previews never throw and stay within the characters asked for', () => {
		fc.assert(
			fc.property(hostileBytes, fc.integer({ min: 1, max: 3000 }), (bytes, max) => {
				const preview = previewPayload(bytes, max);
				expect(preview.text.length).toBeLessThanOrEqual(max);
				expect(oneLinePreview(bytes, max).length).toBeLessThanOrEqual(max + 1);
			}),
			RUNS
		);
	});

	it('re-indents any text in output linear in its length', () => {
		fc.assert(
			fc.property(hostileJsonText, (text) => {
				expect(reindentJson(text, '  ').length).toBeLessThanOrEqual(REINDENT_FACTOR * text.length);
				expect(reindentJson(text, '').length).toBeLessThanOrEqual(text.length);
			}),
			RUNS
		);
	});

	it('stops re-indenting soon after the characters asked for (a row needs one line)', () => {
		fc.assert(
			fc.property(hostileJsonText, fc.integer({ min: 1, max: 500 }), (text, max) => {
				const out = reindentJson(text, '  ', max);
				// One piece past the budget at most: a string literal, or punctuation and its indent.
				expect(out.length).toBeLessThanOrEqual(max + Math.max(REINDENT_FACTOR, text.length));
				expect(reindentJson(text, '  ').startsWith(out)).toBe(true);
			}),
			RUNS
		);
		expect(reindentJson(wideJson(10_000), '', 300).length).toBeLessThan(320);
	});

	it('re-indents 5,000 and 400,000 levels linearly (the issue: 7.7 s and a RangeError)', () => {
		for (const depth of [5_000, 400_000]) {
			const text = deepJson(depth);
			expect(reindentJson(text, '  ').length).toBeLessThanOrEqual(REINDENT_FACTOR * text.length);
		}
	});

	it('detects a format for anything, and decodes it as any format without throwing', () => {
		fc.assert(
			fc.property(hostileBytes, (bytes) => {
				expect(PAYLOAD_FORMATS).toContain(detectFormat(bytes));
				for (const format of PAYLOAD_FORMATS) {
					const decoded = decodePayload(bytes, format);
					if (decoded.kind === 'text') {
						// Hex is three characters a byte, base64 four for three.
						expect(decoded.text.length).toBeLessThanOrEqual(3 * TEXT_PREVIEW_BYTES);
					} else if (decoded.kind === 'tree') {
						expect(decoded.text.length).toBeLessThanOrEqual(TREE_TEXT_FACTOR * bytes.length + 100);
						// A JSON tree holds the parsed document (its view stops at MAX_TREE_DEPTH);
						// CBOR and MessagePack values are cut while converted.
						if (format !== 'json') {
							expect(depthOf(decoded.value)).toBeLessThanOrEqual(MAX_TREE_DEPTH + 2);
						}
					} else if (decoded.kind === 'error') {
						expect(decoded.error.length).toBeGreaterThan(0);
					}
				}
			}),
			RUNS
		);
	}, 60_000);

	it('refuses every CBOR bomb before cbor2 sees it, in words', () => {
		for (const [name, bytes] of Object.entries(CBOR_BOMBS)) {
			const decoded = decodePayload(bytes, 'cbor');
			// The date and regexp tags are small: cbor2 decodes or refuses them itself.
			if (name.startsWith('tag 1') || name.startsWith('regexp')) continue;
			expect(decoded, name).toMatchObject({ kind: 'error' });
			expect(detectFormat(bytes), name).toBe('hex');
		}
	});

	it('shows every MessagePack bomb as a bounded tree or an error', () => {
		for (const [name, bytes] of Object.entries(MSGPACK_BOMBS)) {
			const decoded = decodePayload(bytes, 'msgpack');
			if (name.includes('nested') || name.includes('2^32')) {
				expect(decoded, name).toMatchObject({ kind: 'error' });
			}
			if (decoded.kind === 'tree') {
				expect(depthOf(decoded.value), name).toBeLessThanOrEqual(MAX_TREE_DEPTH + 2);
				expect(decoded.text.length, name).toBeLessThanOrEqual(TREE_TEXT_FACTOR * bytes.length);
			} else {
				expect(decoded.kind, name).toBe('error');
			}
		}
	});

	it('passes CBOR the header scan accepts on to a bounded tree', () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
				if (cborBudgetProblem(bytes, MAX_TREE_DEPTH) !== undefined) return;
				let decoded: unknown;
				try {
					decoded = decodeCbor(bytes);
				} catch {
					return; // cbor2's own refusal is caught by decodePayload
				}
				const text = JSON.stringify(toDisplayValue(decoded), null, 2) ?? '';
				expect(text.length).toBeLessThanOrEqual(TREE_TEXT_FACTOR * bytes.length + 100);
			}),
			{ numRuns: 500 }
		);
	});

	it('notes JSON deeper than the tree budget, its text compact below it', () => {
		const decoded = decodePayload(utf8.encode(deepJson(5_000)), 'json');
		expect(decoded).toMatchObject({ kind: 'tree', note: expect.stringMatching(/deeper than 100/) });
		expect(decodePayload(utf8.encode(deepJson(100)), 'json')).not.toHaveProperty('note');
		expect(detectFormat(utf8.encode(deepJson(400_000)))).toBe('json');
	});

	it('measures depth as the parsed value has it', () => {
		fc.assert(
			fc.property(fc.jsonValue({ depthSize: 'large' }), fc.nat(8), (value, max) => {
				const text = JSON.stringify(value);
				expect(exceedsDepth(text, max)).toBe(nestingOf(value) > max);
			}),
			RUNS
		);
	});

	it('diffs any two payloads into at most 200 short changes or a short excerpt', () => {
		fc.assert(
			fc.property(hostileBytes, hostileBytes, (a, b) => {
				const diff = diffPayloads(a, b);
				if (diff.type === 'json') {
					expect(diff.changes.length).toBeLessThanOrEqual(200);
					for (const change of diff.changes) {
						expect((change.before ?? '').length).toBeLessThanOrEqual(80);
						expect((change.after ?? '').length).toBeLessThanOrEqual(80);
					}
				} else {
					expect((diff.before ?? '').length).toBeLessThanOrEqual(41);
					expect((diff.after ?? '').length).toBeLessThanOrEqual(41);
				}
			}),
			RUNS
		);
	});

	it('diffs two documents 20,000 levels deep without overflowing the stack', () => {
		const a = utf8.encode(deepJson(20_000));
		const b = utf8.encode(deepJson(20_000).replace('1', '2'));
		const diff = diffPayloads(a, b);
		expect(diff).toMatchObject({ type: 'json', changes: [{ kind: 'changed' }] });
	});

	it('finds at most 256 numeric fields and a time in range, for anything', () => {
		fc.assert(
			fc.property(hostileBytes, (bytes) => {
				const parsed = parsePayload(bytes);
				expect(discoverNumericFields(parsed).length).toBeLessThanOrEqual(256);
				const time = timeOf(parsed);
				if (time !== undefined) {
					expect(time).toBeGreaterThanOrEqual(Date.UTC(2000, 0, 1));
					expect(time).toBeLessThan(Date.UTC(2100, 0, 1));
				}
			}),
			RUNS
		);
	});
});
