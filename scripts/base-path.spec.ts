import { describe, expect, it } from 'vitest';
import { basePathFromEnv, builtForBasePath } from './base-path.js';

describe('BASE_PATH', () => {
	it('normalises to a leading slash and no trailing slash, or empty for the root', () => {
		expect(basePathFromEnv(undefined)).toBe('');
		expect(basePathFromEnv('')).toBe('');
		expect(basePathFromEnv('/')).toBe('');
		expect(basePathFromEnv('/mqtt-scope')).toBe('/mqtt-scope');
		expect(basePathFromEnv('mqtt-scope/')).toBe('/mqtt-scope');
		expect(basePathFromEnv(' /tools/mqtt-scope/ ')).toBe('/tools/mqtt-scope');
	});

	it('refuses what a URL path cannot hold, saying what it wants', () => {
		for (const bad of ['/a b', '/x?y', '/../etc', 'https://host/app', '/a//b']) {
			expect(() => basePathFromEnv(bad)).toThrow(
				/BASE_PATH must be a URL path such as \/mqtt-scope/
			);
		}
	});

	it('tells which base path a built index.html was made for', () => {
		const withBase =
			'<script>{ base: new URL(".", location).pathname.slice(0, -1), assets: "/mqtt-scope" }</script>';
		const withoutBase = '<script>{ base: new URL(".", location).pathname.slice(0, -1) }</script>';
		expect(builtForBasePath(withBase, '/mqtt-scope')).toBe(true);
		expect(builtForBasePath(withBase, '')).toBe(false);
		expect(builtForBasePath(withoutBase, '')).toBe(true);
		expect(builtForBasePath(withoutBase, '/mqtt-scope')).toBe(false);
	});
});
