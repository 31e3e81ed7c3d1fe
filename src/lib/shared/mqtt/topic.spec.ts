import { describe, expect, it } from 'vitest';
import {
	hasWildcard,
	stripSharePrefix,
	topicMatches,
	validateTopicFilter,
	validateTopicName
} from './topic';

describe('validateTopicName', () => {
	it.each([
		'a',
		'home/kitchen/light',
		'/leading',
		'trailing/',
		'a//b',
		'$SYS/broker/uptime',
		' ',
		'ünï/cødé/🙂'
	])('accepts %j', (topic) => {
		expect(validateTopicName(topic)).toBeUndefined();
	});

	it('rejects an empty topic', () => {
		expect(validateTopicName('')).toMatch(/Enter a topic/);
	});

	it.each(['a/+/c', 'a/#', '+', '#', 'a+b', 'a/b#'])('rejects wildcard in %j', (topic) => {
		expect(validateTopicName(topic)).toMatch(/cannot contain the wildcards/);
	});

	it('rejects U+0000', () => {
		expect(validateTopicName('a\u0000b')).toMatch(/null character/);
	});

	it('rejects an unpaired surrogate', () => {
		expect(validateTopicName('a\uD800b')).toMatch(/unpaired surrogate/);
		expect(validateTopicName('a\uDC00')).toMatch(/unpaired surrogate/);
	});

	it('counts UTF-8 bytes, not characters, against 65,535', () => {
		expect(validateTopicName('a'.repeat(65535))).toBeUndefined();
		expect(validateTopicName('a'.repeat(65536))).toMatch(/too long: 65,536 bytes/);
		// "é" is two bytes in UTF-8: 32,768 of them are 65,536 bytes.
		expect(validateTopicName('é'.repeat(32768))).toMatch(/too long/);
		expect(validateTopicName('é'.repeat(32767))).toBeUndefined();
	});
});

describe('validateTopicFilter', () => {
	it.each([
		'#',
		'+',
		'a/b/c',
		'a/+/c',
		'a/#',
		'+/+',
		'/+',
		'+/',
		'a/+/#',
		'$SYS/#',
		'$SYS/broker/+',
		'$share/group/a/#',
		'$share/g/+',
		'$share/g/#',
		'$share/g/$SYS/#',
		'a//b'
	])('accepts %j', (filter) => {
		expect(validateTopicFilter(filter)).toBeUndefined();
	});

	it('rejects an empty filter', () => {
		expect(validateTopicFilter('')).toMatch(/Enter a topic filter/);
	});

	it('explains a "+" that does not fill a level', () => {
		expect(validateTopicFilter('a/b+')).toBe(
			'A "+" must fill a whole topic level, like "a/+/c", not "a/b+".'
		);
		expect(validateTopicFilter('+a')).toMatch(/must fill a whole topic level.*"\+a"/);
		expect(validateTopicFilter('x/y/b+/c')).toMatch(/not "…\/y\/b\+"/);
	});

	it('explains a "#" that does not fill a level', () => {
		expect(validateTopicFilter('a/b#')).toMatch(/A "#" must fill a whole topic level.*"a\/b#"/);
		expect(validateTopicFilter('#a')).toMatch(/must fill a whole topic level/);
	});

	it('explains a "#" that is not last', () => {
		expect(validateTopicFilter('a/#/c')).toMatch(/only be the last level/);
		expect(validateTopicFilter('#/')).toMatch(/only be the last level/);
	});

	it.each([
		['$share/', /needs a group name/],
		['$share//a', /needs a group name/],
		['$share/g', /needs a topic filter after the group/],
		['$share/g/', /needs a topic filter after the group/],
		['$share/g+/a', /group name "g\+" cannot contain/],
		['$share/#/a', /cannot contain/],
		['$share/g/a/b+', /must fill a whole topic level/],
		['$share/g/#/a', /only be the last level/]
	])('rejects shared subscription %j', (filter, message) => {
		expect(validateTopicFilter(filter)).toMatch(message);
	});

	it('rejects U+0000 and over-long filters', () => {
		expect(validateTopicFilter('a/\u0000')).toMatch(/null character/);
		expect(validateTopicFilter('a'.repeat(65536))).toMatch(/too long/);
	});
});

describe('topicMatches', () => {
	it.each([
		['a/b/c', 'a/b/c'],
		['a/+/c', 'a/b/c'],
		['a/+/c', 'a//c'],
		['+/+/+', 'a/b/c'],
		['#', 'a'],
		['#', 'a/b/c'],
		['#', '/a'],
		['a/#', 'a'],
		['a/#', 'a/b'],
		['a/#', 'a/b/c'],
		['a/#', 'a/'],
		['+/#', 'a'],
		['/+', '/a'],
		['+/a', '/a'],
		['a/+', 'a/'],
		['$SYS/#', '$SYS/broker/uptime'],
		['$SYS/+/uptime', '$SYS/broker/uptime'],
		['$share/g/a/+', 'a/b'],
		['$share/g/#', 'x/y'],
		['sport/tennis/player1/#', 'sport/tennis/player1/ranking/wimbledon']
	])('%j matches %j', (filter, topic) => {
		expect(topicMatches(filter, topic)).toBe(true);
	});

	it.each([
		['a/b/c', 'a/b'],
		['a/b', 'a/b/c'],
		['a/+/c', 'a/b/d'],
		['a/+', 'a'],
		['a/+', 'a/b/c'],
		['+', 'a/b'],
		['+', '/a'],
		['a/#', 'b'],
		['a/#', 'ab'],
		['A/b', 'a/b'],
		['a/b', 'a/b/'],
		// MQTT 5 §4.7.2: leading wildcards skip topics beginning with "$".
		['#', '$SYS/broker'],
		['+/broker', '$SYS/broker'],
		['+/#', '$SYS'],
		['$share/g/#', '$SYS/x'],
		['$share/g/a/+', 'b/c']
	])('%j does not match %j', (filter, topic) => {
		expect(topicMatches(filter, topic)).toBe(false);
	});
});

describe('stripSharePrefix', () => {
	it('removes "$share/group/" and leaves other filters alone', () => {
		expect(stripSharePrefix('$share/g/a/#')).toBe('a/#');
		expect(stripSharePrefix('a/#')).toBe('a/#');
		expect(stripSharePrefix('$SYS/#')).toBe('$SYS/#');
	});
});

describe('hasWildcard', () => {
	it('sees + and # levels only', () => {
		expect(hasWildcard('a/+/b')).toBe(true);
		expect(hasWildcard('a/#')).toBe(true);
		expect(hasWildcard('a/b+c/d#')).toBe(false);
		expect(hasWildcard('a/b')).toBe(false);
	});
});
