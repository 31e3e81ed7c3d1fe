// @ts-check
/**
 * What every benchmark runs against: Mosquitto on free ports, the built app served over HTTP and
 * headless Debian Chromium (never a downloaded browser), stopped in reverse order at the end or on
 * Ctrl+C.
 */
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startBroker } from './broker.js';
import { startServer } from './server.js';

/**
 * Starts broker, server and browser. `root` is the checkout (its build/ is served); `build`
 * serves another build directory instead.
 * @param {{ root: string; build?: string }} options
 */
export async function startEnvironment({ root, build }) {
	/** @type {(() => Promise<unknown>)[]} */
	const cleanups = [];
	const stop = async () => {
		while (cleanups.length)
			await cleanups
				.pop()?.()
				.catch(() => undefined);
	};
	process.once('SIGINT', () => {
		console.error('\ninterrupted; stopping browser, server and broker');
		void stop().then(() => process.exit(130));
	});
	try {
		const broker = await startBroker();
		cleanups.push(broker.stop);
		const serveRoot = build ? rootWithBuild(root, build) : root;
		if (build) cleanups.push(async () => rmSync(serveRoot, { recursive: true }));
		const server = await startServer(serveRoot);
		cleanups.push(server.stop);
		const browser = await chromium.launch({
			executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
			headless: true,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
				'--enable-precise-memory-info'
			]
		});
		cleanups.push(() => browser.close());
		return { broker, server, browser, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

/**
 * A temporary root whose build/ is `buildDir` (server.js serves `<root>/build` and the bench
 * pages), so a benchmark can run against a copied build while build/ is rebuilt.
 * @param {string} root
 * @param {string} buildDir
 */
function rootWithBuild(root, buildDir) {
	const dir = mkdtempSync(join(tmpdir(), 'mqtt-scope-bench-root-'));
	symlinkSync(buildDir, join(dir, 'build'));
	symlinkSync(join(root, 'bench'), join(dir, 'bench'));
	symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
	return dir;
}
