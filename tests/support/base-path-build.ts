/**
 * Builds the app for a sub-path (BASE_PATH) into its own folder, beside the normal build/, for
 * the static-hosting test. Quiet unless it fails.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** Runs `vite build` with BASE_PATH=`basePath` into `outDir`; rejects with the log on failure. */
export function buildWithBasePath(basePath: string, outDir: string): Promise<void> {
	return new Promise((resolveBuild, reject) => {
		const child = spawn(
			process.execPath,
			[resolve(ROOT, 'node_modules/vite/bin/vite.js'), 'build'],
			{
				cwd: ROOT,
				env: { ...process.env, BASE_PATH: basePath, BUILD_DIR: outDir, NO_COLOR: '1' },
				stdio: ['ignore', 'pipe', 'pipe']
			}
		);
		let log = '';
		child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
		child.once('error', reject);
		child.once('close', (code) => {
			if (code === 0) resolveBuild();
			else reject(new Error(`BASE_PATH=${basePath} vite build failed (${code}):\n${log}`));
		});
	});
}
