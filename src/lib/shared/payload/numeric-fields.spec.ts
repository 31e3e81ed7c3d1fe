import { describe, expect, it } from 'vitest';
import {
	discoverNumericFields,
	formatPath,
	parsePath,
	parsePayload,
	parseTime,
	timeOf
} from './numeric-fields';
import { readSeriesValue } from '../charts/series';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const RECEIVED = Date.UTC(2025, 0, 1);

/**
 * A payload's chart point as the series reader and the quick chart see it: its time (a time
 * field, else arrival) and the value at each numeric path; undefined without numbers.
 */
function extractPoint(bytes: Uint8Array, receivedAt: number) {
	const payload = parsePayload(bytes);
	const paths = discoverNumericFields(payload);
	if (payload === undefined || paths.length === 0) return undefined;
	const values = Object.fromEntries(paths.map((path) => [path, readSeriesValue(payload, path)]));
	return { time: timeOf(payload) ?? receivedAt, values };
}

describe('discoverNumericFields', () => {
	it('lists top-level numbers', () => {
		expect(discoverNumericFields({ temperature: 23.4, humidity: 51 })).toEqual([
			'temperature',
			'humidity'
		]);
	});

	it('returns "value" for a bare number', () => {
		expect(discoverNumericFields(23.4)).toEqual(['value']);
		expect(discoverNumericFields(Number.NaN)).toEqual([]);
	});

	it('walks nested objects and arrays', () => {
		const payload = {
			env: { temp: 20, wind: { speed: 3.5, dir: 'N' } },
			readings: [1, { v: 2 }, [3]],
			ok: true
		};
		expect(discoverNumericFields(payload)).toEqual([
			'env.temp',
			'env.wind.speed',
			'readings[0]',
			'readings[1].v',
			'readings[2][0]'
		]);
	});

	it('lists a top-level array by index', () => {
		expect(discoverNumericFields([1.5, 'x', 2])).toEqual(['[0]', '[2]']);
	});

	it('writes awkward keys in bracket form', () => {
		const payload = { 'a.b': 1, room: { 'living room': 2, '': 3, 'q"uote': 4 } };
		expect(discoverNumericFields(payload)).toEqual([
			'["a.b"]',
			'room["living room"]',
			'room[""]',
			'room["q\\"uote"]'
		]);
	});

	it('excludes booleans, strings, null and non-numbers', () => {
		expect(discoverNumericFields({ on: true, s: '23', n: null, o: {} })).toEqual([]);
		expect(discoverNumericFields('23')).toEqual([]);
		expect(discoverNumericFields(null)).toEqual([]);
	});

	it('skips top-level time fields that hold a time', () => {
		expect(discoverNumericFields({ ts: 1732540000, t: 1732540000000, v: 1 })).toEqual(['v']);
		expect(discoverNumericFields({ Timestamp: '2024-11-25T13:06:40Z', v: 1 })).toEqual(['v']);
	});

	it('keeps a time-like key whose value is not a time', () => {
		// "t" is often a temperature: 21.5 s after 1970 is not a believable timestamp.
		expect(discoverNumericFields({ t: 21.5, h: 40 })).toEqual(['t', 'h']);
	});

	it('keeps nested time-like keys as series', () => {
		expect(discoverNumericFields({ a: { ts: 1732540000 } })).toEqual(['a.ts']);
	});

	it('stops at the limit', () => {
		expect(discoverNumericFields(Array.from({ length: 1000 }, (_, i) => i))).toHaveLength(256);
		expect(discoverNumericFields([1, 2, 3], 2)).toEqual(['[0]', '[1]']);
	});
});

describe('a payload as a chart point', () => {
	it('takes the time from a seconds timestamp (the brief example)', () => {
		const point = extractPoint(
			utf8('{"timestamp":1732540000.1,"temperature":23.4,"humidity":51.2}'),
			RECEIVED
		);
		expect(point).toEqual({
			time: 1732540000100,
			values: { temperature: 23.4, humidity: 51.2 }
		});
	});

	it('leaves a millisecond timestamp as it is', () => {
		expect(extractPoint(utf8('{"ts":1732540000123,"v":1}'), RECEIVED)?.time).toBe(1732540000123);
	});

	it('parses an ISO time', () => {
		expect(extractPoint(utf8('{"time":"2024-11-25T13:06:40.5Z","v":1}'), RECEIVED)?.time).toBe(
			Date.UTC(2024, 10, 25, 13, 6, 40, 500)
		);
	});

	it('uses receivedAt without a time field', () => {
		expect(extractPoint(utf8('{"v":1}'), RECEIVED)).toEqual({ time: RECEIVED, values: { v: 1 } });
	});

	it('uses receivedAt when the time field is not a time, and plots it', () => {
		expect(extractPoint(utf8('{"t":21.5}'), RECEIVED)).toEqual({
			time: RECEIVED,
			values: { t: 21.5 }
		});
	});

	it('prefers timestamp over ts, time and t', () => {
		const point = extractPoint(utf8('{"t":1600000000,"timestamp":1700000000,"v":1}'), RECEIVED);
		expect(point?.time).toBe(1700000000000);
	});

	it('matches time keys in any case, passing over one that holds no time to the next name', () => {
		// "TS" comes first in the payload, "Timestamp" holds no time: "TS" is the time.
		expect(timeOf({ TS: 1600000000, Timestamp: 'soon', t: 1500000000 })).toBe(1600000000000);
		// Two keys of one name: the first that holds a time.
		expect(timeOf({ Time: 'x', TIME: 1700000000, time: 1800000000 })).toBe(1700000000000);
		expect(timeOf({ temperature: 1700000000 })).toBeUndefined();
		expect(timeOf([1700000000])).toBeUndefined();
	});

	it('reads a bare number', () => {
		expect(extractPoint(utf8('23.4'), RECEIVED)).toEqual({
			time: RECEIVED,
			values: { value: 23.4 }
		});
		expect(extractPoint(utf8(' -7\n'), RECEIVED)?.values).toEqual({ value: -7 });
		expect(extractPoint(utf8('+5'), RECEIVED)?.values).toEqual({ value: 5 });
		expect(extractPoint(utf8('.5'), RECEIVED)?.values).toEqual({ value: 0.5 });
	});

	it('keys nested values by path', () => {
		const point = extractPoint(utf8('{"a":{"b":[1,2]},"c d":3}'), RECEIVED);
		expect(point?.values).toEqual({ 'a.b[0]': 1, 'a.b[1]': 2, '["c d"]': 3 });
	});

	it.each(['{"s":"x","b":true}', 'hello', '', '{"a":', 'NaN', '"23"', '{"ts":1732540000}'])(
		'returns undefined for %j',
		(text) => {
			expect(extractPoint(utf8(text), RECEIVED)).toBeUndefined();
		}
	);

	it('returns undefined for invalid UTF-8', () => {
		expect(extractPoint(new Uint8Array([0xff, 0x31]), RECEIVED)).toBeUndefined();
	});
});

describe('parseTime', () => {
	it.each([
		[1732540000, 1732540000000],
		[1732540000.1, 1732540000100],
		[1732540000123, 1732540000123],
		[1732540000123456, 1732540000123],
		// Nanoseconds lose precision as a double; the product stays in the same millisecond.
		[1732540000123 * 1e6, 1732540000123],
		['1732540000', 1732540000000],
		['2024-11-25T13:06:40Z', Date.UTC(2024, 10, 25, 13, 6, 40)],
		['2024-11-25', Date.UTC(2024, 10, 25)]
	])('reads %j', (value, ms) => {
		expect(parseTime(value)).toBe(ms);
	});

	it.each([0, 21.5, -1, 5e12 * 1000, 'yesterday', '12:00', true, null, Number.NaN, '2024-13-45'])(
		'rejects %j',
		(value) => {
			expect(parseTime(value)).toBeUndefined();
		}
	);
});

describe('paths', () => {
	it.each([
		[['a'], 'a'],
		[['a', 'b'], 'a.b'],
		[['a', 0, 'b'], 'a[0].b'],
		[[0, 1], '[0][1]'],
		[['a.b'], '["a.b"]'],
		[['a.b', 'c'], '["a.b"].c'],
		[['x', 'with space', 2], 'x["with space"][2]'],
		[['0'], '0'],
		[['ü', 'ünï'], 'ü.ünï']
	] as [(string | number)[], string][])('%j is written %j and read back', (segments, path) => {
		expect(formatPath(segments)).toBe(path);
		expect(parsePath(path)).toEqual(segments);
	});

	it.each(['', '.a', 'a..b', 'a b', '[x]', 'a[', '[0]b', 'a]'])('rejects %j', (path) => {
		expect(parsePath(path)).toBeUndefined();
	});

	it('reads the number at a discovered path', () => {
		const payload = { a: { 'b.c': [0, 7] }, d: 'x' };
		for (const path of discoverNumericFields(payload)) {
			expect(readSeriesValue(payload, path)).toBeTypeOf('number');
		}
		expect(readSeriesValue(payload, 'a["b.c"][1]')).toBe(7);
		expect(readSeriesValue(payload, 'd')).toBeUndefined();
		expect(readSeriesValue(payload, 'a.missing')).toBeUndefined();
		expect(readSeriesValue(23, 'value')).toBe(23);
		expect(readSeriesValue([1], 'length')).toBeUndefined();
	});

	it('parses payloads', () => {
		expect(parsePayload(utf8('{"a":1}'))).toEqual({ a: 1 });
		expect(parsePayload(utf8('5.'))).toBe(5);
		expect(parsePayload(utf8('abc'))).toBeUndefined();
	});
});
