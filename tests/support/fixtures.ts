/**
 * The `test` every e2e spec imports: Playwright's test plus the shared broker, the app URL
 * (also used as baseURL, so `page.goto('/')` works) and a per-test private broker factory.
 */
import { test as base } from '@playwright/test';
import { brokerFromEnv, E2E_ENV, requireEnv, type BrokerInfo } from './e2e-env';
import { startMosquitto, type Broker, type BrokerOptions } from './mosquitto';

export { expect } from '@playwright/test';
export type { BrokerInfo } from './e2e-env';
export type { Broker, BrokerOptions } from './mosquitto';

/** Fixtures scoped to one test. */
export interface E2eTestFixtures {
	/** Base URL of the served build (APP_URL), no trailing slash. */
	appUrl: string;
	/**
	 * Starts a private Mosquitto for this test (same listeners, same trusted cert), stopped and
	 * deleted after the test. Use it to stop/restart a broker without disturbing other tests.
	 */
	startBroker: (options?: BrokerOptions) => Promise<Broker>;
}

/** Fixtures shared by all tests of a worker. */
export interface E2eWorkerFixtures {
	/** The shared broker started by global setup. Never stop it: other tests use it. */
	broker: BrokerInfo;
}

/** Playwright `test` with the mqtt-scope e2e fixtures. */
export const test = base.extend<E2eTestFixtures, E2eWorkerFixtures>({
	broker: [
		// eslint-disable-next-line no-empty-pattern -- Playwright requires a destructuring pattern.
		async ({}, use) => {
			await use(brokerFromEnv());
		},
		{ scope: 'worker' }
	],
	// eslint-disable-next-line no-empty-pattern -- Playwright requires a destructuring pattern.
	appUrl: async ({}, use) => {
		await use(requireEnv(E2E_ENV.appUrl));
	},
	baseURL: async ({ appUrl }, use) => {
		await use(appUrl);
	},
	// eslint-disable-next-line no-empty-pattern -- Playwright requires a destructuring pattern.
	startBroker: async ({}, use) => {
		const started: Broker[] = [];
		await use(async (options) => {
			const broker = await startMosquitto(options);
			started.push(broker);
			return broker;
		});
		await Promise.all(started.map((b) => b.dispose()));
	}
});
