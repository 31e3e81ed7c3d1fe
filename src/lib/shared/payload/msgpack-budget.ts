/**
 * A look at MessagePack's headers before decoding: @msgpack/msgpack follows any depth, and
 * 200,000 nested one-item arrays (200 KB) kept the page busy for a second building a structure
 * nobody can look at. One pass over the bytes, no values built.
 */

/** Bytes of length that follow each header byte that has one (bin, str, ext, array, map). */
const LENGTH_BYTES: Readonly<Record<number, number>> = {
	0xc4: 1,
	0xc5: 2,
	0xc6: 4,
	0xc7: 1,
	0xc8: 2,
	0xc9: 4,
	0xd9: 1,
	0xda: 2,
	0xdb: 4,
	0xdc: 2,
	0xdd: 4,
	0xde: 2,
	0xdf: 4
};

/** Bytes of payload after each fixed-size header byte (floats, ints, fixext with its type). */
const FIXED_BYTES: Readonly<Record<number, number>> = {
	0xca: 4,
	0xcb: 8,
	0xcc: 1,
	0xcd: 2,
	0xce: 4,
	0xcf: 8,
	0xd0: 1,
	0xd1: 2,
	0xd2: 4,
	0xd3: 8,
	0xd4: 2,
	0xd5: 3,
	0xd6: 5,
	0xd7: 9,
	0xd8: 17
};

/**
 * Why the first MessagePack item of `bytes` is refused before decoding (a sentence for the user), or undefined
 * when it fits: nesting at most `maxDepth` levels and no declared length beyond the bytes there
 * are. Bytes after the first item are left to the decoder.
 */
export function msgpackBudgetProblem(bytes: Uint8Array, maxDepth: number): string | undefined {
	// Items still to read in each open array or map.
	const stack: number[] = [];
	let at = 0;
	const end = `Not valid MessagePack: it ends early (at byte ${bytes.length}).`;
	do {
		if (at >= bytes.length) return end;
		const head = bytes[at++];
		let items = 0;
		if (head >= 0x80 && head <= 0x8f) items = (head & 0x0f) * 2;
		else if (head >= 0x90 && head <= 0x9f) items = head & 0x0f;
		else if (head >= 0xa0 && head <= 0xbf) at += head & 0x1f;
		else if (head === 0xc1)
			return 'Not valid MessagePack: it has a byte (0xc1) that is never used.';
		else if (head in FIXED_BYTES) at += FIXED_BYTES[head];
		else if (head in LENGTH_BYTES) {
			const size = LENGTH_BYTES[head];
			if (at + size > bytes.length) return end;
			let length = 0;
			for (let i = 0; i < size; i++) length = length * 256 + bytes[at++];
			const remaining = bytes.length - at;
			if (head === 0xdc || head === 0xdd || head === 0xde || head === 0xdf) {
				items = head >= 0xde ? length * 2 : length;
				// Every item takes at least one byte: a count beyond the bytes left is a lie.
				if (items > remaining) {
					return `Not valid MessagePack: it declares ${length} ${head >= 0xde ? 'entries' : 'items'} where ${remaining} bytes remain.`;
				}
			} else {
				// ext carries a type byte before its data.
				const data = length + (head >= 0xc7 && head <= 0xc9 ? 1 : 0);
				if (data > remaining) {
					return `Not valid MessagePack: it declares ${data} bytes where ${remaining} remain.`;
				}
				at += data;
			}
		}
		if (at > bytes.length) return end;
		if (items > 0) {
			if (stack.length >= maxDepth) {
				return `Nested deeper than ${maxDepth} levels, too deep to show as a tree. Choose Hex to see the bytes.`;
			}
			stack.push(items);
			continue;
		}
		// A whole item was read: it counts against the open containers it completes.
		while (stack.length > 0 && --stack[stack.length - 1] === 0) stack.pop();
	} while (stack.length > 0);
	return undefined;
}
