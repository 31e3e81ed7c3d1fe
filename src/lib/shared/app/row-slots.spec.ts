import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assignSlots, type RowSlot } from './row-slots';

/** Keys of a newest-first list: a row's position from the oldest, which arrivals do not change. */
const positions = (total: number) => (index: number) => total - 1 - index;

function shown<K>(slots: RowSlot<K>[]): [number, K | undefined][] {
	return slots.filter((s) => s.index >= 0).map((s) => [s.index, s.key]);
}

describe('assignSlots', () => {
	it('fills an empty pool with one slot per row, in row order', () => {
		const slots = assignSlots([], 0, 4, positions(100));
		expect(slots.map((s) => s.id)).toEqual([0, 1, 2, 3, 4]);
		expect(shown(slots)).toEqual([
			[0, 99],
			[1, 98],
			[2, 97],
			[3, 96],
			[4, 95]
		]);
	});

	it('keeps each row in its slot when new rows arrive above it', () => {
		const before = assignSlots([], 0, 4, positions(100));
		const slotOf = new Map(before.map((s) => [s.key, s.id]));
		// Two new messages: the same window now shows two new rows and drops the bottom two.
		const after = assignSlots(before, 0, 4, positions(102));
		expect(after).toHaveLength(5);
		for (const slot of after) {
			if (slotOf.has(slot.key)) expect(slot.id).toBe(slotOf.get(slot.key));
		}
		// The two freed slots (rows 96 and 95) now show the two new rows, at the top.
		expect(after.slice(0, 2).map((s) => [s.key, s.id])).toEqual([
			[101, 3],
			[100, 4]
		]);
	});

	it('reuses slots while scrolling instead of growing the pool', () => {
		let slots = assignSlots([], 0, 9, positions(10_000));
		for (let first = 1; first < 500; first += 7) {
			slots = assignSlots(slots, first, first + 9, positions(10_000));
			expect(slots).toHaveLength(10);
		}
	});

	it('grows the pool when more rows are drawn, and idles slots when fewer', () => {
		const small = assignSlots([], 0, 2, positions(10));
		const big = assignSlots(small, 0, 5, positions(10));
		expect(big.map((s) => s.id).sort()).toEqual([0, 1, 2, 3, 4, 5]);
		const fewer = assignSlots(big, 0, 1, positions(10));
		expect(fewer).toHaveLength(6);
		expect(fewer.slice(2).every((s) => s.index === -1 && s.key === undefined)).toBe(true);
	});

	it('for any moves, draws each row once, keeps kept rows in place and never loses a slot', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.record({
						first: fc.integer({ min: 0, max: 300 }),
						length: fc.integer({ min: 0, max: 40 }),
						arrived: fc.integer({ min: 0, max: 60 })
					}),
					{ maxLength: 30 }
				),
				(steps) => {
					let slots: RowSlot<number>[] = [];
					let total = 400;
					for (const step of steps) {
						total += step.arrived;
						const last = Math.min(total - 1, step.first + step.length - 1);
						const keyAt = positions(total);
						const before = new Map(slots.filter((s) => s.index >= 0).map((s) => [s.key, s.id]));
						const next = assignSlots(slots, step.first, last, keyAt);
						const drawn = next.filter((s) => s.index >= 0);
						expect(drawn.map((s) => s.index)).toEqual(
							Array.from({ length: Math.max(0, last - step.first + 1) }, (_, i) => step.first + i)
						);
						drawn.forEach((s) => expect(s.key).toBe(keyAt(s.index)));
						drawn.forEach((s) => before.has(s.key) && expect(s.id).toBe(before.get(s.key)));
						expect(new Set(next.map((s) => s.id)).size).toBe(next.length);
						expect(next.length).toBe(Math.max(slots.length, drawn.length));
						slots = next;
					}
				}
			)
		);
	});
});
