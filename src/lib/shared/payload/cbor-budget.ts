/**
 * A look at CBOR's item headers (RFC 8949 §3) before decoding, so a device's payload cannot make
 * the decoder freeze the page: a bignum of 100 KB took cbor2 over a second to build (and its
 * decimal text as long again), a header may declare billions of items, and nesting may go
 * thousands deep. One pass over the bytes, no values built.
 */

/** Bignums (tags 2 and 3) longer than this are refused: 64 bytes is a 512-bit number. */
export const MAX_BIGNUM_BYTES = 64;

/** An open array, map, tag or indefinite-length string, and how many items it still holds. */
interface Open {
	/** Items left; Infinity for indefinite length (closed by a break byte). */
	left: number;
	/** For an indefinite byte string under a bignum tag: its chunks' length so far. */
	bignumBytes?: number;
}

/**
 * Why the first CBOR item of `bytes` is refused before decoding (a sentence for the user), or undefined when
 * it fits: nesting at most `maxDepth` levels, no declared length beyond the bytes there are, no
 * bignum longer than MAX_BIGNUM_BYTES. Bytes after the first item are left to the decoder.
 */
export function cborBudgetProblem(bytes: Uint8Array, maxDepth: number): string | undefined {
	const stack: Open[] = [];
	let at = 0;
	// Set while reading the item right after tag 2 or 3.
	let bignumNext = false;
	const end = `Not valid CBOR: it ends early (at byte ${bytes.length}).`;
	do {
		if (at >= bytes.length) return end;
		const initial = bytes[at++];
		const major = initial >> 5;
		const info = initial & 0x1f;
		const bignum = bignumNext;
		bignumNext = false;
		if (info === 31) {
			// Break, or the start of an indefinite-length item.
			if (major === 7) {
				const top = stack.at(-1);
				if (top?.left !== Infinity) return 'Not valid CBOR: it has a stray break byte.';
				stack.pop();
				countItem(stack);
				continue;
			}
			if (major === 0 || major === 1 || major === 6)
				return 'Not valid CBOR: it has a malformed header.';
			if (stack.length >= maxDepth) return tooDeep(maxDepth);
			stack.push({ left: Infinity, bignumBytes: bignum && major === 2 ? 0 : undefined });
			continue;
		}
		if (info >= 28) return 'Not valid CBOR: it has a malformed header.';
		const size = info < 24 ? 0 : 1 << (info - 24);
		if (at + size > bytes.length) return end;
		let argument = info < 24 ? info : 0;
		for (let i = 0; i < size; i++) argument = argument * 256 + bytes[at++];
		const remaining = bytes.length - at;
		switch (major) {
			case 2:
			case 3: {
				if (argument > remaining) {
					return `Not valid CBOR: it declares a string of ${argument} bytes where ${remaining} remain.`;
				}
				const top = stack.at(-1);
				if (top?.bignumBytes !== undefined) top.bignumBytes += argument;
				const bignumLength = bignum ? argument : (top?.bignumBytes ?? 0);
				if (bignumLength > MAX_BIGNUM_BYTES) {
					return `Too large to show: this CBOR holds a number of more than ${MAX_BIGNUM_BYTES * 8} bits. Choose Hex to see the bytes.`;
				}
				at += argument;
				break;
			}
			case 4:
			case 5: {
				// Every item takes at least one byte: a count beyond the bytes left is a lie.
				const items = major === 5 ? argument * 2 : argument;
				if (items > remaining) {
					return `Not valid CBOR: it declares ${argument} ${major === 5 ? 'entries' : 'items'} where ${remaining} bytes remain.`;
				}
				if (items > 0) {
					if (stack.length >= maxDepth) return tooDeep(maxDepth);
					stack.push({ left: items });
					continue;
				}
				break;
			}
			case 6:
				if (stack.length >= maxDepth) return tooDeep(maxDepth);
				stack.push({ left: 1 });
				bignumNext = argument === 2 || argument === 3;
				continue;
		}
		countItem(stack);
	} while (stack.length > 0);
	return undefined;
}

/**
 * Counts a whole item against the open container, closing containers whose last item it was
 * (each closed one is in turn a whole item of its parent).
 */
function countItem(stack: Open[]): void {
	for (let top = stack.at(-1); top && top.left !== Infinity; top = stack.at(-1)) {
		if (--top.left > 0) return;
		stack.pop();
	}
}

function tooDeep(maxDepth: number): string {
	return `Nested deeper than ${maxDepth} levels, too deep to show as a tree. Choose Hex to see the bytes.`;
}
