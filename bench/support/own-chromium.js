// @ts-check
/**
 * Headless Debian Chromium started by the bench itself, with remote debugging on 127.0.0.1,
 * for runs Playwright must be able to leave (connectOverCDP, then disconnect): a page Playwright
 * drives gets DevTools events it never asked for, such as one for every WebSocket frame.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './chromium.js';

/**
 * @typedef {object} OwnChromium
 * @property {string} endpoint the browser's DevTools WebSocket URL
 * @property {() => Promise<void>} close stops the browser and removes its profile
 */

/**
 * Starts Chromium on a fresh profile with one blank tab.
 * @param {{ width: number, height: number }} windowSize
 * @returns {Promise<OwnChromium>}
 */
export async function launchOwnChromium({ width, height }) {
	const profileDir = mkdtempSync(join(tmpdir(), 'mqtt-scope-bench-chromium-'));
	const proc = spawn(
		CHROMIUM_PATH,
		[
			'--headless',
			...CHROMIUM_FLAGS,
			'--remote-debugging-address=127.0.0.1',
			'--remote-debugging-port=0',
			`--user-data-dir=${profileDir}`,
			`--window-size=${width},${height}`,
			'about:blank'
		],
		{ stdio: ['ignore', 'ignore', 'pipe'] }
	);
	const exited = new Promise((resolve) => proc.once('exit', resolve));
	const killOnExit = () => proc.kill('SIGKILL');
	process.once('exit', killOnExit);
	const close = async () => {
		process.removeListener('exit', killOnExit);
		const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
		if (proc.exitCode === null) proc.kill('SIGTERM');
		await exited;
		clearTimeout(timer);
		// Helper processes may still be writing for a moment after the browser exits.
		for (let attempt = 0; attempt < 20; attempt++) {
			try {
				rmSync(profileDir, { recursive: true, force: true });
				break;
			} catch {
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
		}
	};
	try {
		/** @type {string} */
		const endpoint = await new Promise((resolve, reject) => {
			let output = '';
			const timer = setTimeout(() => reject(new Error(`no DevTools endpoint:\n${output}`)), 15_000);
			proc.stderr?.on('data', (chunk) => {
				output += String(chunk);
				const match = /DevTools listening on (ws:\/\/\S+)/.exec(output);
				if (match) {
					clearTimeout(timer);
					resolve(match[1]);
				}
			});
			proc.once('exit', (code) => reject(new Error(`Chromium exited (${code}):\n${output}`)));
		});
		return { endpoint, close };
	} catch (error) {
		await close();
		throw error;
	}
}
