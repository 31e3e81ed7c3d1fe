/**
 * Protobuf decoding with a user-supplied .proto. protobufjs parses the schema; the payload is
 * decoded by reflection (proto-reflect.ts), because protobufjs's own decoders are compiled with
 * `new Function`, which a strict CSP (no 'unsafe-eval') forbids.
 */
import type * as Pb from 'protobufjs';
import type {
	DecodeResult,
	ProtoSchemaSpec,
	ProtoTypesResult
} from '$lib/shared/payload/decode-result';
import { decodeMessage, withPlainConstructors } from './proto-reflect';

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
		withPlainConstructors(protobuf, root);
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
		return { value: decodeMessage(await loadProtobuf(), type, payload) };
	} catch (error) {
		const text = error instanceof Error ? error.message : String(error);
		return { error: `Not a valid ${schema.messageType} message: ${text}.` };
	}
}
