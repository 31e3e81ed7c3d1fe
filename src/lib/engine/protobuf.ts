/**
 * Protobuf decoding with a user-supplied .proto. protobufjs compiles decoders with `new Function`,
 * which the page's CSP (script-src 'self', no 'unsafe-eval') forbids; this worker is loaded from
 * its own URL and is not bound by the page's meta CSP, so decoding happens here.
 */
import type * as Pb from 'protobufjs';
import type { DecodeResult, ProtoSchemaSpec, ProtoTypesResult } from '$lib/shared/engine-api';

type Protobuf = typeof Pb;

/** Parsed schemas kept, by source text: parsing is the slow part, decoding is cheap. */
const CACHE_SIZE = 8;

let loading: Promise<Protobuf> | undefined;
const parsed = new Map<string, Pb.Root | { error: string }>();

/** protobufjs, fetched on first use so the engine's first load stays small. */
export function loadProtobuf(): Promise<Protobuf> {
	loading ??= import('protobufjs').then(
		// A CommonJS package: the bundle may hand it over as the default export.
		(mod) => (mod as unknown as { default?: Protobuf }).default ?? mod
	);
	return loading;
}

/** "illegal token 'x' (line 4)" → "line 4: illegal token 'x'", as users read errors by line. */
export function describeParseError(error: unknown): string {
	const text = error instanceof Error ? error.message : String(error);
	const match = /^(.*) \((?:[^()]*, )?line (\d+)\)$/s.exec(text);
	return match ? `line ${match[2]}: ${match[1]}` : text;
}

/** The fully qualified names of every message type under a namespace, e.g. "demo.Reading". */
export function messageTypes(protobuf: Protobuf, root: Pb.NamespaceBase): string[] {
	const names: string[] = [];
	for (const nested of root.nestedArray) {
		if (nested instanceof protobuf.Type) names.push(nested.fullName.replace(/^\./, ''));
		if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) {
			names.push(...messageTypes(protobuf, nested));
		}
	}
	return names;
}

/** Parses (or recalls) a schema; keepCase so fields show as written in the .proto. */
export async function parseSchema(text: string): Promise<Pb.Root | { error: string }> {
	const cached = parsed.get(text);
	if (cached) return cached;
	const protobuf = await loadProtobuf();
	let result: Pb.Root | { error: string };
	try {
		const root = protobuf.parse(text, { keepCase: true }).root;
		// Unknown field types only surface on resolving: report them now, not on the first decode.
		root.resolveAll();
		result = root;
	} catch (error) {
		result = { error: describeParseError(error) };
	}
	if (parsed.size >= CACHE_SIZE) parsed.delete(parsed.keys().next().value as string);
	parsed.set(text, result);
	return result;
}

/** The message types of a .proto, or its parse error. */
export async function protoTypes(text: string): Promise<ProtoTypesResult> {
	const root = await parseSchema(text);
	if ('error' in root) return root;
	return { types: messageTypes(await loadProtobuf(), root) };
}

/** Options that turn a decoded message into plain, cloneable values. */
const TO_OBJECT: Pb.IConversionOptions = {
	// 64-bit integers as exact decimal strings (a number would round above 2^53).
	longs: String,
	enums: String,
	// Bytes stay Uint8Array: the UI shows them as h'…' like CBOR byte strings.
	arrays: true
};

/** Decodes a payload as the schema's message type. */
export async function decodeProtobuf(
	schema: ProtoSchemaSpec,
	payload: Uint8Array
): Promise<DecodeResult> {
	const root = await parseSchema(schema.text);
	if ('error' in root) return { error: `The .proto does not parse: ${root.error}` };
	let type: Pb.Type;
	try {
		type = root.lookupType(schema.messageType);
	} catch {
		return { error: `The .proto has no message type “${schema.messageType}”.` };
	}
	try {
		return { value: type.toObject(type.decode(payload), TO_OBJECT) };
	} catch (error) {
		const text = error instanceof Error ? error.message : String(error);
		return { error: `Not a valid ${schema.messageType} message: ${text}.` };
	}
}
