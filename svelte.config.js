import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { basePathFromEnv } from './scripts/base-path.js';

// BASE_PATH=/mqtt-scope npm run build makes a build/ for https://host/mqtt-scope/ (README "Static
// hosting"); BUILD_DIR lets a test build that variant beside the normal build/.
const outDir = process.env.BUILD_DIR || 'build';

// The one inline script of our own (src/hooks.server.ts writes it into the page's head).
const openDbScript = readFileSync('src/lib/boot/open-db.js', 'utf8');
const openDbHash = `sha256-${createHash('sha256').update(openDbScript).digest('base64')}`;

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// .br and .gz beside each file: static servers that look for them (sirv, nginx gzip_static)
		// send a third of the bytes, which is most of a phone's first load on a slow link.
		adapter: adapter({ pages: outDir, assets: outDir, precompress: true }),
		paths: { base: basePathFromEnv(process.env.BASE_PATH) },
		// Registration goes through workbox-window (src/lib/pwa) so we can prompt for updates.
		serviceWorker: { register: false },
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', openDbHash],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'worker-src': ['self', 'blob:'],
				// The whole point of the app: talk to any broker the user names (WebSockets only: the
				// app never fetches from a broker, so http:/https: stay closed).
				'connect-src': ['self', 'ws:', 'wss:'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
