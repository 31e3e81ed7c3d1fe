/**
 * Work measured without a clock: wraps an array so a test can count how many elements an
 * algorithm read. A linear algorithm reads a few times per element whatever the machine's load;
 * a quadratic one reads orders of magnitude more.
 */
export function countedReads(values: ArrayLike<number>): {
	array: ArrayLike<number>;
	reads: () => number;
} {
	let reads = 0;
	const array = new Proxy(values, {
		get(target, key) {
			if (typeof key === 'string' && key !== 'length') reads++;
			return Reflect.get(target, key);
		}
	});
	return { array, reads: () => reads };
}
