/**
 * The engine worker's own chunks. SvelteKit's `$service-worker` build list names each worker's
 * entry file but not the chunks Vite split off it, so the service worker finds them by reading
 * the built scripts: every `./x.js` or `../x.js` a script imports, statically or on first use.
 */

// Built chunks import each other by relative path in quotes or backticks: `from"./a.js"`,
// `import("./a.js")`, `import(\`./a.js\`)`. One pass of a linear pattern over the text.
const RELATIVE_IMPORT = /(?:from|import)\s*\(?\s*["'`](\.{1,2}\/[^"'`\s]{1,200}\.js)["'`]/g;

/** The absolute URLs of the relative scripts `source` (served at `url`) imports. */
export function importedScripts(source: string, url: string): string[] {
	const found = new Set<string>();
	for (const match of source.matchAll(RELATIVE_IMPORT)) found.add(new URL(match[1], url).href);
	return [...found];
}

/**
 * Every script reachable from `entries` by relative imports, entries included, fetched once each
 * through `load` (which returns the script's text), in the order found.
 */
export async function reachableScripts(
	entries: readonly string[],
	load: (url: string) => Promise<string>
): Promise<string[]> {
	const seen = new Set(entries);
	const queue = [...entries];
	for (let i = 0; i < queue.length; i++) {
		for (const next of importedScripts(await load(queue[i]), queue[i])) {
			if (seen.has(next)) continue;
			seen.add(next);
			queue.push(next);
		}
	}
	return queue;
}
