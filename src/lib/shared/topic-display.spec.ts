import { describe, expect, it } from 'vitest';
import { shortenTopic } from './topic-display';

describe('shortenTopic', () => {
	it('leaves short topics alone', () => {
		expect(shortenTopic('a/b/c', 20)).toBe('a/b/c');
	});

	it('keeps the first level and as many last levels as fit', () => {
		expect(shortenTopic('smart_env/building7/floor2/device01/telemetry', 36)).toBe(
			'smart_env…/floor2/device01/telemetry'
		);
		expect(shortenTopic('smart_env/building7/floor2/device01/telemetry', 30)).toBe(
			'smart_env…/device01/telemetry'
		);
		expect(shortenTopic('smart_env/building7/floor2/device01/telemetry', 22)).toBe(
			'smart_env…/telemetry'
		);
	});

	it('never returns more than max characters', () => {
		const topic = 'averyveryverylongfirstlevel/another-very-long-level/last';
		for (let max = 5; max < topic.length; max++) {
			expect(shortenTopic(topic, max).length).toBeLessThanOrEqual(max);
		}
	});

	it('cuts inside a level when no whole level fits', () => {
		const short = shortenTopic('abcdefghijklmnopqrstuvwxyz', 10);
		expect(short).toBe('abc…uvwxyz');
		expect(short.length).toBeLessThanOrEqual(10);
	});
});
