import { describe, expect, it } from 'vitest';
import { lineName, readSeriesValue, seriesMatches } from './series';

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
