import { describe, expect, it } from 'vitest';
import { SeriesValues, lineName, readSeriesValue, seriesMatches } from './series';

describe('lineName', () => {
	it('names a line by the levels its wildcards stand for', () => {
		expect(lineName('smart_env/+/telemetry', 'smart_env/device01/telemetry')).toBe('device01');
		expect(lineName('+/+/temp', 'plant/kiln/temp')).toBe('plant/kiln');
		expect(lineName('sensors/#', 'sensors/a/b')).toBe('a/b');
	});

	it('uses the topic when the filter has no wildcard or the wildcard matched nothing', () => {
		expect(lineName('a/b', 'a/b')).toBe('a/b');
		expect(lineName('a/#', 'a')).toBe('a');
	});
});

describe('readSeriesValue', () => {
	const payload = { temperature: 21.5, ok: true, 'room 1': { 'a.b': [1, 2.5] }, text: '3' };

	it('reads numbers, and booleans as 1/0', () => {
		expect(readSeriesValue(payload, 'temperature')).toBe(21.5);
		expect(readSeriesValue(payload, 'ok')).toBe(1);
		expect(readSeriesValue({ ok: false }, 'ok')).toBe(0);
	});

	it('follows keys with spaces and dots and array elements', () => {
		expect(readSeriesValue(payload, '["room 1"]["a.b"][1]')).toBe(2.5);
	});

	it('reads a bare number or boolean payload as "value"', () => {
		expect(readSeriesValue(23.4, 'value')).toBe(23.4);
		expect(readSeriesValue(true, 'value')).toBe(1);
		expect(readSeriesValue(23.4, 'temperature')).toBeUndefined();
	});

	it('gives nothing for strings, missing paths, bad paths and non-finite values', () => {
		expect(readSeriesValue(payload, 'text')).toBeUndefined();
		expect(readSeriesValue(payload, 'missing')).toBeUndefined();
		expect(readSeriesValue(payload, 'a..b')).toBeUndefined();
		expect(readSeriesValue([1], 'length')).toBeUndefined();
	});
});

describe('seriesMatches', () => {
	it('matches topics by the series filter', () => {
		expect(seriesMatches({ topicFilter: 'a/+/c', path: 'x' }, 'a/b/c')).toBe(true);
		expect(seriesMatches({ topicFilter: 'a/+/c', path: 'x' }, 'a/b/d')).toBe(false);
	});
});

describe('SeriesValues', () => {
	const bytes = (text: string) => new TextEncoder().encode(text);
	const series = [
		{ topicFilter: 'room/+', path: 'temp' },
		{ topicFilter: 'room/a', path: 'hum' },
		{ topicFilter: 'yard/+', path: 'temp' }
	];
	const values = new SeriesValues(series);

	it('hands over each matching series with a value, at the payload’s own time', () => {
		const taken: [number, number, number][] = [];
		const payload = bytes('{"temp":21.5,"hum":40,"ts":"2026-01-02T03:04:05Z"}');
		values.each('room/a', payload, 7, (i, v, t) => taken.push([i, v, t]));
		const at = Date.parse('2026-01-02T03:04:05Z');
		expect(taken).toEqual([
			[0, 21.5, at],
			[1, 40, at]
		]);
	});

	it('uses the arrival time when the payload has none, and skips paths without a number', () => {
		const taken: [number, number, number][] = [];
		values.each('room/a', bytes('{"temp":"warm","hum":41}'), 7, (i, v, t) => taken.push([i, v, t]));
		expect(taken).toEqual([[1, 41, 7]]);
	});

	it('hands over nothing for a topic no series matches, or a payload that is not JSON', () => {
		const taken: number[] = [];
		values.each('hall/x', bytes('{"temp":1}'), 7, (i) => taken.push(i));
		values.each('room/b', bytes('not json {'), 7, (i) => taken.push(i));
		expect(taken).toEqual([]);
	});

	it('tells which series a topic belongs to, the same on every ask', () => {
		expect(values.matching('room/a')).toEqual([0, 1]);
		expect(values.matching('room/a')).toEqual([0, 1]);
		expect(values.matching('yard/x')).toEqual([2]);
		expect(values.matching('room/a/b')).toEqual([]);
	});

	it('reads a bare number only for the "value" path, and nothing for a path that cannot parse', () => {
		const taken: [number, number][] = [];
		const bare = new SeriesValues([
			{ topicFilter: 'n', path: 'value' },
			{ topicFilter: 'n', path: 'temp' },
			{ topicFilter: 'n', path: 'a..b' }
		]);
		bare.each('n', bytes('21.5'), 7, (i, v) => taken.push([i, v]));
		bare.each('n', bytes('{"temp":3,"a":{"b":4}}'), 7, (i, v) => taken.push([i, v]));
		expect(taken).toEqual([
			[0, 21.5],
			[1, 3]
		]);
	});
});
