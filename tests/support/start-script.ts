/**
 * Runs `node scripts/start.js …` for a test: waits for its banner, and stops it with SIGTERM
 * (SIGKILL if it hangs). Output is kept so a failure shows what the script said.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
/** Enough for a build when build/ is stale, plus the start itself. */
export const BANNER_TIMEOUT_MS = 150_000;

/** A running start.js. */
export interface StartScript {
	child: ChildProcess;
	/** Everything printed so far (stdout and stderr). */
	output: () => string;
	/** The banner, up to and including "Press Ctrl+C to stop.". */
	banner: string;
	/** SIGTERM, then resolves with the exit code (SIGKILL after `ms`). */
	stop: (ms?: number) => Promise<number | null>;
}

/** Starts start.js with `args` and extra `env`; resolves once the banner is out. */
export async function runStartScript(
	args: string[],
	env: Record<string, string> = {}
): Promise<StartScript> {
	const child = spawn(process.execPath, ['scripts/start.js', ...args], {
		cwd: ROOT,
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let text = '';
	child.stdout.setEncoding('utf8');
	child.stderr.setEncoding('utf8');
	child.stdout.on('data', (chunk: string) => (text += chunk));
	child.stderr.on('data', (chunk: string) => (text += chunk));
	const stop = (ms = 5_000): Promise<number | null> => {
		if (child.exitCode !== null || child.signalCode !== null) {
			return Promise.resolve(child.exitCode);
		}
		return new Promise((resolveExit) => {
			const timer = setTimeout(() => child.kill('SIGKILL'), ms);
			child.once('exit', (code) => {
				clearTimeout(timer);
				resolveExit(code);
			});
			child.kill('SIGTERM');
		});
	};
	try {
		const banner = await new Promise<string>((resolveBanner, reject) => {
			const timer = setTimeout(
				() => reject(new Error(`no banner within ${BANNER_TIMEOUT_MS} ms:\n${text}`)),
				BANNER_TIMEOUT_MS
			);
			child.stdout.on('data', () => {
				if (text.includes('Press Ctrl+C to stop.')) {
					clearTimeout(timer);
					resolveBanner(text);
				}
			});
			child.once('exit', (code, signal) => {
				clearTimeout(timer);
				reject(new Error(`start.js exited (${code ?? signal}) before its banner:\n${text}`));
			});
		});
		return { child, output: () => text, banner, stop };
	} catch (err) {
		await stop();
		throw err;
	}
}

/** The value printed after `label` on a banner line, e.g. bannerValue(b, 'App'). */
export function bannerValue(banner: string, label: string): string {
	const match = new RegExp(`^ {2}${label}\\s+(\\S+)`, 'm').exec(banner);
	if (!match) throw new Error(`no "${label}" line in the banner:\n${banner}`);
	return match[1];
}
