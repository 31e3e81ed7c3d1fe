/**
 * Property tests for what history reads and writes: hostile import lines are skipped with a
 * reason or come out inside every bound, and no stored record (whatever its time or payload)
 * makes an export or a time format throw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	hostileBytes,
	hostileImportLine,
	hostileTime
} from '../../../../tests/support/hostile-payloads';
import type { MessageRecord } from '../mqtt/message';
import { csvCell } from './csv';
import {
	collectFields,
	csvHeader,
	csvRow,
	MAX_CSV_FIELD_COLUMNS,
	ndjsonLine,
	parseLine
} from './export-format';
import { formatAxisTime, formatTime, isoTime, TIME_UNKNOWN } from './time-format';

const NOW = Date.UTC(2026, 11, 3);
const CENTURY = 100 * 365.25 * 24 * 3600 * 1000;

/** A stored record as an old database or a hostile device could have left it. */
const hostileRecord: fc.Arbitrary<MessageRecord> = fc
	.record({
		topic: fc.oneof(fc.string(), fc.constantFrom('=cmd|"/c calc"!A1', '@SUM(1)', '+1', '-1+1')),
		payload: hostileBytes,
		time: hostileTime,
		qos: fc.constantFrom(0 as const, 1 as const, 2 as const),
		retain: fc.boolean(),
		gap: fc.option(fc.record({ from: hostileTime, to: hostileTime }), { nil: undefined })
	})
	.map(({ topic, payload, time, qos, retain, gap }) => ({
		profileId: 'p',
		id: 1,
		direction: 'in',
		topic,
		payload,
		qos,
		retain,
		dup: false,
		time,
		...(gap ? { gapBefore: gap } : {})
	}));

describe('history on hostile input', () => {
	it('formats any time without throwing, as a time or TIME_UNKNOWN', () => {
		fc.assert(
			fc.property(hostileTime, fc.double(), (ms, step) => {
				const style = { hourCycle: '24' as const, milliseconds: true };
				const text = formatTime(ms, style, { date: 'year' }, 'en');
				expect(typeof text).toBe('string');
				if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) expect(text).toBe(TIME_UNKNOWN);
				expect(typeof formatAxisTime(ms, step, style, 'en')).toBe('string');
				const iso = isoTime(ms);
				if (iso !== undefined) expect(Date.parse(iso)).toBe(Math.trunc(ms) || 0);
			})
		);
	});

	it('exports any stored record as NDJSON and CSV without throwing', () => {
		fc.assert(
			fc.property(fc.array(hostileRecord, { minLength: 1, maxLength: 5 }), (records) => {
				const fields = new Set<string>();
				for (const record of records) {
					expect(JSON.parse(ndjsonLine(record))).toMatchObject({ topic: record.topic });
					collectFields(record, fields);
				}
				expect(fields.size).toBeLessThanOrEqual(MAX_CSV_FIELD_COLUMNS);
				expect(csvHeader([...fields])).toMatch(/\r\n$/);
				for (const record of records) {
					const row = csvRow(record, [...fields]);
					// The topic cell is written neutralised, never as the formula it may be.
					expect(row).toContain(`,${csvCell(record.topic)},`);
				}
			}),
			{ numRuns: 100 }
		);
	}, 60_000);

	it('skips a hostile import line with a reason, or reads it inside every bound', () => {
		fc.assert(
			fc.property(hostileImportLine, (line) => {
				const parsed = parseLine(line, NOW);
				if (parsed.kind === 'problem') {
					expect(parsed.problem.length).toBeGreaterThan(0);
					return;
				}
				if (parsed.kind === 'header') return;
				const { message } = parsed;
				expect(Math.abs(message.time - NOW)).toBeLessThanOrEqual(CENTURY);
				expect(message.topic.length).toBeGreaterThan(0);
				expect(message.topic.length).toBeLessThanOrEqual(65_535);
				expect([0, 1, 2]).toContain(message.qos);
				if (message.gapBefore) {
					expect(Math.abs(message.gapBefore.from - NOW)).toBeLessThanOrEqual(CENTURY);
					expect(message.gapBefore.from).toBeLessThanOrEqual(message.gapBefore.to);
				}
				const ids = message.properties?.subscriptionIdentifier;
				for (const id of ids === undefined ? [] : [ids].flat()) {
					expect(Number.isInteger(id) && id >= 1 && id <= 268_435_455).toBe(true);
				}
				// What was read can be written again.
				expect(() => ndjsonLine({ ...message, profileId: 'p', id: 1 })).not.toThrow();
			}),
			{ numRuns: 400 }
		);
	});

	it('names the bound an import line breaks', () => {
		const line = (extra: object) =>
			JSON.stringify({
				direction: 'in',
				topic: 'a',
				payloadBase64: '',
				qos: 0,
				time: NOW,
				...extra
			});
		const problem = (extra: object) => {
			const parsed = parseLine(line(extra), NOW);
			return parsed.kind === 'problem' ? parsed.problem : parsed.kind;
		};
		expect(problem({})).toBe('message');
		expect(problem({ time: 1e20 })).toMatch(/100 years/);
		expect(problem({ reason: 'r'.repeat(5000) })).toMatch(/reason is longer/);
		expect(problem({ properties: { subscriptionIdentifier: 0 } })).toMatch(/1 to 268435455/);
		expect(problem({ properties: { subscriptionIdentifier: [1.5] } })).toMatch(/whole numbers/);
		const many = Object.fromEntries(Array.from({ length: 1025 }, (_, i) => [`k${i}`, 'v']));
		expect(problem({ properties: { userProperties: many } })).toMatch(/at most 1024/);
		expect(problem({ properties: { contentType: 'c'.repeat(70_000) } })).toMatch(/65,535/);
	});
});
