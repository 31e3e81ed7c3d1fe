/**
 * End-to-end tests: real Chromium (/usr/bin/chromium, never a downloaded browser) against a real
 * Mosquitto and the built app served from build/. Run `npm run build` first (npm run test:e2e).
 *
 * Why the certificate is made here: Chromium trusts the broker's self-signed WSS certificate
 * through the launch argument --ignore-certificate-errors-spki-list, and launch options are read
 * from this config, which cannot await. So this module creates the cert synchronously (openssl)
 * and records its dir in E2E_CERT_DIR; Playwright workers inherit the runner's env and re-load
 * this module, find E2E_CERT_DIR set and reuse the same key, and global setup starts Mosquitto
 * with that same cert. Only the test browser trusts it; nothing is added to a system store.
 */
import { defineConfig } from '@playwright/test';
import { ensureRunCert, spkiFingerprint } from './tests/support/cert';

const cert = ensureRunCert();
const spki = spkiFingerprint(cert.certPath);
process.env.SPKI = spki;

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '*.e2e.ts',
	// The machine has 2 cores; Chromium + Mosquitto + the worker engine already use both.
	workers: 1,
	fullyParallel: false,
	forbidOnly: !!process.env.CI,
	retries: Number(process.env.E2E_RETRIES ?? 0),
	timeout: 30_000,
	// CI has 90 minutes for everything; a hung run must end with a report, not be killed.
	globalTimeout: process.env.CI ? 30 * 60_000 : 0,
	expect: { timeout: 5_000 },
	// Not test-results/ itself: Playwright empties outputDir at start, and the unit-test JSON
	// report lives in test-results/ too.
	outputDir: 'test-results/e2e-artifacts',
	reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
	globalSetup: './tests/support/global-setup.ts',
	globalTeardown: './tests/support/global-teardown.ts',
	use: {
		viewport: { width: 1280, height: 800 },
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-dev-shm-usage',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
				`--ignore-certificate-errors-spki-list=${spki}`
			]
		}
	}
});
