import { describe, expect, it } from 'vitest';
import { TopicCache } from './topic-cache';
import { topicMatches } from './topic';

describe('TopicCache', () => {
	it('computes once per topic and gives back what it computed', () => {
		const asked: string[] = [];
		const cache = new TopicCache((topic) => {
			asked.push(topic);
			return topicMatches('dev/+/t', topic);
		});
		const answers = ['dev/a/t', 'dev/b/t', 'dev/a/t', 'x', 'dev/a/t', 'x'].map((t) => cache.get(t));
		expect(answers).toEqual([true, true, true, false, true, false]);
		expect(asked).toEqual(['dev/a/t', 'dev/b/t', 'x']);
	});

	it('remembers a falsy answer too', () => {
		let calls = 0;
		const cache = new TopicCache(() => (calls++, undefined));
		cache.get('a');
		cache.get('a');
		expect(calls).toBe(1);
	});

	it('starts over past its limit, so endless new topics take bounded memory', () => {
		const asked: string[] = [];
		const cache = new TopicCache((topic) => (asked.push(topic), topic.length), 3);
		for (const topic of ['a', 'bb', 'ccc', 'dddd']) cache.get(topic);
		// 'dddd' came with three remembered: the cache started over, so 'a' is computed again.
		cache.get('dddd');
		cache.get('a');
		expect(asked).toEqual(['a', 'bb', 'ccc', 'dddd', 'a']);
	});

	it('computes again after clear', () => {
		let calls = 0;
		const cache = new TopicCache(() => ++calls);
		expect(cache.get('a')).toBe(1);
		cache.clear();
		expect(cache.get('a')).toBe(2);
	});
});
