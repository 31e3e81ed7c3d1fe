import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '../mqtt/message';
import {
	MAX_CSV_FIELD_COLUMNS,
	collectFields,
	csvHeader,
	csvRow,
	exportHeader,
	flattenPayload,
	fromBase64,
	jsonElement,
	jsonEnd,
	ndjsonLine,
	parseLine,
	toBase64
} from './export-format';

const utf8 = (text: string) => new TextEncoder().encode(text);

const full: MessageRecord = {
	profileId: 'p',
	id: 7,
	direction: 'out',
	topic: 'lab/réacteur/1',
	payload: utf8('{"temperature":21.5,"meta":{"unit":"C","tags":["a","b"]}}'),
	qos: 2,
	retain: true,
	dup: true,
	time: Date.UTC(2026, 0, 2, 3, 4, 5, 678),
	state: 'refused',
	reason: 'Not authorized (0x87)',
	properties: {
		contentType: 'application/json',
		payloadFormatIndicator: true,
		messageExpiryInterval: 60,
		responseTopic: 'reply/here',
		correlationData: new Uint8Array([0, 1, 254, 255]),
		userProperties: { a: '1', multi: ['x', 'y'] },
		subscriptionIdentifier: [3, 4],
		topicAlias: 5
	},
	afterReconnect: true,
	queuedOffline: false,
	gapBefore: { from: 1000, to: 2000 }
};

const minimal: MessageRecord = {
	profileId: 'p',
	id: 8,
	direction: 'in',
	topic: 'bin',
	payload: new Uint8Array([0xff, 0x00, 0x80]),
	qos: 0,
	retain: false,
	dup: false,
	time: 1
};

/** Reads a line back into a record with the original profile and id, for comparison. */
function roundTrip(record: MessageRecord): MessageRecord {
	const parsed = parseLine(ndjsonLine(record).trimEnd());
	if (parsed.kind !== 'message') throw new Error(JSON.stringify(parsed));
	return { ...parsed.message, profileId: record.profileId, id: record.id };
}

describe('NDJSON lines', () => {
	it('write every field, the payload as base64 and as text when UTF-8', () => {
		const line = ndjsonLine(full);
		expect(line.endsWith('\n')).toBe(true);
		expect(line.slice(0, -1)).not.toContain('\n');
		const object = JSON.parse(line);
		expect(object).toMatchObject({
			id: 7,
			direction: 'out',
			topic: 'lab/réacteur/1',
			payloadText: '{"temperature":21.5,"meta":{"unit":"C","tags":["a","b"]}}',
			qos: 2,
			retain: true,
			dup: true,
			time: full.time,
			timeIso: '2026-01-02T03:04:05.678Z',
			state: 'refused',
			reason: 'Not authorized (0x87)',
			afterReconnect: true,
			queuedOffline: false,
			gapBefore: { from: 1000, to: 2000 }
		});
		expect(object.properties.correlationData).toBe('AAH+/w==');
		expect(object.properties.userProperties).toEqual({ a: '1', multi: ['x', 'y'] });
	});

	it('leave payloadText out for a binary payload', () => {
		const object = JSON.parse(ndjsonLine(minimal));
		expect(object.payloadBase64).toBe('/wCA');
		expect(object).not.toHaveProperty('payloadText');
		expect(object).not.toHaveProperty('properties');
	});

	it('read back to the same record, every field', () => {
		expect(roundTrip(full)).toEqual(full);
		expect(roundTrip(minimal)).toEqual(minimal);
	});

	it('read the header line as a header', () => {
		const header = exportHeader('Home', Date.UTC(2026, 0, 1));
		expect(JSON.parse(header)).toEqual({
			mqttScopeExport: 1,
			profile: 'Home',
			exportedAt: '2026-01-01T00:00:00.000Z'
		});
		expect(parseLine(header)).toEqual({ kind: 'header' });
	});

	it.each([
		['{oops', 'not JSON'],
		['[1]', 'not a JSON object'],
		['{"mqttScopeExport":2}', 'export version 2 is not supported'],
		['{"topic":"t","direction":"in","qos":0,"time":1}', 'payloadBase64 is missing'],
		['{"payloadBase64":"","direction":"in","qos":0,"time":1}', 'topic is missing'],
		['{"topic":"t","payloadBase64":"!!","direction":"in","qos":0,"time":1}', 'not base64'],
		['{"topic":"t","payloadBase64":"","direction":"up","qos":0,"time":1}', 'direction'],
		['{"topic":"t","payloadBase64":"","direction":"in","qos":3,"time":1}', 'qos must be'],
		['{"topic":"t","payloadBase64":"","direction":"in","qos":0}', 'time is missing'],
		['{"topic":"t","payloadBase64":"","direction":"in","qos":0,"time":1,"retain":"yes"}', 'retain'],
		[
			'{"topic":"t","payloadBase64":"","direction":"in","qos":0,"time":1,"properties":{"correlationData":5}}',
			'correlationData'
		],
		['{"topic":"t","payloadBase64":"","direction":"in","qos":0,"time":1e20}', '100 years'],
		['{"topic":"t","payloadBase64":"","direction":"in","qos":0,"time":-1e20}', '100 years'],
		[
			'{"topic":"t","payloadBase64":"","direction":"in","qos":0,"timeIso":"+275760-09-13T00:00:00Z"}',
			'100 years'
		],
		[
			'{"topic":"t","payloadBase64":"","direction":"in","qos":0,"time":1,"gapBefore":{"from":0,"to":1e300}}',
			'gapBefore'
		],
		[
			'{"topic":"t","payloadBase64":"","direction":"in","qos":0,"time":1,"properties":{"topicAlias":-1}}',
			'topicAlias'
		]
	])('name the problem in %s', (line, problem) => {
		const parsed = parseLine(line);
		expect(parsed.kind).toBe('problem');
		expect(parsed.kind === 'problem' && parsed.problem).toContain(problem);
	});

	it('refuse a topic longer than MQTT allows', () => {
		const line = `{"topic":"${'t'.repeat(70_000)}","payloadBase64":"","direction":"in","qos":0,"time":1}`;
		expect(parseLine(line)).toEqual({
			kind: 'problem',
			problem: 'topic is longer than MQTT allows'
		});
	});

	it('take the time from timeIso when time is missing', () => {
		const parsed = parseLine(
			'{"topic":"t","payloadBase64":"aGk=","direction":"in","qos":1,"timeIso":"2026-01-01T00:00:00.000Z"}'
		);
		expect(parsed).toMatchObject({
			kind: 'message',
			message: { time: Date.UTC(2026, 0, 1), payload: utf8('hi'), retain: false, dup: false }
		});
	});
});

describe('JSON array', () => {
	it('is valid JSON with the same objects as NDJSON', () => {
		const text = jsonElement(full, true) + jsonElement(minimal, false) + jsonEnd(true);
		expect(JSON.parse(text)).toEqual([
			JSON.parse(ndjsonLine(full)),
			JSON.parse(ndjsonLine(minimal))
		]);
	});

	it('is an empty array when nothing was written', () => {
		expect(JSON.parse(jsonEnd(false))).toEqual([]);
	});
});

describe('CSV', () => {
	it('neutralises formulas a device put in a topic or payload (one CSV writer: csv.ts)', () => {
		const hostile = {
			...minimal,
			topic: '=cmd|calc',
			payload: new TextEncoder().encode('@SUM(1,2)')
		};
		const row = csvRow(hostile, []);
		expect(row).toContain(",'=cmd|calc,");
		expect(row).toContain(`"'@SUM(1,2)"`);
	});

	it('flattens JSON payload fields to dot paths', () => {
		expect(Object.fromEntries(flattenPayload(full.payload) ?? [])).toEqual({
			temperature: '21.5',
			'meta.unit': 'C',
			'meta.tags.0': 'a',
			'meta.tags.1': 'b'
		});
		expect(flattenPayload(utf8('42'))).toBeUndefined();
		expect(flattenPayload(utf8('{not json'))).toBeUndefined();
		expect(flattenPayload(minimal.payload)).toBeUndefined();
		expect(Object.fromEntries(flattenPayload(utf8(' {"e":{},"n":null}')) ?? [])).toEqual({
			e: '{}',
			n: 'null'
		});
	});

	it('writes a header and rows with the fixed columns and the collected fields', () => {
		const fields = new Set<string>();
		collectFields(full, fields);
		collectFields(minimal, fields);
		collectFields({ ...minimal, payload: utf8('{"topic":"x","temperature":3}') }, fields);
		const names = [...fields];
		expect(csvHeader(names)).toBe(
			'time_iso,time_ms,direction,topic,qos,retain,dup,payload,temperature,meta.unit,meta.tags.0,meta.tags.1,payload.topic\r\n'
		);
		expect(csvRow(minimal, names)).toBe(
			'1970-01-01T00:00:00.001Z,1,in,bin,0,false,false,base64:/wCA,,,,,\r\n'
		);
		expect(csvRow(full, names)).toBe(
			`2026-01-02T03:04:05.678Z,${full.time},out,lab/réacteur/1,2,true,true,` +
				'"{""temperature"":21.5,""meta"":{""unit"":""C"",""tags"":[""a"",""b""]}}",21.5,C,a,b,\r\n'
		);
	});

	it('caps the payload columns', () => {
		const wide = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`f${i}`, i]));
		const fields = new Set<string>();
		collectFields({ ...minimal, payload: utf8(JSON.stringify(wide)) }, fields);
		collectFields({ ...minimal, payload: utf8('{"late":1}') }, fields);
		expect(fields.size).toBe(MAX_CSV_FIELD_COLUMNS);
		expect(fields.has('late')).toBe(false);
	});
});

describe('base64', () => {
	it('round-trips every byte value and payloads larger than one slice', () => {
		const bytes = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 7) & 0xff);
		const text = toBase64(bytes);
		expect(text).toBe(Buffer.from(bytes).toString('base64'));
		expect(fromBase64(text)).toEqual(bytes);
		expect(toBase64(new Uint8Array())).toBe('');
	});

	it('reads URL-safe and unpadded base64, and refuses what is not base64', () => {
		expect(fromBase64('_-8')).toEqual(new Uint8Array([0xff, 0xef]));
		expect(fromBase64('AAH+/w')).toEqual(new Uint8Array([0, 1, 0xfe, 0xff]));
		expect(fromBase64('a$b')).toBeUndefined();
	});
});
