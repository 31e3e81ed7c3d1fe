import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { decodeProtobuf, describeParseError, protoTypes } from './protobuf';

const PROTO = `syntax = "proto3";
package demo;
message Reading {
  string sensor = 1;
  int64 big = 2;
  Kind kind = 3;
  bytes raw = 4;
  message Inner { uint32 n = 1; }
  Inner inner = 5;
}
enum Kind { UNKNOWN = 0; HOT = 1; }
`;

function encode(object: Record<string, unknown>): Uint8Array {
	const type = protobuf.parse(PROTO).root.lookupType('demo.Reading');
	return type.encode(type.fromObject(object)).finish();
}

describe('protobuf decoding', () => {
	it('lists every message type, nested ones included', async () => {
		expect(await protoTypes(PROTO)).toEqual({ types: ['demo.Reading', 'demo.Reading.Inner'] });
	});

	it('explains parse errors by line', async () => {
		const result = await protoTypes('syntax = "proto3";\nmessage A {\n  string a = 1;\n  = 2;\n}');
		expect(result).toEqual({ error: expect.stringMatching(/^line 4: illegal token '='/) });
	});

	it('reports field types the schema does not define', async () => {
		const result = await protoTypes('syntax = "proto3";\nmessage A { Missing m = 1; }');
		expect(result).toEqual({ error: expect.stringMatching(/Missing/) });
	});

	it('rewrites protobufjs messages that end with a line number', () => {
		expect(describeParseError(new Error("illegal name 'x' (a.proto, line 7)"))).toBe(
			"line 7: illegal name 'x'"
		);
		expect(describeParseError(new Error('something else'))).toBe('something else');
	});

	it('decodes with field names as written, exact 64-bit integers and enum names', async () => {
		const payload = encode({
			sensor: 'kitchen',
			big: '-9007199254740993',
			kind: 'HOT',
			raw: [1, 2],
			inner: { n: 7 }
		});
		const result = await decodeProtobuf({ text: PROTO, messageType: 'demo.Reading' }, payload);
		if (!('value' in result)) throw new Error(result.error);
		const { raw, ...rest } = result.value as { raw: Uint8Array };
		expect(rest).toEqual({
			sensor: 'kitchen',
			big: '-9007199254740993',
			kind: 'HOT',
			inner: { n: 7 }
		});
		// Bytes stay bytes (a Buffer under Node, a Uint8Array in the browser).
		expect(raw).toBeInstanceOf(Uint8Array);
		expect([...raw]).toEqual([1, 2]);
	});

	it('says when the type is missing or the bytes are not that message', async () => {
		const missing = await decodeProtobuf(
			{ text: PROTO, messageType: 'demo.Nope' },
			new Uint8Array()
		);
		expect(missing).toEqual({ error: 'The .proto has no message type “demo.Nope”.' });
		const broken = await decodeProtobuf(
			{ text: PROTO, messageType: 'demo.Reading' },
			new Uint8Array([0x0a, 0x10, 0x41])
		);
		expect(broken).toEqual({ error: expect.stringMatching(/^Not a valid demo.Reading message: /) });
	});
});
