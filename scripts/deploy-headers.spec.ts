/**
 * The example configs in deploy/ must send exactly what `npm start` sends
 * (scripts/security-headers.js): one list of headers, three places, kept equal here.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMMUTABLE_CACHE, REVALIDATE_CACHE, SECURITY_HEADERS } from './security-headers.js';

const deploy = (file: string): string =>
	readFileSync(resolve(import.meta.dirname, '../deploy', file), 'utf8');

/** `add_header Name "value" always;` lines of an nginx config, as a map. */
function nginxHeaders(conf: string): Map<string, string> {
	const found = new Map<string, string>();
	for (const match of conf.matchAll(/^\s*add_header\s+(\S+)\s+("([^"]*)"|\S+)\s+always;/gm)) {
		found.set(match[1], match[3] ?? match[2]);
	}
	return found;
}

/** The header lines under one path rule of a _headers file. */
function headersFileRule(text: string, path: string): Map<string, string> {
	const found = new Map<string, string>();
	let inRule = false;
	for (const line of text.split('\n')) {
		if (line.startsWith('#') || line.trim() === '') continue;
		if (!line.startsWith(' ')) {
			inRule = line.trim() === path;
			continue;
		}
		if (!inRule) continue;
		const colon = line.indexOf(':');
		found.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
	}
	return found;
}

describe('deploy/ example configs', () => {
	it('nginx.conf sends every security header with the same value, on every response', () => {
		const headers = nginxHeaders(deploy('nginx.conf'));
		for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
			expect(headers.get(name), name).toBe(value);
		}
		expect(headers.get('Cache-Control')).toBe('$mqtt_scope_cache_control');
	});

	it('nginx.conf caches hashed files for a year and revalidates the rest', () => {
		const conf = deploy('nginx.conf');
		expect(conf).toContain(`~/_app/immutable/  "${IMMUTABLE_CACHE}";`);
		expect(conf).toContain(`default            "${REVALIDATE_CACHE}";`);
		expect(conf).toMatch(/^\s*gzip on;/m);
	});

	it('_headers sends every security header for all paths and the cache rules', () => {
		const text = deploy('_headers');
		const all = headersFileRule(text, '/*');
		expect(Object.fromEntries(all)).toEqual(SECURITY_HEADERS);
		expect(headersFileRule(text, '/_app/immutable/*').get('Cache-Control')).toBe(IMMUTABLE_CACHE);
		expect(headersFileRule(text, '/service-worker.js').get('Cache-Control')).toBe(REVALIDATE_CACHE);
	});
});
