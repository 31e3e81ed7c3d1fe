import { encode } from 'cbor2';
import { describe, expect, it } from 'vitest';
import { cborBudgetProblem, MAX_BIGNUM_BYTES } from './cbor-budget';

const bytes = (...b: number[]) => new Uint8Array(b);

/** A definite byte string of `n` 0xff bytes under tag 2 (a positive bignum). */
function bignum(n: number): Uint8Array {
	const out = new Uint8Array(6 + n).fill(0xff);
	out.set([0xc2, 0x5a, (n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
	return out;
}

describe('cborBudgetProblem', () => {
	it('passes ordinary documents, nested and indefinite ones included', () => {
		expect(cborBudgetProblem(encode({ a: [1, 2, { b: 'x' }], c: 1.5, d: -3n }), 100)).toBe(
			undefined
		);
		expect(cborBudgetProblem(encode([new Uint8Array(10), 'text', null, true]), 100)).toBe(
			undefined
		);
		// [_ 1, [_ 2]] and (_ h'01', h'02') as indefinite-length items.
		expect(cborBudgetProblem(bytes(0x9f, 0x01, 0x9f, 0x02, 0xff, 0xff), 100)).toBe(undefined);
		expect(cborBudgetProblem(bytes(0x5f, 0x41, 0x01, 0x41, 0x02, 0xff), 100)).toBe(undefined);
		expect(cborBudgetProblem(bignum(MAX_BIGNUM_BYTES), 100)).toBe(undefined);
	});

	it('refuses a bignum longer than the budget, definite or in chunks', () => {
		expect(cborBudgetProblem(bignum(MAX_BIGNUM_BYTES + 1), 100)).toMatch(/bits/);
		expect(cborBudgetProblem(bignum(100_000), 100)).toMatch(/bits/);
		const chunk = new Uint8Array(40).fill(1);
		const chunked = bytes(0xc2, 0x5f, 0x58, 40, ...chunk, 0x58, 40, ...chunk, 0xff);
		expect(cborBudgetProblem(chunked, 100)).toMatch(/bits/);
	});

	it('refuses declared lengths beyond the bytes there are', () => {
		expect(cborBudgetProblem(bytes(0x9a, 0xff, 0xff, 0xff, 0xff, 0x01), 100)).toMatch(
			/4294967295 items/
		);
		expect(cborBudgetProblem(bytes(0xba, 0xff, 0xff, 0xff, 0xff, 0x01, 0x01), 100)).toMatch(
			/entries/
		);
		expect(cborBudgetProblem(bytes(0x5a, 0xff, 0xff, 0xff, 0xff, 0x01), 100)).toMatch(/string/);
		expect(cborBudgetProblem(bytes(0x82, 0x01), 100)).toMatch(/2 items where 1 bytes/);
		expect(cborBudgetProblem(bytes(0x19, 0x01), 100)).toMatch(/ends early/);
		expect(cborBudgetProblem(bytes(0x82, 0x01, 0x82), 100)).toMatch(/2 items where 0 bytes/);
	});

	it('refuses nesting past the depth, tags and indefinite items counted', () => {
		const deep = (open: number, depth: number) => {
			const out = new Uint8Array(depth + 1).fill(open);
			out[depth] = 0x01;
			return out;
		};
		expect(cborBudgetProblem(deep(0x81, 100), 100)).toBe(undefined);
		expect(cborBudgetProblem(deep(0x81, 101), 100)).toMatch(/deeper than 100/);
		expect(cborBudgetProblem(deep(0xc6, 200_000), 100)).toMatch(/deeper than 100/);
		expect(cborBudgetProblem(new Uint8Array(200_000).fill(0x9f), 100)).toMatch(/deeper/);
	});

	it('refuses malformed headers and stray breaks', () => {
		expect(cborBudgetProblem(bytes(0x1c), 100)).toMatch(/malformed/);
		expect(cborBudgetProblem(bytes(0xff), 100)).toMatch(/break/);
		expect(cborBudgetProblem(bytes(0x81, 0xff), 100)).toMatch(/break/);
	});
});
