// @ts-check
/** The URL sub-path a build is served under, read from BASE_PATH (svelte.config.js, start.js). */

/**
 * Normalises a BASE_PATH value to what SvelteKit's kit.paths.base wants: '' for the root, else
 * '/a/b' (leading slash, no trailing slash). Throws with a readable message on anything a URL
 * path cannot hold, so a typo fails the build instead of shipping a broken app.
 * @param {string | undefined} value
 * @returns {string}
 */
export function basePathFromEnv(value) {
	const trimmed = (value ?? '').trim().replace(/^\/+|\/+$/g, '');
	if (trimmed === '') return '';
	if (
		!/^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(trimmed) ||
		/(^|\/)\.\.?(\/|$)/.test(trimmed)
	) {
		throw new Error(
			`BASE_PATH must be a URL path such as /mqtt-scope (letters, digits, - . _ ~ and /), got "${value}"`
		);
	}
	return `/${trimmed}`;
}

/**
 * True when a built index.html was made for `basePath`: SvelteKit writes the base it was built
 * with into the page (`assets: "/sub/path"`) only when there is one.
 * @param {string} indexHtml
 * @param {string} basePath '' or '/sub/path'
 */
export function builtForBasePath(indexHtml, basePath) {
	const built = /\bassets:\s*"([^"]*)"/.exec(indexHtml)?.[1] ?? '';
	return built === basePath;
}
