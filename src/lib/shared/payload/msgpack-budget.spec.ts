import { encode } from '@msgpack/msgpack';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { msgpackBudgetProblem } from './msgpack-budget';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('msgpackBudgetProblem', () => {
	it('passes whatever the encoder writes, nested up to the depth', () => {
		fc.assert(
			fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
				expect(msgpackBudgetProblem(encode(value), 100)).toBe(undefined);
			})
		);
		expect(
			msgpackBudgetProblem(encode({ b: new Uint8Array(300), d: new Date(0), n: -1 }), 100)
		).toBe(undefined);
	});

	it('refuses declared lengths beyond the bytes there are', () => {
		expect(msgpackBudgetProblem(bytes(0xdd, 0xff, 0xff, 0xff, 0xff, 0x01), 100)).toMatch(
			/4294967295 items where 1 bytes/
		);
		expect(msgpackBudgetProblem(bytes(0xdf, 0, 0, 0, 2, 1, 1, 1), 100)).toMatch(/entries/);
		expect(msgpackBudgetProblem(bytes(0xc6, 0xff, 0xff, 0xff, 0xff, 0x01), 100)).toMatch(/bytes/);
		expect(msgpackBudgetProblem(bytes(0xc7, 0x02, 0x01, 0x01), 100)).toMatch(/3 bytes where 2/);
		expect(msgpackBudgetProblem(bytes(0xcb, 0x01), 100)).toMatch(/ends early/);
		expect(msgpackBudgetProblem(bytes(0x92, 0x01), 100)).toMatch(/ends early/);
	});

	it('refuses nesting past the depth and the unused byte', () => {
		const deep = (depth: number) => {
			const out = new Uint8Array(depth + 1).fill(0x91);
			out[depth] = 0x01;
			return out;
		};
		expect(msgpackBudgetProblem(deep(100), 100)).toBe(undefined);
		expect(msgpackBudgetProblem(deep(101), 100)).toMatch(/deeper than 100/);
		expect(msgpackBudgetProblem(bytes(0xc1), 100)).toMatch(/never used/);
	});
});
