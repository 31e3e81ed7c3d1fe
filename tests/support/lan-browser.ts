/**
 * A second Chromium that plays the phone on the LAN: its own launch (not the suite's browser),
 * trusting only the given certificate key and resolving a LAN-style host name to 127.0.0.1.
 *
 * Why a name and not 127.0.0.1: a loopback origin counts as a secure context even over plain
 * HTTP, so a test on http://127.0.0.1 would pass with a broken HTTPS setup. The name maps to
 * loopback inside this browser only, so no packet leaves the machine.
 *
 * A persistent profile, because Chromium never offers to install an app from an incognito-like
 * context (Page.getInstallabilityErrors says "in-incognito"), which every newContext() is.
 */
import { chromium, test, type BrowserContext } from '@playwright/test';

/**
 * Launches (from inside a test) Chromium with a profile in `userDataDir`, the suite's flags, `spki` trusted and
 * `hostName` → 127.0.0.1; closing the returned context ends that browser.
 */
export async function launchLanBrowser(
	userDataDir: string,
	hostName: string,
	spki: string
): Promise<BrowserContext> {
	// The running test's resolved launch options: the flags of playwright.config.ts.
	const launchOptions = test.info().project.use.launchOptions ?? {};
	const suiteArgs = launchOptions.args ?? [];
	const args = [
		// The suite trusts its Mosquitto certificate the same way; this browser trusts ours instead.
		...suiteArgs.filter((arg) => !arg.startsWith('--ignore-certificate-errors-spki-list=')),
		`--ignore-certificate-errors-spki-list=${spki}`,
		`--host-resolver-rules=MAP ${hostName} 127.0.0.1`
	];
	return chromium.launchPersistentContext(userDataDir, {
		executablePath: launchOptions.executablePath,
		args,
		viewport: { width: 1280, height: 800 }
	});
}
