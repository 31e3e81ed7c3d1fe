/**
 * Plain-text previews of message payloads: pretty JSON, UTF-8 text or a hex dump.
 * The output is always plain text for a text node; nothing here is ever meant as HTML.
 */
import { exceedsDepth } from './json-depth';

/** What a payload looks like, and its preview text. */
export interface PayloadPreview {
	kind: 'json' | 'text' | 'binary' | 'empty';
	text: string;
	/** The preview stops at maxChars; the UI offers the rest on demand. */
	truncated: boolean;
}

/**
 * Payloads above this size are not parsed for a one-line preview: a row needs only a prefix, and
 * the list draws rows of messages nobody opened on the page's thread, so each costs little.
 */
const ONE_LINE_PARSE_LIMIT = 8 * 1024;

const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Previews a payload: JSON objects, arrays, numbers, strings and booleans are pretty-printed
 * with two spaces (number literals kept as written, so 64-bit ids are not rounded); other
 * strict UTF-8 without control characters (besides tab, LF, CR) is shown as text; anything
 * else as a hex dump "00 01 ff". `text` holds at most maxChars characters, without an ellipsis.
 */
export function previewPayload(bytes: Uint8Array, maxChars = 2000): PayloadPreview {
	if (bytes.length === 0) return { kind: 'empty', text: '', truncated: false };
	const text = decodeText(bytes);
	if (text === undefined) {
		const hex = hexDump(bytes, maxChars);
		return { kind: 'binary', text: hex, truncated: hex.length < bytes.length * 3 - 1 };
	}
	const kind = isJsonValue(text) ? 'json' : 'text';
	const shown = kind === 'json' ? reindentJson(text, '  ') : text;
	return cut(shown, maxChars, kind);
}

/**
 * A single-line preview for list rows: compact JSON, text with line breaks shown as "⏎" and
 * tabs as spaces, or a hex dump; ends with "…" when cut at maxChars.
 */
export function oneLinePreview(bytes: Uint8Array, maxChars = 200, size = bytes.length): string {
	if (bytes.length === 0) return '';
	// A row shows a few hundred characters; decoding and parsing megabytes for it would stall
	// the list, so large payloads are previewed from a prefix (4 bytes per character at most).
	// `size` larger than the bytes given: they are already a prefix (the topic tree keeps one).
	const large = size > ONE_LINE_PARSE_LIMIT || size > bytes.length;
	const sample = large ? bytes.subarray(0, maxChars * 4 + 4) : bytes;
	const text = large ? decodePrefix(sample) : decodeText(sample);
	if (text === undefined) {
		const hex = hexDump(bytes, maxChars);
		return hex.length < size * 3 - 1 ? `${hex}…` : hex;
	}
	let line: string;
	if (large ? /^\s*[[{]/.test(text) : isJsonValue(text)) {
		// The tokenizer is lenient, so a prefix of a large JSON document compacts fine.
		line = reindentJson(text, '', maxChars);
	} else {
		line = text.replace(/\r\n|\r|\n/g, '⏎').replace(/\t/g, ' ');
	}
	const result = cut(line, maxChars, 'text');
	return result.truncated || large ? `${result.text}…` : result.text;
}

/** A byte count in words: "512 B", "1.5 kB", "2.0 MB" (binary multiples of 1024). */
export function formatSize(bytes: number): string {
	const units = ['B', 'kB', 'MB', 'GB', 'TB'];
	if (!Number.isFinite(bytes) || bytes < 1024) return `${Math.max(0, Math.round(bytes) || 0)} B`;
	let value = bytes / 1024;
	let unit = 1;
	// Move up while one decimal would read "1024.0".
	while (value >= 1023.95 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * Levels deeper than this are written compact: indenting every level would make the output grow
 * with depth squared (a 10 KB payload nested 5,000 deep became 50 MB of spaces).
 */
export const MAX_INDENT_DEPTH = 100;

/**
 * Re-indents JSON text without re-serializing it: number literals and string escapes stay
 * exactly as sent. With indent '' the result is compact on one line; levels deeper than
 * MAX_INDENT_DEPTH stay compact, so the output is linear in the input. Assumes JSON-like input
 * and does not validate it (a truncated document is re-indented as far as it goes). Stops soon
 * after `maxChars` characters of output: a list row needs a line, not the document.
 */
export function reindentJson(text: string, indent: string, maxChars = Infinity): string {
	const out: string[] = [];
	const newline = indent ? '\n' : '';
	const colon = indent ? ': ' : ':';
	let depth = 0;
	let i = 0;
	let written = 0;
	const pad = (): string => (depth > MAX_INDENT_DEPTH ? '' : newline + indent.repeat(depth));
	const push = (piece: string): void => {
		out.push(piece);
		written += piece.length;
	};
	while (i < text.length && written <= maxChars) {
		const c = text[i];
		if (c === '"') {
			let j = i + 1;
			while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
			push(text.slice(i, j + 1));
			i = j + 1;
			continue;
		}
		if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
			i++;
			continue;
		}
		if (c === '{' || c === '[') {
			// Keep empty containers as "{}" and "[]".
			let k = i + 1;
			while (k < text.length && /\s/.test(text[k])) k++;
			if (text[k] === (c === '{' ? '}' : ']')) {
				push(c + text[k]);
				i = k + 1;
				continue;
			}
			depth++;
			push(c + pad());
		} else if (c === '}' || c === ']') {
			// A container opened deeper than the limit was written compact: it closes compact too.
			const compact = depth > MAX_INDENT_DEPTH;
			depth = Math.max(0, depth - 1);
			push((compact ? '' : pad()) + c);
		} else if (c === ',') {
			push(',' + pad());
		} else if (c === ':') {
			push(colon);
		} else {
			push(c);
		}
		i++;
	}
	return out.join('');
}

/** Strict UTF-8 text without control characters other than tab, LF and CR, else undefined. */
export function decodeText(bytes: Uint8Array): string | undefined {
	let text: string;
	try {
		text = strictDecoder.decode(bytes);
	} catch {
		return undefined;
	}
	return hasControlChars(text) ? undefined : text;
}

/** Like decodeText for a prefix that may end inside a multi-byte character. */
export function decodePrefix(bytes: Uint8Array): string | undefined {
	let text: string;
	try {
		// stream: true holds back an incomplete trailing sequence instead of failing on it.
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
	} catch {
		return undefined;
	}
	return hasControlChars(text) ? undefined : text;
}

/** C0 controls except tab/LF/CR, DEL and C1 controls. */
function hasControlChars(text: string): boolean {
	// eslint-disable-next-line no-control-regex -- finding control characters is the point.
	return /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/.test(text);
}

/**
 * Whether the text parses as a JSON object, array, number, string or boolean (not null). Text
 * nested deeper than MAX_INDENT_DEPTH is judged by its first character instead: parsing half a
 * million levels takes the better part of a second, and it is shown compact either way.
 */
export function isJsonValue(text: string): boolean {
	const start = /\S/.exec(text)?.[0];
	// Cheap pre-check: plain text rarely starts like JSON, and parsing it would throw.
	if (start === undefined || !/[[{"\-0-9tf]/.test(start)) return false;
	if ((start === '[' || start === '{') && exceedsDepth(text, MAX_INDENT_DEPTH)) return true;
	try {
		JSON.parse(text);
		return true;
	} catch {
		return false;
	}
}

/** Hex bytes separated by spaces ("00 01 ff"): as many whole bytes as fit in maxChars. */
export function hexDump(bytes: Uint8Array, maxChars: number): string {
	const count = Math.min(bytes.length, Math.floor((maxChars + 1) / 3));
	const parts: string[] = [];
	for (let i = 0; i < count; i++) parts.push(bytes[i].toString(16).padStart(2, '0'));
	return parts.join(' ');
}

/** Cuts text at maxChars without splitting a surrogate pair. */
function cut(text: string, maxChars: number, kind: PayloadPreview['kind']): PayloadPreview {
	if (text.length <= maxChars) return { kind, text, truncated: false };
	let end = maxChars;
	const code = text.charCodeAt(end - 1);
	if (code >= 0xd800 && code <= 0xdbff) end--;
	return { kind, text: text.slice(0, end), truncated: true };
}
