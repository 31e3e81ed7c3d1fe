import { describe, expect, it } from 'vitest';
import { parseProfileTarget, resolveProfileTarget, withoutProfileParam } from './launch-target';

describe('parseProfileTarget', () => {
	it('reads the shortcuts’ last and demo targets', () => {
		expect(parseProfileTarget('?profile=last')).toEqual({ kind: 'last' });
		expect(parseProfileTarget('?profile=demo')).toEqual({ kind: 'demo' });
	});

	it('reads any other value as a profile id', () => {
		expect(parseProfileTarget('?x=1&profile=abc-123')).toEqual({ kind: 'id', id: 'abc-123' });
	});

	it('ignores a missing, empty or oversized value', () => {
		expect(parseProfileTarget('')).toBeUndefined();
		expect(parseProfileTarget('?profile=')).toBeUndefined();
		expect(parseProfileTarget(`?profile=${'a'.repeat(101)}`)).toBeUndefined();
	});
});

describe('withoutProfileParam', () => {
	it('drops only the profile parameter', () => {
		expect(withoutProfileParam('https://h/app/?profile=demo&url=ws%3A%2F%2Fx#t')).toBe(
			'/app/?url=ws%3A%2F%2Fx#t'
		);
		expect(withoutProfileParam('https://h/?profile=last')).toBe('/');
	});
});

describe('resolveProfileTarget', () => {
	const ids = ['local-demo', 'p1', 'p2'];

	it('maps demo to the demo profile and last to the one used last', () => {
		expect(resolveProfileTarget({ kind: 'demo' }, ids, 'local-demo', 'p2')).toBe('local-demo');
		expect(resolveProfileTarget({ kind: 'last' }, ids, 'local-demo', 'p2')).toBe('p2');
		expect(resolveProfileTarget({ kind: 'id', id: 'p1' }, ids, 'local-demo', 'p2')).toBe('p1');
	});

	it('selects nothing for a profile that no longer exists', () => {
		expect(resolveProfileTarget({ kind: 'demo' }, ['p1'], 'local-demo', 'p1')).toBeUndefined();
		expect(resolveProfileTarget({ kind: 'last' }, ids, 'local-demo', 'gone')).toBeUndefined();
		expect(resolveProfileTarget({ kind: 'last' }, ids, 'local-demo', undefined)).toBeUndefined();
		expect(resolveProfileTarget({ kind: 'id', id: 'x' }, ids, 'local-demo', 'p1')).toBeUndefined();
	});
});
