/**
 * A Chromium that Playwright attaches to without its default overrides, with a real (not
 * incognito) profile: what install, launch and page-visibility tests need.
 *
 * Why not Playwright's own launch: its pages run with DevTools focus emulation, which keeps
 * every tab "visible" (switching tabs never fires visibilitychange), and its contexts are
 * incognito, where Chromium refuses to install apps. So this starts Chromium itself with remote
 * debugging and connects over CDP with `noDefaults`, and pages live in the default context.
 */
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running Chromium and its default (persistent-profile) context. */
export interface OwnChromium {
	browser: Browser;
	context: BrowserContext;
	/**
	 * Runs `start` and waits for the download it starts to end; resolves with the saved file's
	 * path, rejects when Chromium gave up on it (a full disk, say). Playwright's `download` event
	 * does not fire here: with `noDefaults` it leaves the default context's downloads alone.
	 */
	download(start: () => Promise<void>): Promise<string>;
	/** Closes the browser and deletes its profile. */
	close(): Promise<void>;
}

/** How long Chromium may take to write its DevTools port file. */
const START_TIMEOUT_MS = 15_000;

/**
 * Starts a headless Chromium with a fresh profile and connects to it; the profile is made in
 * `profileParent` (default: the system's temp folder), e.g. a small disk that can fill up.
 */
export async function launchOwnChromium(profileParent = tmpdir()): Promise<OwnChromium> {
	const profile = mkdtempSync(join(profileParent, 'mqtt-scope-chromium-'));
	const child = spawn(
		process.env.CHROMIUM_PATH || '/usr/bin/chromium',
		[
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-dev-shm-usage',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
			'--no-default-browser-check',
			'--remote-debugging-address=127.0.0.1',
			'--remote-debugging-port=0',
			`--user-data-dir=${profile}`,
			'about:blank'
		],
		// Its own process group, so the helper processes it starts end with it.
		{ stdio: 'ignore', detached: true }
	);
	try {
		const port = await devToolsPort(profile, child);
		const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`, {
			noDefaults: true,
			isLocal: true
		});
		const context = browser.contexts()[0];
		const downloads = await routeDownloads(browser, join(profile, 'Downloads'));
		return {
			browser,
			context,
			download: downloads,
			async close() {
				// Browser.close ends Chromium itself; browser.close() only disconnects from it.
				const session = await browser.newBrowserCDPSession().catch(() => undefined);
				const disconnected = new Promise((resolve) => {
					if (!browser.isConnected()) resolve(undefined);
					else browser.once('disconnected', () => resolve(undefined));
				});
				await session?.send('Browser.close').catch(() => undefined);
				// Playwright forgets the browser's contexts only once it has seen it go; until then
				// the next test's teardown trips on them ("Target page, context or browser has
				// been closed").
				await Promise.race([disconnected, new Promise((resolve) => setTimeout(resolve, 5000))]);
				await browser.close().catch(() => undefined);
				await stop(child);
				rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
			}
		};
	} catch (error) {
		if (child.pid) process.kill(-child.pid, 'SIGTERM');
		await stop(child);
		rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
		throw error;
	}
}

/**
 * Has Chromium save downloads in `folder` (on the profile's disk, as a user's browser does) under
 * their download ids, and returns a function that waits for the next one to end.
 */
async function routeDownloads(browser: Browser, folder: string): Promise<OwnChromium['download']> {
	const session = await browser.newBrowserCDPSession();
	await session.send('Browser.setDownloadBehavior', {
		behavior: 'allowAndName',
		downloadPath: folder,
		eventsEnabled: true
	});
	return async (start) => {
		let guid: string | undefined;
		const ended = new Promise<string>((resolve, reject) => {
			const began = (event: { guid: string }) => {
				guid ??= event.guid;
			};
			const progress = (event: { guid: string; state: string }) => {
				if (event.guid !== guid || event.state === 'inProgress') return;
				session.off('Browser.downloadWillBegin', began);
				session.off('Browser.downloadProgress', progress);
				if (event.state === 'completed') resolve(join(folder, event.guid));
				else reject(new Error(`Chromium did not save the download (${event.state})`));
			};
			session.on('Browser.downloadWillBegin', began);
			session.on('Browser.downloadProgress', progress);
		});
		await start();
		return ended;
	};
}

/** Reads the port Chromium writes to DevToolsActivePort once it listens. */
async function devToolsPort(profile: string, child: ChildProcess): Promise<string> {
	const file = join(profile, 'DevToolsActivePort');
	const deadline = Date.now() + START_TIMEOUT_MS;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`Chromium exited with ${child.exitCode}`);
		const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
		if (text.includes('\n')) return text.split('\n')[0];
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error('Chromium did not open its DevTools port');
}

/** Waits for Chromium to exit, ending it (and its helper processes) if it has not yet. */
function stop(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 5000);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve();
		});
	});
}
