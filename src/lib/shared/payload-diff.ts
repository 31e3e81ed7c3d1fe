import { formatPath, type PathSegment } from './numeric-fields';

/** Changes listed at most: a diff of two huge documents stays readable and cheap. */
const MAX_CHANGES = 200;
/** Values are shown up to this many characters. */
const MAX_VALUE = 80;
/** Text excerpts around the first difference are this long. */
const EXCERPT = 40;

/** One difference between two JSON documents, at a path written by `formatPath`. */
export interface JsonChange {
	kind: 'added' | 'removed' | 'changed';
	/** '' for the document itself. */
	path: string;
	/** The old value as short JSON (not for 'added'). */
	before?: string;
	/** The new value as short JSON (not for 'removed'). */
	after?: string;
}

/** How a message differs from the one before it on the same topic. */
export type PayloadDiff =
	| {
			type: 'json';
			/** In document order: keys of the old document first, then keys only in the new one. */
			changes: JsonChange[];
			/** More changes than MAX_CHANGES were found; the rest are not listed. */
			truncated: boolean;
	  }
	| {
			type: 'text';
			equal: boolean;
			/** Index (UTF-16 code units of the decoded text) of the first differing character. */
			position?: number;
			/** Each text from the first difference on, shortened. */
			before?: string;
			after?: string;
			beforeLength: number;
			afterLength: number;
	  };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The payload as a JSON object or array, or undefined for anything else. */
function parseContainer(text: string): Json[] | { [key: string]: Json } | undefined {
	const start = text.trimStart()[0];
	if (start !== '{' && start !== '[') return undefined;
	try {
		const value = JSON.parse(text) as Json;
		return value !== null && typeof value === 'object' ? value : undefined;
	} catch {
		return undefined;
	}
}

function short(value: Json): string {
	const text = JSON.stringify(value);
	return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function kindOf(value: Json): 'array' | 'object' | 'scalar' {
	if (Array.isArray(value)) return 'array';
	return value !== null && typeof value === 'object' ? 'object' : 'scalar';
}

/** Lists the changes from `before` to `after`, descending into objects and arrays on both sides. */
function diffJson(before: Json, after: Json): { changes: JsonChange[]; truncated: boolean } {
	const changes: JsonChange[] = [];
	let truncated = false;
	const push = (change: JsonChange) => {
		if (changes.length < MAX_CHANGES) changes.push(change);
		else truncated = true;
	};
	const walk = (a: Json, b: Json, path: PathSegment[]) => {
		if (truncated) return;
		const kind = kindOf(a);
		if (kind !== kindOf(b) || kind === 'scalar') {
			if (kind !== 'scalar' || a !== b) {
				push({ kind: 'changed', path: formatPath(path), before: short(a), after: short(b) });
			}
			return;
		}
		if (Array.isArray(a) && Array.isArray(b)) {
			// Index by index: an insertion shows as changes after it, which is honest for arrays.
			for (let i = 0; i < Math.max(a.length, b.length); i++) {
				const at = formatPath([...path, i]);
				if (i >= b.length) push({ kind: 'removed', path: at, before: short(a[i]) });
				else if (i >= a.length) push({ kind: 'added', path: at, after: short(b[i]) });
				else walk(a[i], b[i], [...path, i]);
			}
			return;
		}
		const objectA = a as { [key: string]: Json };
		const objectB = b as { [key: string]: Json };
		for (const key of Object.keys(objectA)) {
			if (!Object.hasOwn(objectB, key)) {
				push({ kind: 'removed', path: formatPath([...path, key]), before: short(objectA[key]) });
			} else walk(objectA[key], objectB[key], [...path, key]);
		}
		for (const key of Object.keys(objectB)) {
			if (!Object.hasOwn(objectA, key)) {
				push({ kind: 'added', path: formatPath([...path, key]), after: short(objectB[key]) });
			}
		}
	};
	walk(before, after, []);
	return { changes, truncated };
}

/**
 * Compares a payload with the previous one on its topic: by JSON path when both are JSON
 * objects or arrays (key order does not count), otherwise as UTF-8 text, up to the first
 * difference.
 */
export function diffPayloads(before: Uint8Array, after: Uint8Array): PayloadDiff {
	const decoder = new TextDecoder();
	const textA = decoder.decode(before);
	const textB = decoder.decode(after);
	const jsonA = parseContainer(textA);
	const jsonB = jsonA === undefined ? undefined : parseContainer(textB);
	if (jsonA !== undefined && jsonB !== undefined)
		return { type: 'json', ...diffJson(jsonA, jsonB) };
	// Bytes, not decoded text, decide equality: invalid UTF-8 decodes to the same U+FFFD.
	const equal = before.length === after.length && before.every((byte, i) => byte === after[i]);
	const lengths = { beforeLength: textA.length, afterLength: textB.length };
	if (equal) return { type: 'text', equal: true, ...lengths };
	let position = 0;
	while (position < textA.length && textA[position] === textB[position]) position++;
	return {
		type: 'text',
		equal: false,
		position,
		before: excerpt(textA, position),
		after: excerpt(textB, position),
		...lengths
	};
}

function excerpt(text: string, from: number): string {
	const rest = text.slice(from, from + EXCERPT);
	return from + EXCERPT < text.length ? `${rest}…` : rest;
}
