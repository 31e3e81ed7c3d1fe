import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// .br and .gz beside each file: static servers that look for them (sirv, nginx gzip_static)
		// send a third of the bytes, which is most of a phone's first load on a slow link.
		adapter: adapter({ precompress: true }),
		// Registration goes through workbox-window (src/lib/pwa) so we can prompt for updates.
		serviceWorker: { register: false },
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'worker-src': ['self', 'blob:'],
				// The whole point of the app: talk to any broker the user names.
				'connect-src': ['self', 'ws:', 'wss:', 'https:', 'http:']
			}
		}
	}
};

export default config;
