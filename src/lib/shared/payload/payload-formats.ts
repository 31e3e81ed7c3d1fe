/**
 * Payload formats for the message details: which format a payload most likely is, and its
 * decoded form as a tree of display values, plain text, or an image type. Every result is
 * meant for text nodes (or a Blob URL for images); nothing here is ever HTML.
 */
import { decode as decodeCbor, Simple, Tag } from 'cbor2';
import { decode as decodeMsgpack, ExtData } from '@msgpack/msgpack';
import {
	decodePrefix,
	decodeText,
	formatSize,
	hexDump,
	isJsonValue,
	reindentJson
} from './payload-preview';
import { cborBudgetProblem } from './cbor-budget';
import { exceedsDepth } from './json-depth';
import { msgpackBudgetProblem } from './msgpack-budget';

/** The ways a payload can be shown. */
export type PayloadFormat = 'text' | 'json' | 'hex' | 'base64' | 'cbor' | 'msgpack' | 'image';

/** Every format, in the order a format picker lists them. */
export const PAYLOAD_FORMATS: readonly PayloadFormat[] = [
	'text',
	'json',
	'hex',
	'base64',
	'cbor',
	'msgpack',
	'image'
];

/** Formats decoded in the engine worker (protobufjs needs code generation the page's CSP forbids). */
export type EngineFormat = 'protobuf' | 'sparkplug';

/** Every way the payload view can show a payload. */
export type ViewFormat = PayloadFormat | EngineFormat;

/** Every view format, in the order the format picker lists them. */
export const VIEW_FORMATS: readonly ViewFormat[] = [...PAYLOAD_FORMATS, 'protobuf', 'sparkplug'];

/** Whether a stored format id (profiles keep them as strings) is one this version knows. */
export function isViewFormat(id: string | undefined): id is ViewFormat {
	return (VIEW_FORMATS as readonly (string | undefined)[]).includes(id);
}

/** Whether a view format is decoded by the engine rather than here. */
export function isEngineFormat(format: ViewFormat): format is EngineFormat {
	return format === 'protobuf' || format === 'sparkplug';
}

/** Plain text to show, maybe only the start of it, with a note saying what is shown. */
export interface TextPayload {
	kind: 'text';
	text: string;
	truncated: boolean;
	note?: string;
}

/** A decoded payload: a tree (with a text rendering), plain text, an image, or why not. */
export type DecodedPayload =
	| { kind: 'tree'; value: unknown; text: string; note?: string }
	| TextPayload
	| { kind: 'image'; mime: string }
	| { kind: 'error'; error: string };

/** Text, base64 and JSON-as-text previews decode at most this much of a payload. */
export const TEXT_PREVIEW_BYTES = 1024 * 1024;

/** A hex dump is three characters per byte, so it stops sooner than text. */
export const HEX_PREVIEW_BYTES = 256 * 1024;

/** Payloads above this are not decoded into trees: parsing them would stall the UI thread. */
export const TREE_DECODE_BYTES = 1024 * 1024;

/** Trees deeper than this show "…" instead of the rest (and cannot overflow the stack). */
export const MAX_TREE_DEPTH = 100;

/** Says how a JSON document deeper than the budget is shown. */
export const TOO_DEEP_NOTE = `Nested deeper than ${MAX_TREE_DEPTH} levels: the tree stops at level ${MAX_TREE_DEPTH} and the text is compact below it.`;

/** Byte strings inside CBOR/MessagePack show at most this many bytes. */
const BYTES_SHOWN = 64;

/**
 * A display value shown as written, without quotes: "123n", "h'0102'", "undefined", "…".
 * `toJSON` makes "copy value" yield the same words.
 */
export class Literal {
	/** The words shown for the value. */
	constructor(readonly text: string) {}

	/** JSON.stringify writes the literal as a string. */
	toJSON(): string {
		return this.text;
	}
}

/** Stands in for everything nested deeper than MAX_TREE_DEPTH. */
export const TOO_DEEP = new Literal('…');

/** The image type of a payload by its magic number (PNG, JPEG, GIF, WebP), else undefined. */
export function imageMime(bytes: Uint8Array): string | undefined {
	const starts = (sig: number[], at = 0): boolean => sig.every((b, i) => bytes[at + i] === b);
	if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
	if (starts([0x47, 0x49, 0x46, 0x38]) && (bytes[4] === 0x37 || bytes[4] === 0x39)) {
		return bytes[5] === 0x61 ? 'image/gif' : undefined;
	}
	// RIFF container with a WEBP form type at offset 8.
	if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
	return undefined;
}

/**
 * The most likely format: an image by magic number; JSON when the payload is UTF-8 JSON; text
 * when it is UTF-8 without control characters; CBOR or MessagePack only when decoding uses every
 * byte and yields a non-empty map or array; else hex (binary guesses stay conservative).
 */
export function detectFormat(bytes: Uint8Array): PayloadFormat {
	if (bytes.length === 0) return 'text';
	if (imageMime(bytes)) return 'image';
	if (bytes.length > TREE_DECODE_BYTES) {
		// Large payloads are judged by a prefix: validating megabytes would stall the UI.
		const prefix = decodePrefix(bytes.subarray(0, 4096));
		if (prefix === undefined) return 'hex';
		return /^\s*[[{]/.test(prefix) ? 'json' : 'text';
	}
	const text = decodeText(bytes);
	if (text !== undefined) return isJsonValue(text) ? 'json' : 'text';
	// The header scan first: random binary rarely passes it, and a CBOR bomb never reaches cbor2.
	if (cborBudgetProblem(bytes, MAX_TREE_DEPTH) === undefined) {
		if (isContainer(tryDecode(() => decodeCbor(bytes)))) return 'cbor';
	}
	if (msgpackBudgetProblem(bytes, MAX_TREE_DEPTH) === undefined) {
		if (isContainer(tryDecode(() => decodeMsgpack(bytes, { useBigInt64: true })))) return 'msgpack';
	}
	return 'hex';
}

/** Decodes a payload as `format`; an error result says why it is not that format. */
export function decodePayload(bytes: Uint8Array, format: PayloadFormat): DecodedPayload {
	switch (format) {
		case 'text':
			return asText(bytes);
		case 'hex': {
			const shown = bytes.subarray(0, HEX_PREVIEW_BYTES);
			return withNote(hexDump(shown, shown.length * 3), bytes.length, shown.length);
		}
		case 'base64': {
			const shown = bytes.subarray(0, TEXT_PREVIEW_BYTES);
			return withNote(toBase64(shown), bytes.length, shown.length);
		}
		case 'json':
			return asJson(bytes);
		case 'cbor':
			return asTree(
				bytes,
				'CBOR',
				() => cborBudgetProblem(bytes, MAX_TREE_DEPTH),
				() => decodeCbor(bytes)
			);
		case 'msgpack':
			return asTree(
				bytes,
				'MessagePack',
				() => msgpackBudgetProblem(bytes, MAX_TREE_DEPTH),
				() => decodeMsgpack(bytes, { useBigInt64: true })
			);
		case 'image': {
			const mime = imageMime(bytes);
			if (mime) return { kind: 'image', mime };
			return { kind: 'error', error: 'Not a PNG, JPEG, GIF or WebP image.' };
		}
	}
}

/**
 * A decoded CBOR/MessagePack value as JSON-safe display values: bigint → Literal "123n", byte
 * strings → Literal "h'0102'", Map keys → strings, Tag → {tag, value}, Date → ISO string;
 * nesting beyond MAX_TREE_DEPTH becomes TOO_DEEP.
 */
export function toDisplayValue(value: unknown, depth = 0): unknown {
	if (depth > MAX_TREE_DEPTH) return TOO_DEEP;
	switch (typeof value) {
		case 'string':
		case 'boolean':
			return value;
		case 'number':
			// JSON.stringify would turn these into null.
			return Number.isFinite(value) ? value : new Literal(String(value));
		case 'bigint':
			return new Literal(`${value}n`);
		case 'undefined':
			return new Literal('undefined');
		case 'object':
			break;
		default:
			return new Literal(String(value));
	}
	if (value === null || value instanceof Literal) return value;
	const next = depth + 1;
	if (value instanceof Uint8Array) return bytesLiteral(value);
	if (Array.isArray(value)) return value.map((item) => toDisplayValue(item, next));
	if (value instanceof Map) {
		// Object.fromEntries defines own properties, so a "__proto__" key stays a plain key.
		return Object.fromEntries(
			[...value].map(([k, v]) => [keyText(k), toDisplayValue(v, next)] as const)
		);
	}
	if (value instanceof Tag)
		return { tag: Number(value.tag), value: toDisplayValue(value.contents, next) };
	if (value instanceof ExtData) return { ext: value.type, data: bytesLiteral(toBytes(value.data)) };
	if (value instanceof Simple) return new Literal(`simple(${value.value})`);
	if (value instanceof Date)
		return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
	if (value instanceof Set) return [...value].map((item) => toDisplayValue(item, next));
	if (ArrayBuffer.isView(value)) {
		return Array.from(value as unknown as ArrayLike<unknown>, (item) => toDisplayValue(item, next));
	}
	if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null) {
		return Object.fromEntries(
			Object.entries(value).map(([k, v]) => [k, toDisplayValue(v, next)] as const)
		);
	}
	return new Literal(String(value));
}

function asText(bytes: Uint8Array): DecodedPayload {
	const shown = bytes.subarray(0, TEXT_PREVIEW_BYTES);
	const strict = decodeText(shown) ?? decodePrefix(shown);
	if (strict !== undefined) return withNote(strict, bytes.length, shown.length);
	// Forced text of bytes that are not clean UTF-8: invalid sequences become U+FFFD and control
	// characters their visible "control pictures" (U+2400 block), so nothing is hidden.
	const loose = new TextDecoder('utf-8').decode(shown).replace(
		// eslint-disable-next-line no-control-regex -- finding control characters is the point.
		/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g,
		(c) => String.fromCharCode(c === '\u007F' ? 0x2421 : 0x2400 + c.charCodeAt(0))
	);
	const result = withNote(loose, bytes.length, shown.length);
	const warning = 'Not clean UTF-8: invalid bytes show as �, control characters as symbols.';
	return { ...result, note: result.note ? `${warning} ${result.note}` : warning };
}

function asJson(bytes: Uint8Array): DecodedPayload {
	if (bytes.length > TREE_DECODE_BYTES) {
		// Too big for a tree: the lenient re-indenter shows the start of the document instead.
		const prefix = new TextDecoder('utf-8').decode(bytes.subarray(0, TEXT_PREVIEW_BYTES));
		return {
			...withNote(reindentJson(prefix, '  '), bytes.length, TEXT_PREVIEW_BYTES),
			note: `Too large for a tree. Showing the first ${formatSize(TEXT_PREVIEW_BYTES)} of ${formatSize(bytes.length)} as text.`
		};
	}
	const text = decodeText(bytes);
	if (text === undefined) return { kind: 'error', error: 'Not valid JSON: not UTF-8 text.' };
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		return { kind: 'error', error: `Not valid JSON: ${messageOf(error)}` };
	}
	// reindentJson keeps number literals as sent (64-bit ids are not rounded).
	const tree: DecodedPayload = { kind: 'tree', value, text: reindentJson(text, '  ') };
	// The tree stops drawing at MAX_TREE_DEPTH and the text goes compact there: say so.
	return exceedsDepth(text, MAX_TREE_DEPTH) ? { ...tree, note: TOO_DEEP_NOTE } : tree;
}

/** Decodes into a tree after `budget` (a header scan that says why not, in words) lets it. */
function asTree(
	bytes: Uint8Array,
	name: string,
	budget: () => string | undefined,
	decode: () => unknown
): DecodedPayload {
	if (bytes.length > TREE_DECODE_BYTES) {
		return {
			kind: 'error',
			error: `Too large to decode here: ${formatSize(bytes.length)} (the limit is ${formatSize(TREE_DECODE_BYTES)}). Choose Hex to see the bytes.`
		};
	}
	const problem = budget();
	if (problem) return { kind: 'error', error: problem };
	let decoded: unknown;
	try {
		decoded = decode();
	} catch (error) {
		return { kind: 'error', error: `Not valid ${name}: ${messageOf(error)}` };
	}
	const value = toDisplayValue(decoded);
	return { kind: 'tree', value, text: JSON.stringify(value, null, 2) ?? '' };
}

function withNote(text: string, total: number, shown: number): TextPayload {
	if (shown >= total) return { kind: 'text', text, truncated: false };
	return {
		kind: 'text',
		text,
		truncated: true,
		note: `Showing the first ${formatSize(shown)} of ${formatSize(total)}.`
	};
}

function tryDecode(decode: () => unknown): unknown {
	try {
		return decode();
	} catch {
		return undefined;
	}
}

function isContainer(value: unknown): boolean {
	if (Array.isArray(value)) return value.length > 0;
	if (value instanceof Map) return value.size > 0;
	if (value === null || typeof value !== 'object') return false;
	// Byte strings, tags, dates and the like are objects but not maps.
	const proto: unknown = Object.getPrototypeOf(value);
	return (proto === Object.prototype || proto === null) && Object.keys(value).length > 0;
}

function keyText(key: unknown): string {
	if (typeof key === 'string') return key;
	if (typeof key === 'number' || typeof key === 'bigint' || typeof key === 'boolean') {
		return String(key);
	}
	return JSON.stringify(toDisplayValue(key, MAX_TREE_DEPTH)) ?? String(key);
}

function bytesLiteral(bytes: Uint8Array): Literal {
	const hex = hexDump(bytes.subarray(0, BYTES_SHOWN), BYTES_SHOWN * 3).replace(/ /g, '');
	const more = bytes.length > BYTES_SHOWN ? `… (${bytes.length} bytes)` : '';
	// CBOR diagnostic notation for byte strings (RFC 8949 §8).
	return new Literal(`h'${hex}'${more}`);
}

function toBytes(data: ExtData['data']): Uint8Array {
	// The lazy form only appears with custom extension codecs, which are not used here.
	return data instanceof Uint8Array ? data : new Uint8Array();
}

function toBase64(bytes: Uint8Array): string {
	const parts: string[] = [];
	// A multiple of 3 bytes per chunk, so only the last chunk can carry "=" padding.
	const chunk = 3 * 8192;
	for (let i = 0; i < bytes.length; i += chunk) {
		parts.push(btoa(String.fromCharCode(...bytes.subarray(i, i + chunk))));
	}
	return parts.join('');
}

function messageOf(error: unknown): string {
	const text = error instanceof Error ? error.message : String(error);
	return text.endsWith('.') ? text : `${text}.`;
}
