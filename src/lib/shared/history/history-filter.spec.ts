import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '../mqtt/message';
import { isEmptyFilter, matchesFilter } from './history-filter';

const record: MessageRecord = {
	profileId: 'p',
	id: 1,
	direction: 'in',
	topic: 'home/kitchen/temp',
	payload: new TextEncoder().encode('{"Temperature": 21.5}'),
	qos: 1,
	retain: true,
	dup: false,
	time: 5_000
};

describe('isEmptyFilter', () => {
	it('is empty with no fields, undefined fields or an empty QoS list', () => {
		expect(isEmptyFilter(undefined)).toBe(true);
		expect(isEmptyFilter({})).toBe(true);
		expect(isEmptyFilter({ topicFilter: '', text: '', qos: [] })).toBe(true);
	});

	it('is not empty when any field is set, even to a falsy value', () => {
		expect(isEmptyFilter({ topicFilter: '#' })).toBe(false);
		expect(isEmptyFilter({ from: 0 })).toBe(false);
		expect(isEmptyFilter({ retained: false })).toBe(false);
		expect(isEmptyFilter({ qos: [0] })).toBe(false);
		expect(isEmptyFilter({ direction: 'out' })).toBe(false);
	});
});

describe('matchesFilter', () => {
	it('matches everything with an empty filter', () => {
		expect(matchesFilter(record, {})).toBe(true);
	});

	it.each([
		[{ topicFilter: 'home/+/temp' }, true],
		[{ topicFilter: 'home/#' }, true],
		[{ topicFilter: 'office/#' }, false],
		[{ text: 'temperature' }, true],
		[{ text: '22' }, false],
		[{ from: 5_000, to: 5_000 }, true],
		[{ from: 5_001 }, false],
		[{ to: 4_999 }, false],
		[{ direction: 'in' as const }, true],
		[{ direction: 'out' as const }, false],
		[{ retained: true }, true],
		[{ retained: false }, false],
		[{ qos: [1 as const, 2 as const] }, true],
		[{ qos: [0 as const] }, false]
	])('%j → %s', (filter, expected) => {
		expect(matchesFilter(record, filter)).toBe(expected);
	});

	it('needs every set field to match', () => {
		expect(matchesFilter(record, { topicFilter: 'home/#', qos: [1] })).toBe(true);
		expect(matchesFilter(record, { topicFilter: 'home/#', qos: [2] })).toBe(false);
	});

	it('searches a binary payload without throwing', () => {
		const binary = { ...record, payload: new Uint8Array([0xff, 0x41, 0x42]) };
		expect(matchesFilter(binary, { text: 'ab' })).toBe(true);
	});
});
