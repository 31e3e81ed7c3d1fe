import { describe, expect, it } from 'vitest';
import { exceedsDepth } from './json-depth';

describe('exceedsDepth', () => {
	it('counts nesting outside strings only', () => {
		expect(exceedsDepth('[[1]]', 2)).toBe(false);
		expect(exceedsDepth('[[[1]]]', 2)).toBe(true);
		expect(exceedsDepth('["[[[[\\"[[["]', 1)).toBe(false);
		expect(exceedsDepth('{"a":{"b":[1]}}', 2)).toBe(true);
	});

	it('stops at the first level past the limit, whatever follows', () => {
		expect(exceedsDepth('['.repeat(101) + 'garbage', 100)).toBe(true);
		expect(exceedsDepth('['.repeat(100) + ']'.repeat(100), 100)).toBe(false);
	});
});
