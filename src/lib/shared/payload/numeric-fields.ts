/**
 * Numeric fields of JSON payloads, for charts: which paths hold numbers, what is at a path,
 * and the time a payload carries.
 *
 * Paths: object keys joined with dots ("sensors.temp"); array indices in brackets
 * ("readings[0].value"); a key that is empty or contains a dot, bracket, quote, backslash or
 * whitespace is written in brackets as a JSON string (`["a.b"]`, `room["living room"]`).
 * A payload that is a bare number has the single path "value".
 *
 * Discovered fields are finite JSON numbers only (booleans, numeric strings and null are not;
 * a series may still plot a boolean as 0/1, see series.ts).
 * A top-level key named timestamp, ts, time or t (any case) whose value reads as a time
 * (see `parseTime`) is the message's time, not a series; with any other value it is a series.
 */

/** One segment of a path: an object key or an array index. */
export type PathSegment = string | number;

/** The path of a payload that is a bare number. */
export const BARE_VALUE_PATH = 'value';

/** Time-like top-level keys, in the order they are tried. */
const TIME_KEYS = ['timestamp', 'ts', 'time', 't'];
const LONGEST_TIME_KEY = Math.max(...TIME_KEYS.map((key) => key.length));

/** Paths beyond this many are ignored: a 10,000-element array is not 10,000 series. */
const DEFAULT_LIMIT = 256;

/** Nesting below this depth is ignored (and deep payloads cannot overflow the stack). */
const MAX_DEPTH = 32;

/** Payloads larger than this are not parsed for charts. */
export const MAX_PARSE_BYTES = 1024 * 1024;

/** Times outside 2000-01-01..2100-01-01 are not believed: "t": 21.5 is a temperature. */
const MIN_TIME = Date.UTC(2000, 0, 1);
const MAX_TIME = Date.UTC(2100, 0, 1);

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Paths of the finite numeric leaves of a parsed JSON value, in document order. */
export function discoverNumericFields(payload: unknown, limit = DEFAULT_LIMIT): string[] {
	return collect(payload, limit).map(([path]) => path);
}

/**
 * Reads a time value as ms since the epoch: numbers in seconds (1732540000.1), milliseconds,
 * microseconds or nanoseconds, numeric strings, and ISO 8601 strings (without a zone they are
 * local time, as `Date.parse` reads them). Undefined when it does not land in 2000..2100.
 */
export function parseTime(value: unknown): number | undefined {
	let ms: number;
	if (typeof value === 'number') {
		ms = fromEpochNumber(value);
	} else if (typeof value === 'string') {
		const text = value.trim();
		if (/^\d+(\.\d+)?$/.test(text)) ms = fromEpochNumber(Number(text));
		else if (/^\d{4}-\d{2}-\d{2}/.test(text)) ms = Date.parse(text);
		else return undefined;
	} else {
		return undefined;
	}
	return Number.isFinite(ms) && ms >= MIN_TIME && ms < MAX_TIME ? Math.round(ms) : undefined;
}

/** Writes path segments in the notation described at the top of this file. */
export function formatPath(segments: PathSegment[]): string {
	let path = '';
	for (const segment of segments) {
		if (typeof segment === 'number') path += `[${segment}]`;
		else if (segment === '' || /[.[\]"\\\s]/.test(segment)) path += `[${JSON.stringify(segment)}]`;
		else path += path ? `.${segment}` : segment;
	}
	return path;
}

/** Splits a path written by `formatPath` back into segments; undefined when malformed. */
export function parsePath(path: string): PathSegment[] | undefined {
	const segments: PathSegment[] = [];
	const token = /\.?([^.[\]"\\\s]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
	let index = 0;
	while (index < path.length) {
		token.lastIndex = index;
		const match = token.exec(path);
		// A dot is needed between keys, and not allowed before the first one.
		if (!match || (match[1] !== undefined && (path[index] === '.') !== segments.length > 0)) {
			return undefined;
		}
		if (match[1] !== undefined) segments.push(match[1]);
		else if (match[2] !== undefined) segments.push(Number(match[2]));
		else segments.push(JSON.parse(match[3]) as string);
		index = token.lastIndex;
	}
	return segments.length > 0 ? segments : undefined;
}

/** The node at a path of a parsed payload (own keys and array indices only), or undefined. */
export function readAtPath(payload: unknown, segments: PathSegment[]): unknown {
	let node: unknown = payload;
	for (const segment of segments) {
		if (node === null || typeof node !== 'object') return undefined;
		// Indices for arrays, own keys for objects: "length" or "__proto__" must not reach built-ins.
		if (Array.isArray(node) !== (typeof segment === 'number') || !Object.hasOwn(node, segment)) {
			return undefined;
		}
		node = (node as Record<PathSegment, unknown>)[segment];
	}
	return node;
}

/** Parses a chart payload: UTF-8 JSON or a bare number; undefined otherwise. */
export function parsePayload(bytes: Uint8Array): unknown {
	if (bytes.length === 0 || bytes.length > MAX_PARSE_BYTES) return undefined;
	let text: string;
	try {
		text = decoder.decode(bytes).trim();
	} catch {
		return undefined;
	}
	try {
		return JSON.parse(text) as unknown;
	} catch {
		// Forms JSON rejects but devices send: "+5", ".5", "5.".
		return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : undefined;
	}
}

/** Path and value of each finite numeric leaf, skipping top-level time fields. */
function collect(payload: unknown, limit: number): [string, number][] {
	if (typeof payload === 'number') {
		return Number.isFinite(payload) ? [[BARE_VALUE_PATH, payload]] : [];
	}
	const out: [string, number][] = [];
	const walk = (node: unknown, segments: PathSegment[]): void => {
		if (out.length >= limit) return;
		if (typeof node === 'number') {
			if (Number.isFinite(node)) out.push([formatPath(segments), node]);
			return;
		}
		if (node === null || typeof node !== 'object' || segments.length >= MAX_DEPTH) return;
		if (Array.isArray(node)) {
			node.forEach((item, i) => walk(item, [...segments, i]));
			return;
		}
		for (const [key, value] of Object.entries(node)) {
			if (segments.length === 0 && isTimeKey(key) && parseTime(value) !== undefined) continue;
			walk(value, [...segments, key]);
		}
	};
	walk(payload, []);
	return out;
}

/** The time a parsed payload carries in a top-level timestamp/ts/time/t field, if any. */
export function timeOf(payload: unknown): number | undefined {
	if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return undefined;
	// One pass over the keys (each lowercased once): the earliest name of TIME_KEYS wins, and
	// among keys of one name the first with a time.
	let best: number | undefined;
	let rank = TIME_KEYS.length;
	for (const key in payload) {
		if (key.length > LONGEST_TIME_KEY || !Object.hasOwn(payload, key)) continue;
		const at = TIME_KEYS.indexOf(key.toLowerCase());
		if (at < 0 || at >= rank) continue;
		const time = parseTime((payload as Record<string, unknown>)[key]);
		if (time === undefined) continue;
		best = time;
		rank = at;
	}
	return best;
}

function isTimeKey(key: string): boolean {
	return TIME_KEYS.includes(key.toLowerCase());
}

/** Scales an epoch number to ms by its magnitude: s < 1e11 ≤ ms < 1e14 ≤ µs < 1e17 ≤ ns. */
function fromEpochNumber(value: number): number {
	if (value < 1e11) return value * 1000;
	if (value < 1e14) return value;
	if (value < 1e17) return value / 1000;
	return value / 1e6;
}
