// @ts-check
/**
 * What every benchmark runs against: Mosquitto on free ports, the built app served over HTTP and
 * headless Debian Chromium (chromium.js), stopped in reverse order at the end or on Ctrl+C.
 */
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startBroker } from './broker.js';
import { startServer } from './server.js';
import { launchOptions } from './chromium.js';

/**
 * Starts Mosquitto and the server of the built app. `root` is the checkout (its build/ is
 * served); `build` serves another build directory instead. `defer` adds a clean-up that `stop`
 * runs before the ones already there (stop runs them newest first, also on Ctrl+C).
 * @param {{ root: string; build?: string }} options
 */
export async function startServices({ root, build }) {
	/** @type {(() => Promise<unknown>)[]} */
	const cleanups = [];
	const stop = async () => {
		while (cleanups.length)
			await cleanups
				.pop()?.()
				.catch(() => undefined);
	};
	/** @param {() => Promise<unknown>} cleanup */
	const defer = (cleanup) => void cleanups.push(cleanup);
	process.once('SIGINT', () => {
		console.error('\ninterrupted; stopping browser, server and broker');
		void stop().then(() => process.exit(130));
	});
	try {
		const broker = await startBroker();
		defer(broker.stop);
		const serveRoot = build ? rootWithBuild(root, build) : root;
		if (build) defer(async () => rmSync(serveRoot, { recursive: true }));
		const server = await startServer(serveRoot);
		defer(server.stop);
		return { broker, server, defer, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

/**
 * Starts broker, server (see startServices) and a headless Chromium.
 * @param {{ root: string; build?: string }} options
 */
export async function startEnvironment(options) {
	const services = await startServices(options);
	try {
		const browser = await chromium.launch(launchOptions());
		services.defer(() => browser.close());
		return { ...services, browser };
	} catch (error) {
		await services.stop();
		throw error;
	}
}

/**
 * A temporary root whose build/ is `buildDir` (server.js serves `<root>/build` and the bench
 * pages), so a benchmark can run against a copied build while build/ is rebuilt; the caller
 * removes it.
 * @param {string} root
 * @param {string} buildDir
 */
export function rootWithBuild(root, buildDir) {
	const dir = mkdtempSync(join(tmpdir(), 'mqtt-scope-bench-root-'));
	symlinkSync(resolve(buildDir), join(dir, 'build'));
	symlinkSync(join(root, 'bench'), join(dir, 'bench'));
	symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
	return dir;
}
