import { describe, expect, it } from 'vitest';
import { LineBuffer, lowerBound, upperBound, type LinePoints } from './line-buffer';

/** A page whose values equal its times and arrivals are time + 0.5 (to check they travel along). */
function page(times: number[]): LinePoints {
	return {
		times: Float64Array.from(times),
		values: Float64Array.from(times, (t) => t * 10),
		arrivals: Float64Array.from(times, (t) => t + 0.5)
	};
}

function range(from: number, to: number): number[] {
	return Array.from({ length: to - from }, (_, i) => from + i);
}

function contents(buffer: LineBuffer) {
	return {
		times: [...buffer.times],
		values: [...buffer.values],
		arrivals: [...buffer.arrivals]
	};
}

describe('LineBuffer', () => {
	it('starts empty', () => {
		const buffer = new LineBuffer();
		expect(buffer.length).toBe(0);
		expect(buffer.times.length).toBe(0);
		expect(buffer.firstTime).toBeNaN();
		expect(buffer.lastTime).toBeNaN();
		expect(buffer.lastValue).toBeNaN();
		expect(buffer.indexOfTime(5)).toBe(0);
	});

	it('appends newer pages and prepends older ones, keeping all three arrays together', () => {
		const buffer = new LineBuffer();
		buffer.append(page([10, 11, 12]));
		buffer.prepend(page([7, 8, 9]));
		buffer.append(page([13]));
		buffer.prepend(page([5]));
		expect(contents(buffer)).toEqual({
			times: [5, 7, 8, 9, 10, 11, 12, 13],
			values: [50, 70, 80, 90, 100, 110, 120, 130],
			arrivals: [5.5, 7.5, 8.5, 9.5, 10.5, 11.5, 12.5, 13.5]
		});
		expect(buffer.firstTime).toBe(5);
		expect(buffer.lastTime).toBe(13);
		expect(buffer.lastValue).toBe(130);
	});

	it('grows far past its first capacity at both ends', () => {
		const buffer = new LineBuffer();
		buffer.append(page(range(50_000, 60_000)));
		for (let from = 40_000; from >= 0; from -= 10_000)
			buffer.prepend(page(range(from, from + 10_000)));
		for (let i = 60_000; i < 70_000; i++) buffer.append(page([i]));
		expect(buffer.length).toBe(70_000);
		const times = buffer.times;
		for (let i = 0; i < times.length; i++) if (times[i] !== i) throw new Error(`times[${i}]`);
		expect(buffer.values[69_999]).toBe(699_990);
		expect(buffer.arrivals[0]).toBe(0.5);
	});

	it('keeps appends of one point at a time amortized: storage is reallocated rarely', () => {
		const buffer = new LineBuffer();
		const one = { times: [0], values: [0], arrivals: [0] };
		const storages = new Set<ArrayBufferLike>();
		for (let i = 0; i < 100_000; i++) {
			one.times[0] = i;
			buffer.append(one);
			storages.add(buffer.times.buffer);
		}
		expect(buffer.length).toBe(100_000);
		// Growing by a factor: about log2(100,000) reallocations, not one per append.
		expect(storages.size).toBeLessThan(30);
	});

	it('inserts late (jittered) appended points in time order', () => {
		const buffer = new LineBuffer();
		buffer.append(page([1, 2, 4, 5]));
		buffer.append(page([3, 6, 5.5, 7]));
		expect(contents(buffer)).toEqual({
			times: [1, 2, 3, 4, 5, 5.5, 6, 7],
			values: [10, 20, 30, 40, 50, 55, 60, 70],
			arrivals: [1.5, 2.5, 3.5, 4.5, 5.5, 6, 6.5, 7.5]
		});
	});

	it('inserts prepended points that overlap the existing first times in order', () => {
		const buffer = new LineBuffer();
		buffer.append(page([5, 6, 8]));
		buffer.prepend(page([1, 7, 3, 5.5]));
		expect([...buffer.times]).toEqual([1, 3, 5, 5.5, 6, 7, 8]);
		expect([...buffer.values]).toEqual([10, 30, 50, 55, 60, 70, 80]);
		expect([...buffer.arrivals]).toEqual([1.5, 3.5, 5.5, 6, 6.5, 7.5, 8.5]);
	});

	it('keeps equal times in arrival order (stable) on append', () => {
		const buffer = new LineBuffer();
		buffer.append({ times: [1, 2], values: [1, 2], arrivals: [1, 2] });
		buffer.append({ times: [1, 2], values: [3, 4], arrivals: [3, 4] });
		expect([...buffer.times]).toEqual([1, 1, 2, 2]);
		expect([...buffer.values]).toEqual([1, 3, 2, 4]);
	});

	it('sorts a fully reversed page (slow path, still correct)', () => {
		const buffer = new LineBuffer();
		buffer.append(page(range(0, 1000).reverse()));
		expect([...buffer.times]).toEqual(range(0, 1000));
		const other = new LineBuffer();
		other.prepend(page(range(0, 1000).reverse()));
		expect([...other.times]).toEqual(range(0, 1000));
	});

	it('finds the first index at or after a time', () => {
		const buffer = new LineBuffer();
		buffer.append(page([10, 20, 20, 30]));
		buffer.prepend(page([0]));
		expect(buffer.indexOfTime(-1)).toBe(0);
		expect(buffer.indexOfTime(0)).toBe(0);
		expect(buffer.indexOfTime(15)).toBe(2);
		expect(buffer.indexOfTime(20)).toBe(2);
		expect(buffer.indexOfTime(30)).toBe(4);
		expect(buffer.indexOfTime(31)).toBe(5);
	});

	it('ignores empty pages and empties on clear', () => {
		const buffer = new LineBuffer();
		buffer.append(page([]));
		buffer.prepend(page([]));
		expect(buffer.length).toBe(0);
		buffer.append(page(range(0, 1000)));
		buffer.clear();
		expect(buffer.length).toBe(0);
		buffer.prepend(page([3]));
		buffer.append(page([4]));
		expect([...buffer.times]).toEqual([3, 4]);
	});
});

describe('LineBuffer.reshapes', () => {
	it('stays put for in-order appends and counts prepends, inserts and clears', () => {
		const buffer = new LineBuffer();
		buffer.append(page([1, 2, 3]));
		buffer.append(page([4]));
		expect(buffer.reshapes).toBe(0);
		buffer.prepend(page([0]));
		expect(buffer.reshapes).toBe(1);
		buffer.append(page([3.5]));
		expect(buffer.reshapes).toBe(2);
		buffer.clear();
		expect(buffer.reshapes).toBe(3);
	});
});

describe('lowerBound / upperBound', () => {
	const sorted = [1, 2, 2, 2, 5];
	it('bracket runs of equal values', () => {
		expect(lowerBound(sorted, 2)).toBe(1);
		expect(upperBound(sorted, 2)).toBe(4);
		expect(lowerBound(sorted, 0)).toBe(0);
		expect(upperBound(sorted, 9)).toBe(5);
	});
	it('search within a sub-range', () => {
		expect(lowerBound(sorted, 2, 2, 4)).toBe(2);
		expect(upperBound(sorted, 5, 0, 3)).toBe(3);
	});
});
