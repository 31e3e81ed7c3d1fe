/**
 * Turns what the user typed in the publish form into payload bytes: UTF-8 text, JSON (checked,
 * saying where it breaks), hex or base64 for binary payloads.
 */
import { reindentJson } from './payload-preview';

/** How the publish form reads its text. */
export type PayloadFormat = 'text' | 'json' | 'hex' | 'base64';

/** Payload bytes, or why the text cannot be sent. */
export type EncodeResult = { bytes: Uint8Array } | { error: string };

/** Pretty JSON text, or why the text is not JSON. */
export type FormatResult = { text: string } | { error: string };

const encoder = new TextEncoder();

/**
 * Encodes the text as UTF-8. For 'json' it must parse first; the text is still sent exactly as
 * typed (not re-serialized), so number literals and key order reach the broker unchanged.
 */
export function encodePayload(text: string, format: PayloadFormat): EncodeResult {
	if (format === 'hex') return decodeHex(text);
	if (format === 'base64') return decodeBase64(text);
	if (format === 'json') {
		const error = jsonError(text);
		if (error) return { error };
	}
	return { bytes: encoder.encode(text) };
}

/**
 * Reads hex digits as bytes. Whitespace anywhere is ignored, and so is one leading "0x", so
 * both "de ad be ef" and a pasted dump "0xDEADBEEF" work; the error names the first bad pair.
 */
export function decodeHex(text: string): EncodeResult {
	// Digits with their 1-based position in what the user typed, so errors point at it.
	const digits: { char: string; position: number }[] = [];
	const start = /^\s*0[xX]/.exec(text)?.[0].length ?? 0;
	for (let i = start; i < text.length; i++) {
		if (!/\s/.test(text[i])) digits.push({ char: text[i], position: i + 1 });
	}
	const bytes = new Uint8Array(Math.floor(digits.length / 2));
	for (let i = 0; i + 1 < digits.length; i += 2) {
		const pair = digits[i].char + digits[i + 1].char;
		if (!/^[0-9a-fA-F]{2}$/.test(pair)) {
			return { error: `'${pair}' at position ${digits[i].position} is not hex (use 0–9 and a–f).` };
		}
		bytes[i / 2] = parseInt(pair, 16);
	}
	if (digits.length % 2 === 1) {
		const last = digits[digits.length - 1];
		if (!/^[0-9a-fA-F]$/.test(last.char)) {
			return { error: `'${last.char}' at position ${last.position} is not hex (use 0–9 and a–f).` };
		}
		return {
			error: `Hex must have an even number of digits (two per byte); there are ${digits.length}.`
		};
	}
	return { bytes };
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Reads base64 as bytes (RFC 4648): the standard alphabet (+/) and the URL-safe one (-_) both
 * work, whitespace is ignored and the "=" padding is optional.
 */
export function decodeBase64(text: string): EncodeResult {
	const values: number[] = [];
	let padding = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (/\s/.test(c)) continue;
		if (c === '=') {
			padding++;
			continue;
		}
		const value = c === '-' ? 62 : c === '_' ? 63 : BASE64.indexOf(c);
		if (value < 0 || padding > 0) {
			const what = padding > 0 ? `'${c}' after the '=' padding` : `'${c}'`;
			return {
				error: `${what} at position ${i + 1} is not base64 (use A–Z, a–z, 0–9, + and /, or - and _).`
			};
		}
		values.push(value);
	}
	// Four characters carry three bytes; a lone character in the last group carries none.
	if (values.length % 4 === 1 || padding > 2 || (padding > 0 && (values.length + padding) % 4)) {
		return {
			error: `Base64 length is wrong: ${values.length} characters${padding ? ` and ${padding} '='` : ''} do not make whole bytes. Check that nothing was cut off.`
		};
	}
	const bytes = new Uint8Array(Math.floor((values.length * 6) / 8));
	let buffer = 0;
	let bits = 0;
	let out = 0;
	for (const value of values) {
		buffer = ((buffer << 6) | value) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			bytes[out++] = (buffer >> bits) & 0xff;
		}
	}
	return { bytes };
}

/** Bytes as lower-case hex pairs separated by spaces, e.g. "de ad be ef", for editing. */
export function bytesToHex(bytes: Uint8Array): string {
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** Bytes as standard base64 with padding. */
export function bytesToBase64(bytes: Uint8Array): string {
	let out = '';
	for (let i = 0; i < bytes.length; i += 3) {
		const chunk = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
		const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
		for (let c = 0; c < 4; c++) out += c < chars ? BASE64[(chunk >> (18 - 6 * c)) & 63] : '=';
	}
	return out;
}

/** Pretty-prints JSON with two spaces, keeping number literals as typed; or explains the error. */
export function formatJson(text: string): FormatResult {
	const error = jsonError(text);
	return error ? { error } : { text: reindentJson(text, '  ') };
}

/** Why the text is not JSON, with line and column when they can be found; else undefined. */
export function jsonError(text: string): string | undefined {
	if (!text.trim()) {
		return 'The payload is empty, which is not JSON. Enter a JSON value, or choose text to send it empty.';
	}
	try {
		JSON.parse(text);
		return undefined;
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		const where = positionFromMessage(message, text) ?? locateJsonError(text);
		const what = cleanMessage(message);
		if (where === undefined) return `Invalid JSON: ${what}`;
		const { line, column } = lineColumn(text, where);
		return `Invalid JSON at line ${line}, column ${column}: ${what}`;
	}
}

/**
 * The error offset named in a SyntaxError message. Engines differ: V8 says "at position 12"
 * (newer ones add "(line 2 column 3)"), Firefox "at line 2 column 3 of the JSON data", and
 * Safari and older V8 ("Unexpected token 'x', "…" is not valid JSON") name no position.
 */
function positionFromMessage(message: string, text: string): number | undefined {
	const lineCol = /line (\d+) column (\d+)/.exec(message);
	if (lineCol) return offsetOf(text, Number(lineCol[1]), Number(lineCol[2]));
	const position = /at position (\d+)/.exec(message);
	return position ? Math.min(Number(position[1]), text.length) : undefined;
}

/** The engine's message without its position and without the echo of the whole input. */
function cleanMessage(message: string): string {
	const cleaned = message
		.replace(/^JSON\.parse: /, '')
		.replace(/^JSON Parse error: /, '')
		.replace(/ (?:in JSON )?at position \d+(?: \(line \d+ column \d+\))?/, '')
		.replace(/ at line \d+ column \d+ of the JSON data/, '')
		.replace(/, ".*" is not valid JSON$/s, '')
		.trim();
	return cleaned ? cleaned[0].toUpperCase() + cleaned.slice(1) : 'Not valid JSON';
}

/**
 * Finds the offset of the first JSON syntax error (RFC 8259 grammar) for engines whose message
 * does not name one; undefined when the text is valid.
 */
export function locateJsonError(text: string): number | undefined {
	let i = 0;
	const skipSpace = (): void => {
		while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
	};
	const expect = (char: string): void => {
		if (text[i] !== char) throw i;
		i++;
	};
	const string = (): void => {
		expect('"');
		while (i < text.length) {
			const c = text[i];
			if (c === '"') {
				i++;
				return;
			}
			if (c === '\\') {
				const next = text[i + 1];
				if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
				else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
				else throw i + 1;
			} else if (c < ' ') {
				throw i;
			} else {
				i++;
			}
		}
		throw i;
	};
	const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
	const value = (): void => {
		skipSpace();
		const c = text[i];
		if (c === '{' || c === '[') {
			const close = c === '{' ? '}' : ']';
			i++;
			skipSpace();
			if (text[i] === close) {
				i++;
				return;
			}
			for (;;) {
				if (c === '{') {
					skipSpace();
					string();
					skipSpace();
					expect(':');
				}
				value();
				skipSpace();
				if (text[i] === ',') i++;
				else return expect(close);
			}
		}
		if (c === '"') return string();
		for (const literal of ['true', 'false', 'null']) {
			if (text.startsWith(literal, i)) {
				i += literal.length;
				return;
			}
		}
		number.lastIndex = i;
		// A lone "-" or "1." matches only partly: the error is where the match stops.
		if (!number.exec(text)) throw i;
		i = number.lastIndex;
		if (text[i] === '.' || text[i] === 'e' || text[i] === 'E') throw i + 1;
	};
	try {
		value();
		skipSpace();
		if (i < text.length) throw i;
		return undefined;
	} catch (offset) {
		if (typeof offset === 'number') return offset;
		throw offset;
	}
}

/** 1-based line and column (in UTF-16 code units, as editors count) of an offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
	const before = text.slice(0, offset);
	const line = before.split('\n').length;
	return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

/** The offset of a 1-based line and column. */
function offsetOf(text: string, line: number, column: number): number {
	let offset = 0;
	for (let l = 1; l < line; l++) {
		const next = text.indexOf('\n', offset);
		if (next === -1) return text.length;
		offset = next + 1;
	}
	return Math.min(offset + column - 1, text.length);
}
