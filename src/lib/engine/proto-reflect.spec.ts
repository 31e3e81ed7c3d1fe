import fc from 'fast-check';
import protobuf from 'protobufjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeMessage, MAX_MESSAGE_DEPTH, withPlainConstructors } from './proto-reflect';

const PROTO = `syntax = "proto3";
package t;
enum Kind { NONE = 0; HOT = 1; }
message Inner { uint32 n = 1; string s = 2; }
message All {
  double d = 1; float f = 2; int32 i32 = 3; uint32 u32 = 4; sint32 s32 = 5;
  fixed32 fx32 = 6; sfixed32 sfx32 = 7; int64 i64 = 8; uint64 u64 = 9; sint64 s64 = 10;
  fixed64 fx64 = 11; sfixed64 sfx64 = 12; bool b = 13; string str = 14; bytes raw = 15;
  Kind kind = 16; Inner inner = 17; repeated int32 packed = 18; repeated Inner list = 19;
  map<string, Inner> byName = 20; map<int32, string> byId = 21;
  oneof value { string text = 22; int64 count = 23; }
  repeated Kind kinds = 24; repeated string names = 25;
}
message Node { Node child = 1; }
`;

const SAMPLE = {
	d: 1.5,
	f: -2.25,
	i32: -7,
	u32: 4_000_000_000,
	s32: -300,
	fx32: 123,
	sfx32: -123,
	i64: '-9007199254740993',
	u64: '18446744073709551615',
	s64: '-42',
	fx64: '9007199254740993',
	sfx64: '-1',
	b: true,
	str: 'héllo',
	raw: new Uint8Array([0, 255]),
	kind: 'HOT',
	inner: { n: 7, s: 'x' },
	packed: [1, -2, 300],
	list: [{ n: 1 }, { s: 'two' }],
	byName: { a: { n: 1 } },
	byId: { 5: 'five' },
	count: '12',
	kinds: ['HOT', 'NONE'],
	names: ['a', '']
};

/** The schema parsed and resolved as the engine does (parseSchema). */
function schema() {
	const root = protobuf.parse(PROTO, { keepCase: true }).root;
	withPlainConstructors(protobuf, root);
	root.resolveAll();
	return root;
}

afterEach(() => vi.unstubAllGlobals());

describe('decodeMessage', () => {
	it('decodes every field kind as protobufjs toObject does, without compiling code', () => {
		const reference = schema().lookupType('t.All');
		const bytes = reference.encode(reference.fromObject(SAMPLE)).finish();
		const expected = reference.toObject(reference.decode(bytes), {
			longs: String,
			enums: String,
			arrays: true,
			oneofs: true
		});
		// No Function constructor, as under a strict CSP: parse a fresh schema and decode.
		vi.stubGlobal('Function', () => {
			throw new EvalError('code generation is forbidden here');
		});
		const type = schema().lookupType('t.All');
		const decoded = decodeMessage(protobuf, type, bytes, { oneofs: true });
		expect(decoded).toEqual(expected);
		expect(decoded.u64).toBe('18446744073709551615');
		expect(decoded.value).toBe('count');
	});

	it('refuses messages nested deeper than its budget, with the reason', () => {
		const type = schema().lookupType('t.Node');
		let node: Record<string, unknown> = {};
		for (let i = 0; i < MAX_MESSAGE_DEPTH + 10; i++) node = { child: node };
		const bytes = type.encode(type.fromObject(node)).finish();
		expect(() => decodeMessage(protobuf, type, bytes)).toThrow(/nested deeper than 64/);
	});

	it('throws only Errors on random bytes, and always returns', () => {
		const type = schema().lookupType('t.All');
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
				try {
					decodeMessage(protobuf, type, bytes);
				} catch (error) {
					expect(error).toBeInstanceOf(Error);
				}
			}),
			{ numRuns: 500 }
		);
	});
});
