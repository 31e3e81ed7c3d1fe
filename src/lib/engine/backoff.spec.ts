import { describe, expect, it } from 'vitest';
import { createBackoff } from './backoff';

/** A random source that always returns the same value. */
const fixed = (value: number) => () => value;

describe('createBackoff', () => {
	it('grows exponentially from minMs without jitter', () => {
		const backoff = createBackoff({ minMs: 1000, maxMs: 60000, factor: 2, jitter: 0 });
		const delays = Array.from({ length: 6 }, () => backoff.next());
		expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 32000]);
	});

	it('caps at maxMs', () => {
		const backoff = createBackoff({ minMs: 1000, maxMs: 10000, jitter: 0 });
		const delays = Array.from({ length: 8 }, () => backoff.next());
		expect(delays).toEqual([1000, 2000, 4000, 8000, 10000, 10000, 10000, 10000]);
	});

	it('uses the defaults 1 s, ×2, 60 s cap', () => {
		const backoff = createBackoff({ random: fixed(0.5) });
		const delays = Array.from({ length: 8 }, () => backoff.next());
		expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
	});

	it('keeps the base finite after very many attempts', () => {
		const backoff = createBackoff({ jitter: 0 });
		for (let i = 0; i < 5000; i++) backoff.next();
		expect(backoff.next()).toBe(60000);
	});

	it('spreads each delay by ±jitter of its base', () => {
		const low = createBackoff({ jitter: 0.3, random: fixed(0) });
		const high = createBackoff({ jitter: 0.3, random: fixed(0.999999) });
		expect([low.next(), low.next(), low.next()]).toEqual([700, 1400, 2800]);
		expect([high.next(), high.next(), high.next()]).toEqual([1300, 2600, 5200]);
	});

	it('never exceeds maxMs, even with jitter', () => {
		const backoff = createBackoff({ maxMs: 60000, jitter: 0.3, random: fixed(0.999999) });
		for (let i = 0; i < 20; i++) expect(backoff.next()).toBeLessThanOrEqual(60000);
		const low = createBackoff({ maxMs: 60000, jitter: 0.3, random: fixed(0) });
		for (let i = 0; i < 10; i++) low.next();
		expect(low.next()).toBe(42000);
	});

	it('stays within bounds for many random draws', () => {
		let seed = 42;
		// A small deterministic generator (LCG) so the test is repeatable.
		const random = (): number => {
			seed = (seed * 1664525 + 1013904223) % 4294967296;
			return seed / 4294967296;
		};
		for (let run = 0; run < 200; run++) {
			const backoff = createBackoff({ minMs: 500, maxMs: 30000, factor: 3, jitter: 0.5, random });
			for (let n = 0; n < 10; n++) {
				const base = Math.min(30000, 500 * 3 ** n);
				const delay = backoff.next();
				expect(delay).toBeGreaterThanOrEqual(Math.floor(base * 0.5));
				expect(delay).toBeLessThanOrEqual(Math.min(30000, Math.ceil(base * 1.5)));
			}
		}
	});

	it('counts attempts and starts over on reset', () => {
		const backoff = createBackoff({ jitter: 0 });
		expect(backoff.attempt).toBe(0);
		backoff.next();
		backoff.next();
		backoff.next();
		expect(backoff.attempt).toBe(3);
		backoff.reset();
		expect(backoff.attempt).toBe(0);
		expect(backoff.next()).toBe(1000);
		expect(backoff.attempt).toBe(1);
	});

	it.each([
		[{ minMs: 0 }],
		[{ minMs: 2000, maxMs: 1000 }],
		[{ factor: 0.5 }],
		[{ jitter: -0.1 }],
		[{ jitter: 1.5 }],
		[{ minMs: Number.NaN }]
	])('rejects %j', (options) => {
		expect(() => createBackoff(options)).toThrow(RangeError);
	});
});
