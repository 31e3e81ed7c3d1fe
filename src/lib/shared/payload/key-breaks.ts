/** Characters a key may break before: `.field` and `[0]` start a new piece. */
const BEFORE = new Set(['.', '[']);
/** Characters a key may break after: the end of a word in `snake_case`, `kebab-case` or `a/b`. */
const AFTER = new Set(['_', '-', '/']);

/**
 * Splits a key (a JSON path like `sensors[0].air_quality`) into the pieces a line may break
 * between, so a long key wraps at its own separators and never inside a word. Joined, the
 * pieces are the key. Linear in its length.
 */
export function keyPieces(key: string): string[] {
	const pieces: string[] = [];
	let start = 0;
	for (let i = 0; i < key.length; i++) {
		const char = key[i];
		if (BEFORE.has(char) && i > start) {
			pieces.push(key.slice(start, i));
			start = i;
		} else if (AFTER.has(char)) {
			pieces.push(key.slice(start, i + 1));
			start = i + 1;
		}
	}
	if (start < key.length || pieces.length === 0) pieces.push(key.slice(start));
	return pieces;
}
