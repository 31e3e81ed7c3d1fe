import { formatPath, type PathSegment } from './numeric-fields';

/** Changes listed at most: a diff of two huge documents stays readable and cheap. */
const MAX_CHANGES = 200;
/** Values are shown up to this many characters. */
const MAX_VALUE = 80;
/** Levels compared key by key; deeper subtrees are compared whole and reported as one change. */
export const MAX_DIFF_DEPTH = 100;
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

/** Text written between values by `short` (a class, so no JSON value can pass for one). */
class Punctuation {
	constructor(readonly text: string) {}
}

/**
 * The value as JSON, cut at MAX_VALUE characters. Written iteratively and stopped as soon as it
 * is long enough, so a deep or huge value costs no more than what is shown (JSON.stringify would
 * serialize all of it, and overflow the stack on very deep values).
 */
function short(value: Json): string {
	let out = '';
	const pending: (Json | Punctuation)[] = [value];
	while (pending.length && out.length < MAX_VALUE) {
		const item = pending.pop() as Json | Punctuation;
		if (item instanceof Punctuation) {
			out += item.text;
		} else if (Array.isArray(item)) {
			out += '[';
			pending.push(new Punctuation(']'));
			for (let i = item.length - 1; i >= 0; i--) {
				pending.push(item[i]);
				if (i > 0) pending.push(new Punctuation(','));
			}
		} else if (item !== null && typeof item === 'object') {
			const keys = Object.keys(item);
			out += '{';
			pending.push(new Punctuation('}'));
			for (let i = keys.length - 1; i >= 0; i--) {
				pending.push(item[keys[i]]);
				pending.push(new Punctuation(`${JSON.stringify(keys[i])}:`));
				if (i > 0) pending.push(new Punctuation(','));
			}
		} else {
			out += JSON.stringify(item);
		}
	}
	return out.length > MAX_VALUE || pending.length ? `${out.slice(0, MAX_VALUE - 1)}…` : out;
}

/** Whether two JSON values are equal (key order aside), compared iteratively: any depth is safe. */
function sameJson(a: Json, b: Json): boolean {
	const pairs: [Json, Json][] = [[a, b]];
	while (pairs.length) {
		const [x, y] = pairs.pop() as [Json, Json];
		const kind = kindOf(x);
		if (kind !== kindOf(y)) return false;
		if (kind === 'scalar') {
			if (x !== y) return false;
		} else if (Array.isArray(x) && Array.isArray(y)) {
			if (x.length !== y.length) return false;
			for (let i = 0; i < x.length; i++) pairs.push([x[i], y[i]]);
		} else {
			const ox = x as { [key: string]: Json };
			const oy = y as { [key: string]: Json };
			const keys = Object.keys(ox);
			if (keys.length !== Object.keys(oy).length) return false;
			for (const key of keys) {
				if (!Object.hasOwn(oy, key)) return false;
				pairs.push([ox[key], oy[key]]);
			}
		}
	}
	return true;
}

function kindOf(value: Json): 'array' | 'object' | 'scalar' {
	if (Array.isArray(value)) return 'array';
	return value !== null && typeof value === 'object' ? 'object' : 'scalar';
}

/**
 * Lists the changes from `before` to `after`, descending into objects and arrays on both sides
 * down to MAX_DIFF_DEPTH levels; below that a differing subtree is one change (a device may
 * send JSON nested 20,000 deep, which a recursive walk cannot follow).
 */
function diffJson(before: Json, after: Json): { changes: JsonChange[]; truncated: boolean } {
	const changes: JsonChange[] = [];
	let truncated = false;
	// One path, extended and shortened as the walk goes: no copy per level.
	const path: PathSegment[] = [];
	const push = (change: Omit<JsonChange, 'path'>) => {
		if (changes.length < MAX_CHANGES) changes.push({ ...change, path: formatPath(path) });
		else truncated = true;
	};
	const walk = (a: Json, b: Json) => {
		if (truncated) return;
		const kind = kindOf(a);
		if (kind !== kindOf(b) || kind === 'scalar' || path.length >= MAX_DIFF_DEPTH) {
			if (kind === 'scalar' ? a !== b : !sameJson(a, b)) {
				push({ kind: 'changed', before: short(a), after: short(b) });
			}
			return;
		}
		if (Array.isArray(a) && Array.isArray(b)) {
			// Index by index: an insertion shows as changes after it, which is honest for arrays.
			for (let i = 0; i < Math.max(a.length, b.length) && !truncated; i++) {
				path.push(i);
				if (i >= b.length) push({ kind: 'removed', before: short(a[i]) });
				else if (i >= a.length) push({ kind: 'added', after: short(b[i]) });
				else walk(a[i], b[i]);
				path.pop();
			}
			return;
		}
		const objectA = a as { [key: string]: Json };
		const objectB = b as { [key: string]: Json };
		for (const key of Object.keys(objectA)) {
			if (truncated) return;
			path.push(key);
			if (!Object.hasOwn(objectB, key)) push({ kind: 'removed', before: short(objectA[key]) });
			else walk(objectA[key], objectB[key]);
			path.pop();
		}
		for (const key of Object.keys(objectB)) {
			if (truncated) return;
			if (Object.hasOwn(objectA, key)) continue;
			path.push(key);
			push({ kind: 'added', after: short(objectB[key]) });
			path.pop();
		}
	};
	walk(before, after);
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
