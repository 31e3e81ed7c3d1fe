import { describe, expect, it } from 'vitest';
import { diffPayloads, MAX_DIFF_DEPTH } from './payload-diff';

const enc = (text: string) => new TextEncoder().encode(text);
const diff = (a: string, b: string) => diffPayloads(enc(a), enc(b));

describe('diffPayloads', () => {
	it('lists changed, added and removed keys of JSON objects by path', () => {
		const result = diff('{"t":21.5,"unit":"C","old":true}', '{"unit":"C","t":22,"new":[1]}');
		expect(result).toEqual({
			type: 'json',
			truncated: false,
			changes: [
				{ kind: 'changed', path: 't', before: '21.5', after: '22' },
				{ kind: 'removed', path: 'old', before: 'true' },
				{ kind: 'added', path: 'new', after: '[1]' }
			]
		});
	});

	it('descends into nested objects and arrays, with formatted paths', () => {
		const result = diff(
			'{"a":{"b":[1,2,3],"c d":{"x":1}},"s":"same"}',
			'{"a":{"b":[1,5],"c d":{"x":1,"y":null}},"s":"same"}'
		);
		expect(result.type === 'json' && result.changes).toEqual([
			{ kind: 'changed', path: 'a.b[1]', before: '2', after: '5' },
			{ kind: 'removed', path: 'a.b[2]', before: '3' },
			{ kind: 'added', path: 'a["c d"].y', after: 'null' }
		]);
	});

	it('reports a value whose type changed as one change, and equal documents as none', () => {
		expect(diff('{"v":{"k":1}}', '{"v":[1]}')).toEqual({
			type: 'json',
			truncated: false,
			changes: [{ kind: 'changed', path: 'v', before: '{"k":1}', after: '[1]' }]
		});
		expect(diff('[1,{"a":2}]', ' [1, {"a": 2}]\n')).toEqual({
			type: 'json',
			truncated: false,
			changes: []
		});
		expect(diff('{"a":1}', '[1]')).toEqual({
			type: 'json',
			truncated: false,
			changes: [{ kind: 'changed', path: '', before: '{"a":1}', after: '[1]' }]
		});
	});

	it('shortens long values and stops listing after many changes', () => {
		const long = 'x'.repeat(500);
		const result = diff(`{"a":"${long}"}`, '{"a":1}');
		expect(result.type === 'json' && result.changes[0].before).toHaveLength(80);
		const many = (v: number) =>
			JSON.stringify(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, v])));
		const big = diff(many(1), many(2));
		expect(big.type === 'json' && big.changes.length).toBe(200);
		expect(big.type === 'json' && big.truncated).toBe(true);
	});

	it('compares anything else as text, up to the first difference', () => {
		expect(diff('on', 'on')).toEqual({
			type: 'text',
			equal: true,
			beforeLength: 2,
			afterLength: 2
		});
		expect(diff('temp=21.5', 'temp=22.0')).toEqual({
			type: 'text',
			equal: false,
			position: 6,
			before: '1.5',
			after: '2.0',
			beforeLength: 9,
			afterLength: 9
		});
		// JSON scalars, and JSON against text, are compared as text.
		expect(diff('21', '22')).toMatchObject({ type: 'text', equal: false, position: 1 });
		expect(diff('{"a":1}', 'not json')).toMatchObject({ type: 'text', position: 0 });
		expect(diff('{"a":1', '{"a":1}')).toMatchObject({ type: 'text', position: 6, after: '}' });
	});

	it('tells binary payloads apart by their bytes', () => {
		const a = new Uint8Array([0xff, 0x00, 0x01]);
		const b = new Uint8Array([0xfe, 0x00, 0x01]);
		expect(diffPayloads(a, a.slice())).toMatchObject({ type: 'text', equal: true });
		expect(diffPayloads(a, b)).toMatchObject({ type: 'text', equal: false });
		expect(diffPayloads(new Uint8Array(0), enc('x'))).toMatchObject({
			type: 'text',
			equal: false,
			position: 0,
			before: '',
			after: 'x'
		});
	});

	it('compares JSON nested far deeper than it walks, without overflowing the stack', () => {
		const deep = (depth: number, leaf: string) => '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);
		const same = diffPayloads(enc(deep(20_000, '1')), enc(deep(20_000, '1')));
		expect(same).toEqual({ type: 'json', changes: [], truncated: false });
		const changed = diffPayloads(enc(deep(20_000, '1')), enc(deep(20_000, '2')));
		expect(changed.type).toBe('json');
		if (changed.type !== 'json') return;
		// One change where the walk stops, with both sides shown short.
		expect(changed.changes).toHaveLength(1);
		expect(changed.changes[0].kind).toBe('changed');
		expect(changed.changes[0].path.split('a').length - 1).toBe(MAX_DIFF_DEPTH);
		expect(changed.changes[0].before?.length).toBeLessThanOrEqual(80);
		expect(changed.changes[0].before?.endsWith('…')).toBe(true);
	});

	it('shows a large value short, as its JSON prefix', () => {
		const big = JSON.stringify({ list: Array.from({ length: 10_000 }, (_, i) => i) });
		const changed = diffPayloads(enc('{"x":1}'), enc(`{"x":${big}}`));
		if (changed.type !== 'json') throw new Error('expected a JSON diff');
		expect(changed.changes[0].after).toBe(`${big.slice(0, 79)}…`);
		const keyed = diffPayloads(enc('{"x":1}'), enc('{"x":{"raw":"a","k":[true,null]}}'));
		if (keyed.type !== 'json') throw new Error('expected a JSON diff');
		expect(keyed.changes[0].after).toBe('{"raw":"a","k":[true,null]}');
	});
});
