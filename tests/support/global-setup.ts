/**
 * Playwright global setup: one shared Mosquitto and one static server for the whole run.
 * Their ports go to the workers through env vars (see e2e-env.ts); the handles stay in this
 * (runner) process on globalThis for global-teardown.ts, which runs in the same process.
 */
import type { FullConfig } from '@playwright/test';
import { dirname, resolve } from 'node:path';
import { E2E_ENV } from './e2e-env';
import { startMosquitto, type Broker } from './mosquitto';
import { startStaticServer, type StaticServer } from './static-server';

/** What global setup started, for global teardown. */
export interface E2eServers {
	broker: Broker;
	server: StaticServer;
}

/** Key on globalThis under which the running servers are kept. */
export const SERVERS_KEY = Symbol.for('mqtt-scope.e2e.servers');

/** Starts the shared broker and the static server and publishes their ports in process.env. */
export default async function globalSetup(config: FullConfig): Promise<void> {
	const root = config.configFile ? dirname(config.configFile) : process.cwd();
	const buildDir = resolve(root, process.env.E2E_BUILD_DIR || 'build');
	const broker = await startMosquitto();
	let server: StaticServer;
	try {
		server = await startStaticServer(buildDir);
	} catch (err) {
		await broker.dispose();
		throw err;
	}
	process.env[E2E_ENV.mqttPort] = String(broker.mqttPort);
	process.env[E2E_ENV.wsPort] = String(broker.wsPort);
	process.env[E2E_ENV.wssPort] = String(broker.wssPort);
	process.env[E2E_ENV.authWsPort] = String(broker.authWsPort);
	process.env[E2E_ENV.dynsecWsPort] = String(broker.dynsecWsPort);
	process.env[E2E_ENV.appUrl] = server.url;
	process.env[E2E_ENV.brokerDir] = broker.dir;
	(globalThis as Record<symbol, unknown>)[SERVERS_KEY] = { broker, server } satisfies E2eServers;
}
