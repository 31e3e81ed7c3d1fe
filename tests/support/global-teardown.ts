/** Playwright global teardown: stops what global-setup.ts started and removes temp dirs. */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CERT_DIR_ENV, CERT_DIR_OWNED_ENV } from './cert';
import { SERVERS_KEY, type E2eServers } from './global-setup';

/** Stops the shared broker and static server; keeps the broker log in test-results/. */
export default async function globalTeardown(): Promise<void> {
	const servers = (globalThis as Record<symbol, unknown>)[SERVERS_KEY] as E2eServers | undefined;
	if (servers) {
		delete (globalThis as Record<symbol, unknown>)[SERVERS_KEY];
		await servers.server.stop();
		await servers.broker.stop();
		try {
			mkdirSync('test-results', { recursive: true });
			copyFileSync(servers.broker.logPath, join('test-results', 'mosquitto.log'));
		} catch {
			// The log is a debugging aid only; a missing one must not fail the run.
		}
		if (!process.env.E2E_KEEP_BROKER_DIR) await servers.broker.dispose();
	}
	const certDir = process.env[CERT_DIR_ENV];
	if (certDir && process.env[CERT_DIR_OWNED_ENV] === '1') {
		rmSync(certDir, { recursive: true, force: true });
	}
}
