/**
 * Protobuf decoding by reflection: walks the wire format field by field with protobufjs's Reader
 * and the parsed schema's types. protobufjs's own `Type#decode` and `toObject` compile code with
 * `new Function`, which a strict Content-Security-Policy (no 'unsafe-eval') forbids; this path
 * never touches them. The output matches `toObject` with `longs: String, enums: String,
 * arrays: true` (and `oneofs: true` when asked): 64-bit integers as exact decimal strings, enum
 * names, bytes as Uint8Array, repeated fields always present.
 */
import type * as Pb from 'protobufjs';

type Protobuf = typeof Pb;

/** Nested messages decoded at most this deep; a deeper payload is refused with the reason. */
export const MAX_MESSAGE_DEPTH = 64;

/** Wire types (protobuf encoding spec). */
const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

/** The wire type each scalar is written with; anything else is a message (2) or an enum (0). */
const SCALAR_WIRE: Record<string, number> = {
	double: FIXED64,
	float: FIXED32,
	int32: VARINT,
	uint32: VARINT,
	sint32: VARINT,
	fixed32: FIXED32,
	sfixed32: FIXED32,
	int64: VARINT,
	uint64: VARINT,
	sint64: VARINT,
	fixed64: FIXED64,
	sfixed64: FIXED64,
	bool: VARINT,
	string: LENGTH_DELIMITED,
	bytes: LENGTH_DELIMITED
};

/** How the decoded object is shaped. */
export interface ReflectOptions {
	/** Also set each oneof's name to the name of its member that is present. */
	oneofs?: boolean;
}

/** A constructor that does nothing, for protobufjs to set up as a message class. */
function plainConstructor(): Pb.Constructor<object> {
	return function PlainMessage() {} as unknown as Pb.Constructor<object>;
}

/**
 * Gives every message type under `namespace` a plain constructor. protobufjs otherwise compiles
 * one (with `new Function`) the first time a type is resolved; call this after parsing and
 * before `resolveAll`, so parsing a schema needs no code generation either.
 */
export function withPlainConstructors(protobuf: Protobuf, namespace: Pb.NamespaceBase): void {
	for (const nested of namespace.nestedArray) {
		// A function, not a class: protobufjs replaces its prototype, which a class does not allow.
		if (nested instanceof protobuf.Type) nested.ctor = plainConstructor();
		if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) {
			withPlainConstructors(protobuf, nested);
		}
	}
}

/** Decodes `bytes` as a message of `type`; throws an Error saying what is wrong with them. */
export function decodeMessage(
	protobuf: Protobuf,
	type: Pb.Type,
	bytes: Uint8Array,
	options: ReflectOptions = {}
): Record<string, unknown> {
	const reader = protobuf.Reader.create(bytes);
	return readMessage(protobuf, reader, type, reader.len, 0, options);
}

function readMessage(
	protobuf: Protobuf,
	reader: Pb.Reader,
	type: Pb.Type,
	end: number,
	depth: number,
	options: ReflectOptions
): Record<string, unknown> {
	if (depth > MAX_MESSAGE_DEPTH) {
		throw new Error(`messages are nested deeper than ${MAX_MESSAGE_DEPTH} levels`);
	}
	const out: Record<string, unknown> = {};
	for (const field of type.fieldsArray) if (field.repeated && !field.map) out[field.name] = [];
	while (reader.pos < end) {
		const tag = reader.uint32();
		const wire = tag & 7;
		const field = type.fieldsById[tag >>> 3] as Pb.Field | undefined;
		if (!field) {
			reader.skipType(wire);
			continue;
		}
		const read = () => readValue(protobuf, reader, field.type, field.resolvedType, depth, options);
		if (field instanceof protobuf.MapField) {
			if (wire !== LENGTH_DELIMITED)
				throw new Error(`map field ${field.name} has wire type ${wire}`);
			const map = (out[field.name] ??= {}) as Record<string, unknown>;
			const [key, value] = readMapEntry(protobuf, reader, field, depth, options);
			map[key] = value;
		} else if (field.repeated) {
			const list = out[field.name] as unknown[];
			if (wire === LENGTH_DELIMITED && isPackable(field)) {
				const packedEnd = reader.uint32() + reader.pos;
				while (reader.pos < packedEnd) list.push(read());
			} else if (wire === expectedWire(field)) list.push(read());
			else reader.skipType(wire);
		} else if (wire === expectedWire(field)) {
			out[field.name] = read();
			if (options.oneofs && field.partOf) out[field.partOf.name] = field.name;
		} else {
			// A field sent with another wire type than the schema says: skip it, as decoders do.
			reader.skipType(wire);
		}
	}
	if (reader.pos !== end) throw new Error('a field runs past the end of its message');
	return out;
}

/** The wire type a (non-packed) field is written with. */
function expectedWire(field: Pb.Field): number {
	return SCALAR_WIRE[field.type] ?? (isEnum(field.resolvedType) ? VARINT : LENGTH_DELIMITED);
}

/** Repeated numbers, bools and enums may come packed into one length-delimited field. */
function isPackable(field: Pb.Field): boolean {
	return expectedWire(field) !== LENGTH_DELIMITED;
}

function isEnum(type: Pb.Type | Pb.Enum | null): type is Pb.Enum {
	return type !== null && 'valuesById' in type;
}

/** One map entry: a length-delimited message with the key as field 1 and the value as field 2. */
function readMapEntry(
	protobuf: Protobuf,
	reader: Pb.Reader,
	field: Pb.MapField,
	depth: number,
	options: ReflectOptions
): [string, unknown] {
	const end = reader.uint32() + reader.pos;
	let key: unknown = '';
	let value: unknown = undefined;
	while (reader.pos < end) {
		const tag = reader.uint32();
		if (tag >>> 3 === 1) key = readValue(protobuf, reader, field.keyType, null, depth, options);
		else if (tag >>> 3 === 2) {
			value = readValue(protobuf, reader, field.type, field.resolvedType, depth, options);
		} else reader.skipType(tag & 7);
	}
	return [String(key), value];
}

/** A 64-bit integer as exact decimal text (Long when long.js is loaded, else a number). */
function longText(value: unknown): string {
	return typeof value === 'object' && value !== null ? value.toString() : String(value);
}

function readValue(
	protobuf: Protobuf,
	reader: Pb.Reader,
	typeName: string,
	resolved: Pb.Type | Pb.Enum | null,
	depth: number,
	options: ReflectOptions
): unknown {
	switch (typeName) {
		case 'double':
			return reader.double();
		case 'float':
			return reader.float();
		case 'int32':
			return reader.int32();
		case 'uint32':
			return reader.uint32();
		case 'sint32':
			return reader.sint32();
		case 'fixed32':
			return reader.fixed32();
		case 'sfixed32':
			return reader.sfixed32();
		case 'int64':
			return longText(reader.int64());
		case 'uint64':
			return longText(reader.uint64());
		case 'sint64':
			return longText(reader.sint64());
		case 'fixed64':
			return longText(reader.fixed64());
		case 'sfixed64':
			return longText(reader.sfixed64());
		case 'bool':
			return reader.bool();
		case 'string':
			return reader.string();
		case 'bytes':
			return reader.bytes();
	}
	if (isEnum(resolved)) {
		const number = reader.int32();
		return resolved.valuesById[number] ?? number;
	}
	if (resolved === null) throw new Error(`the schema's type ${typeName} is not resolved`);
	const end = reader.uint32() + reader.pos;
	if (end > reader.len) throw new Error('a field runs past the end of its message');
	return readMessage(protobuf, reader, resolved, end, depth + 1, options);
}
