// @ts-check
/**
 * Builds the app for `npm start` without flooding the terminal: one "building…" line, then
 * "built in N s"; vite's full log is shown only when the build fails (it is what explains why).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

/** Keeps the end of a long log: a failing build's cause is at its end, and memory stays bounded. */
const MAX_LOG_CHARS = 200_000;

/**
 * Runs `vite build` in `root`; resolves with the seconds taken, or rejects with an Error whose
 * message is the build's own output.
 * @param {string} root
 * @param {(line: string) => void} [say] where the one-line progress goes
 * @returns {Promise<number>}
 */
export function quietBuild(root, say = (line) => console.log(line)) {
	const started = Date.now();
	say('mqtt-scope: building the app…');
	return new Promise((resolve, reject) => {
		const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
		const child = spawn(process.execPath, [vite, 'build'], {
			cwd: root,
			stdio: ['ignore', 'pipe', 'pipe'],
			// Colours would only garble the log we may print later.
			env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }
		});
		let log = '';
		/** @param {Buffer} chunk */
		const keep = (chunk) => {
			log += chunk.toString('utf8');
			if (log.length > MAX_LOG_CHARS) log = log.slice(-MAX_LOG_CHARS);
		};
		child.stdout.on('data', keep);
		child.stderr.on('data', keep);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			if (code === 0) {
				const seconds = (Date.now() - started) / 1000;
				say(`mqtt-scope: built in ${seconds.toFixed(0)} s`);
				resolve(seconds);
			} else {
				reject(
					new Error(`the build failed (${signal ?? `exit code ${code}`}):\n\n${log.trimEnd()}`)
				);
			}
		});
	});
}
