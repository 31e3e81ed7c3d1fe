/**
 * History export and import formats: pure encoders from MessageRecord to NDJSON / JSON / CSV
 * text and the NDJSON line reader used by import. The streaming is done by the engine.
 */
import type { MessageProperties, MessageRecord, PublishState } from '../mqtt/message';
import { decodeBase64 } from '../payload/payload-encoding';
import { csvLine } from './csv';
import { isoTime } from './time-format';

/** The export file format version, written in the header line. */
export const EXPORT_VERSION = 1;

/** Most flattened JSON payload columns a CSV export gets (beyond that, fields are left out). */
export const MAX_CSV_FIELD_COLUMNS = 200;

/** The CSV columns every row has, before the flattened payload fields. */
export const CSV_FIXED_COLUMNS = [
	'time_iso',
	'time_ms',
	'direction',
	'topic',
	'qos',
	'retain',
	'dup',
	'payload'
] as const;

/** Payloads larger than this are not parsed for CSV columns (the payload column still has them). */
const MAX_FLATTEN_BYTES = 256 * 1024;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** MQTT 5 properties as written to a file: bytes (correlation data) as base64. */
export type ExportedProperties = Omit<MessageProperties, 'correlationData'> & {
	correlationData?: string;
};

/** One message as a JSON object in an export: every stored field, the payload as base64. */
export interface ExportedMessage {
	id: number;
	direction: 'in' | 'out';
	topic: string;
	payloadBase64: string;
	/** Only when the payload is valid UTF-8: for people reading the file. Import ignores it. */
	payloadText?: string;
	qos: 0 | 1 | 2;
	retain: boolean;
	dup: boolean;
	time: number;
	timeIso: string;
	state?: PublishState;
	reason?: string;
	properties?: ExportedProperties;
	afterReconnect?: boolean;
	queuedOffline?: boolean;
	gapBefore?: { from: number; to: number };
}

/** A record as read back from a file: everything but the profile and id, which import assigns. */
export type ImportedMessage = Omit<MessageRecord, 'profileId' | 'id'>;

/** Bytes as standard base64; the native btoa is several times faster than a JS loop. */
export function toBase64(bytes: Uint8Array): string {
	let binary = '';
	// In slices: spreading a large payload at once would overflow the call stack.
	for (let i = 0; i < bytes.length; i += 0x8000) {
		binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	}
	return btoa(binary);
}

/** Standard base64 as bytes (native atob first; other spellings through decodeBase64). */
export function fromBase64(text: string): Uint8Array | undefined {
	try {
		const binary = atob(text);
		const bytes = new Uint8Array(binary.length);
		for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
		return bytes;
	} catch {
		const decoded = decodeBase64(text);
		return 'error' in decoded ? undefined : decoded.bytes;
	}
}

/** The payload as text when it is valid UTF-8, else undefined. */
export function utf8Text(bytes: Uint8Array): string | undefined {
	try {
		return strictUtf8.decode(bytes);
	} catch {
		return undefined;
	}
}

/** The first line of an NDJSON export: identifies the file and where it came from. */
export function exportHeader(profile: string, exportedAt: number): string {
	return JSON.stringify({
		mqttScopeExport: EXPORT_VERSION,
		profile,
		exportedAt: new Date(exportedAt).toISOString()
	});
}

/** A record as the JSON object written to NDJSON and JSON exports. */
export function toExported(record: MessageRecord): ExportedMessage {
	const out: ExportedMessage = {
		id: record.id,
		direction: record.direction,
		topic: record.topic,
		payloadBase64: toBase64(record.payload),
		qos: record.qos,
		retain: record.retain,
		dup: record.dup,
		time: record.time,
		// A stored time no date can show (imported before times were checked) is left blank.
		timeIso: isoTime(record.time) ?? ''
	};
	const text = utf8Text(record.payload);
	if (text !== undefined) out.payloadText = text;
	if (record.state !== undefined) out.state = record.state;
	if (record.reason !== undefined) out.reason = record.reason;
	if (record.properties) {
		const { correlationData, ...rest } = record.properties;
		out.properties = { ...rest };
		if (correlationData) out.properties.correlationData = toBase64(correlationData);
	}
	if (record.afterReconnect !== undefined) out.afterReconnect = record.afterReconnect;
	if (record.queuedOffline !== undefined) out.queuedOffline = record.queuedOffline;
	if (record.gapBefore) out.gapBefore = { ...record.gapBefore };
	return out;
}

/** One NDJSON line (with its newline) for a record. */
export function ndjsonLine(record: MessageRecord): string {
	return JSON.stringify(toExported(record)) + '\n';
}

/** A JSON array element for a record: the first is "[\n…", later ones ",\n…". */
export function jsonElement(record: MessageRecord, first: boolean): string {
	return (first ? '[\n' : ',\n') + JSON.stringify(toExported(record));
}

/** How a JSON export ends: closes the array (or writes an empty one). */
export function jsonEnd(wroteAny: boolean): string {
	return wroteAny ? '\n]\n' : '[]\n';
}

/**
 * A JSON payload's leaf values by dot path ("a.b", "list.0"), as CSV cell text; undefined when
 * the payload is not a JSON object or array (a scalar stays in the payload column alone).
 */
export function flattenPayload(bytes: Uint8Array): Map<string, string> | undefined {
	if (bytes.length > MAX_FLATTEN_BYTES) return undefined;
	// Cheap check before decoding: only objects and arrays have fields.
	let i = 0;
	while (
		i < bytes.length &&
		(bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)
	)
		i++;
	if (bytes[i] !== 0x7b && bytes[i] !== 0x5b) return undefined;
	const text = utf8Text(bytes);
	if (text === undefined) return undefined;
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return undefined;
	}
	const out = new Map<string, string>();
	flattenInto(value, '', 0, out);
	return out;
}

/** Levels flattened into columns; a deeper subtree is one cell saying so (no stack overflow). */
export const MAX_FLATTEN_DEPTH = 100;

/** The cell written for a subtree below MAX_FLATTEN_DEPTH. */
export const TOO_DEEP_CELL = `(nested deeper than ${MAX_FLATTEN_DEPTH} levels)`;

function flattenInto(value: unknown, path: string, depth: number, out: Map<string, string>): void {
	if (value !== null && typeof value === 'object') {
		if (depth >= MAX_FLATTEN_DEPTH) {
			out.set(path, TOO_DEEP_CELL);
			return;
		}
		const entries = Array.isArray(value)
			? value.map((v, i) => [String(i), v])
			: Object.entries(value);
		// An empty object or array is a value of its own, else it would vanish from the CSV.
		if (entries.length === 0 && path) out.set(path, JSON.stringify(value));
		for (const [key, child] of entries) {
			flattenInto(child, path ? `${path}.${key}` : key, depth + 1, out);
		}
		return;
	}
	if (!path) return;
	out.set(path, typeof value === 'string' ? value : JSON.stringify(value));
}

/**
 * The CSV column name of a payload field: its dot path, or "payload.<path>" when the path would
 * clash with a fixed column.
 */
export function fieldColumn(path: string): string {
	return (CSV_FIXED_COLUMNS as readonly string[]).includes(path) ? `payload.${path}` : path;
}

/** The CSV header: the fixed columns, then the payload fields' columns. */
export function csvHeader(fields: readonly string[]): string {
	return csvLine([...CSV_FIXED_COLUMNS, ...fields.map(fieldColumn)]);
}

/** One CSV row for a record; `fields` are the payload paths chosen for the header. */
export function csvRow(record: MessageRecord, fields: readonly string[]): string {
	const text = utf8Text(record.payload);
	const flat = fields.length ? flattenPayload(record.payload) : undefined;
	return csvLine([
		isoTime(record.time) ?? '',
		String(record.time),
		record.direction,
		record.topic,
		String(record.qos),
		String(record.retain),
		String(record.dup),
		text ?? `base64:${toBase64(record.payload)}`,
		...fields.map((path) => flat?.get(path) ?? '')
	]);
}

/** Adds a record's payload field paths to `fields` (insertion ordered), up to MAX_CSV_FIELD_COLUMNS. */
export function collectFields(record: MessageRecord, fields: Set<string>): void {
	if (fields.size >= MAX_CSV_FIELD_COLUMNS) return;
	const flat = flattenPayload(record.payload);
	if (!flat) return;
	for (const path of flat.keys()) {
		if (fields.size >= MAX_CSV_FIELD_COLUMNS) return;
		fields.add(path);
	}
}

/** What one NDJSON line of an import holds. */
export type ParsedLine =
	| { kind: 'header' }
	| { kind: 'message'; message: ImportedMessage }
	| { kind: 'problem'; problem: string };

const STATES: readonly PublishState[] = ['pending', 'sent', 'acknowledged', 'refused', 'failed'];

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
	v !== null && typeof v === 'object' && !Array.isArray(v);

/** Imported times must lie within this many milliseconds of now (100 years either way). */
const TIME_WINDOW_MS = 100 * 365.25 * 24 * 3600 * 1000;

/** An MQTT string is at most 65,535 bytes (MQTT 5 §1.5.4): topics, content types, properties. */
const MAX_MQTT_STRING = 65_535;

/** User properties kept per message: a broker would refuse a packet with more long before. */
const MAX_USER_PROPERTIES = 1_024;

/** Subscription identifiers are 1..268,435,455 (MQTT 5 §3.3.2.3.8); a message has a few. */
const MAX_SUBSCRIPTION_ID = 268_435_455;
const MAX_SUBSCRIPTION_IDS = 256;

/** A publish failure's reason is a sentence or two; longer text was not written by this app. */
const MAX_REASON_CHARS = 4_096;

/**
 * Reads one NDJSON line of an export; problems are in words, for the user. Times must lie
 * within 100 years of `now`: a stored time no date can show (1e20) broke every view of it.
 */
export function parseLine(line: string, now = Date.now()): ParsedLine {
	const inWindow = (time: number) => Math.abs(time - now) <= TIME_WINDOW_MS;
	let value: unknown;
	try {
		value = JSON.parse(line);
	} catch {
		return { kind: 'problem', problem: 'not JSON' };
	}
	if (!isObject(value)) return { kind: 'problem', problem: 'not a JSON object' };
	if ('mqttScopeExport' in value) {
		return value.mqttScopeExport === EXPORT_VERSION
			? { kind: 'header' }
			: {
					kind: 'problem',
					problem: `export version ${String(value.mqttScopeExport)} is not supported`
				};
	}
	const problem = (text: string): ParsedLine => ({ kind: 'problem', problem: text });
	if (typeof value.topic !== 'string' || !value.topic) return problem('topic is missing');
	if (value.topic.length > MAX_MQTT_STRING) return problem('topic is longer than MQTT allows');
	if (typeof value.payloadBase64 !== 'string') return problem('payloadBase64 is missing');
	const payload = fromBase64(value.payloadBase64);
	if (!payload) return problem('payloadBase64 is not base64');
	if (value.direction !== 'in' && value.direction !== 'out')
		return problem('direction must be "in" or "out"');
	if (value.qos !== 0 && value.qos !== 1 && value.qos !== 2)
		return problem('qos must be 0, 1 or 2');
	const time = typeof value.time === 'number' ? value.time : Date.parse(String(value.timeIso));
	if (!Number.isFinite(time)) return problem('time is missing');
	if (!inWindow(time)) return problem('time is more than 100 years away from today');
	for (const flag of ['retain', 'dup', 'afterReconnect', 'queuedOffline'] as const) {
		if (value[flag] !== undefined && typeof value[flag] !== 'boolean')
			return problem(`${flag} must be true or false`);
	}
	const message: ImportedMessage = {
		direction: value.direction,
		topic: value.topic,
		payload,
		qos: value.qos,
		retain: value.retain === true,
		dup: value.dup === true,
		time
	};
	if (value.state !== undefined) {
		if (!STATES.includes(value.state as PublishState))
			return problem('state is not a publish state');
		message.state = value.state as PublishState;
	}
	if (value.reason !== undefined) {
		if (typeof value.reason !== 'string') return problem('reason must be text');
		if (value.reason.length > MAX_REASON_CHARS)
			return problem(`reason is longer than ${MAX_REASON_CHARS} characters`);
		message.reason = value.reason;
	}
	if (typeof value.afterReconnect === 'boolean') message.afterReconnect = value.afterReconnect;
	if (typeof value.queuedOffline === 'boolean') message.queuedOffline = value.queuedOffline;
	if (value.gapBefore !== undefined) {
		const gap = value.gapBefore;
		if (!isObject(gap) || typeof gap.from !== 'number' || typeof gap.to !== 'number')
			return problem('gapBefore must be {from, to}');
		if (!inWindow(gap.from) || !inWindow(gap.to) || gap.from > gap.to)
			return problem('gapBefore must be a time range within 100 years of today');
		message.gapBefore = { from: gap.from, to: gap.to };
	}
	if (value.properties !== undefined) {
		const properties = parseProperties(value.properties);
		if (typeof properties === 'string') return problem(properties);
		message.properties = properties;
	}
	return { kind: 'message', message };
}

/** Reads exported MQTT 5 properties back, or says what is wrong. */
function parseProperties(value: unknown): MessageProperties | string {
	if (!isObject(value)) return 'properties must be an object';
	const out: MessageProperties = {};
	const text = (key: 'contentType' | 'responseTopic') => {
		if (value[key] === undefined) return true;
		if (typeof value[key] !== 'string' || value[key].length > MAX_MQTT_STRING) return false;
		out[key] = value[key];
		return true;
	};
	const int = (key: 'messageExpiryInterval' | 'topicAlias') => {
		if (value[key] === undefined) return true;
		const n = value[key];
		if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0xffffffff) return false;
		out[key] = n;
		return true;
	};
	for (const key of ['contentType', 'responseTopic'] as const)
		if (!text(key)) return `properties.${key} must be text of at most 65,535 characters`;
	for (const key of ['messageExpiryInterval', 'topicAlias'] as const)
		if (!int(key)) return `properties.${key} must be a whole number from 0 to 4294967295`;
	if (value.payloadFormatIndicator !== undefined) {
		if (typeof value.payloadFormatIndicator !== 'boolean')
			return 'properties.payloadFormatIndicator must be true or false';
		out.payloadFormatIndicator = value.payloadFormatIndicator;
	}
	if (value.correlationData !== undefined) {
		const bytes =
			typeof value.correlationData === 'string' ? fromBase64(value.correlationData) : undefined;
		if (!bytes || bytes.length > MAX_MQTT_STRING)
			return 'properties.correlationData must be base64 of at most 65,535 bytes';
		out.correlationData = bytes;
	}
	const ids = value.subscriptionIdentifier;
	if (ids !== undefined) {
		const isId = (i: unknown) =>
			typeof i === 'number' && Number.isInteger(i) && i >= 1 && i <= MAX_SUBSCRIPTION_ID;
		const ok =
			isId(ids) || (Array.isArray(ids) && ids.length <= MAX_SUBSCRIPTION_IDS && ids.every(isId));
		if (!ok)
			return `properties.subscriptionIdentifier must be whole numbers from 1 to ${MAX_SUBSCRIPTION_ID}`;
		out.subscriptionIdentifier = ids as number | number[];
	}
	const user = value.userProperties;
	if (user !== undefined) {
		const isText = (v: unknown) => typeof v === 'string' && v.length <= MAX_MQTT_STRING;
		let count = 0;
		const ok =
			isObject(user) &&
			Object.entries(user).every(([name, v]) => {
				count += Array.isArray(v) ? v.length : 1;
				return (
					name.length <= MAX_MQTT_STRING &&
					count <= MAX_USER_PROPERTIES &&
					(isText(v) || (Array.isArray(v) && v.every(isText)))
				);
			});
		if (!ok)
			return `properties.userProperties must map names to text, at most ${MAX_USER_PROPERTIES} of them`;
		out.userProperties = user as Record<string, string | string[]>;
	}
	return out;
}
