/**
 * How deep JSON text nests, found without parsing it: parsing or drawing a document nested
 * thousands of levels deep costs far more than one look at its characters.
 */

/**
 * Whether JSON text nests lists and objects deeper than `max`: one pass over the characters,
 * skipping strings, so it costs the same as reading the text once. Lenient: text that is not
 * JSON is scanned all the same.
 */
export function exceedsDepth(text: string, max: number): boolean {
	let depth = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 0x5c)
				i++; // backslash: the next character is escaped
			else if (c === 0x22) inString = false;
		} else if (c === 0x22) inString = true;
		else if (c === 0x5b || c === 0x7b) {
			if (++depth > max) return true;
		} else if (c === 0x5d || c === 0x7d) depth--;
	}
	return false;
}
