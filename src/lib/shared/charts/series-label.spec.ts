import { describe, expect, it } from 'vitest';
import { lineLabel } from './series-label';

describe('lineLabel', () => {
	const wildcard = { topicFilter: 'smart_env/+/telemetry', path: 'temperature' };
	const plain = { topicFilter: 'smart_env/device01/telemetry', path: 'humidity' };

	it('names a plain series by its label, else its path', () => {
		expect(lineLabel(plain, plain.topicFilter, 2)).toBe('humidity');
		expect(lineLabel({ ...plain, label: 'Humidity' }, plain.topicFilter, 2)).toBe('Humidity');
	});

	it('names a lone wildcard series line by the wildcard level', () => {
		expect(lineLabel(wildcard, 'smart_env/device01/telemetry', 1)).toBe('device01');
	});

	it('prefixes the wildcard level with the path or label next to other series', () => {
		expect(lineLabel(wildcard, 'smart_env/device07/telemetry', 2)).toBe('temperature · device07');
		expect(lineLabel({ ...wildcard, label: 'Temp' }, 'smart_env/device07/telemetry', 1)).toBe(
			'Temp · device07'
		);
	});

	it('joins the levels of a multi-level wildcard', () => {
		expect(lineLabel({ topicFilter: 'site/+/+/t', path: 'v' }, 'site/a/b/t', 1)).toBe('a/b');
		expect(lineLabel({ topicFilter: 'site/#', path: 'v' }, 'site/a/b', 1)).toBe('a/b');
	});
});
