/**
 * Runs Debian's nginx with the example config deploy/nginx.conf for a test: the file is used as
 * written, with only its listen address (a free loopback port) and web root (a temp folder)
 * swapped in, inside a minimal main config that keeps pid, logs and temp files in that folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePorts } from './mosquitto';

const ROOT = resolve(import.meta.dirname, '../..');
const nginxBin = (): string => process.env.NGINX_BIN || '/usr/sbin/nginx';

/** A running nginx. */
export interface Nginx {
	/** http://127.0.0.1:port */
	origin: string;
	/** Stops nginx (fast shutdown) and waits for it to exit. */
	stop: () => Promise<void>;
}

/**
 * deploy/nginx.conf with `listen 80;` and `root /var/www;` replaced; throws if either is gone,
 * so the test never silently serves some other config.
 */
export function exampleConfig(port: number, webRoot: string): string {
	const conf = readFileSync(join(ROOT, 'deploy/nginx.conf'), 'utf8');
	if (!/^\s*listen 80;$/m.test(conf) || !/^\s*root \/var\/www;$/m.test(conf)) {
		throw new Error('deploy/nginx.conf no longer has "listen 80;" and "root /var/www;"');
	}
	return conf
		.replace(/^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${port};`)
		.replace(/^(\s*)root \/var\/www;$/m, `$1root ${webRoot};`);
}

/**
 * Starts nginx serving `webRoot` (which holds mqtt-scope/ for the sub-path) from `dir`
 * (a private temp folder); resolves once it answers.
 */
export async function startNginx(dir: string, webRoot: string): Promise<Nginx> {
	const [port] = await freePorts(1);
	mkdirSync(join(dir, 'temp'), { recursive: true });
	// Started as root, nginx's workers run as "nobody": they must be able to read the files.
	chmodSync(dir, 0o755);
	const temp = (name: string): string => `${name}_temp_path ${join(dir, 'temp', name)};`;
	const main = [
		'daemon off;',
		'worker_processes 1;',
		`pid ${join(dir, 'nginx.pid')};`,
		`error_log ${join(dir, 'error.log')} warn;`,
		'events { worker_connections 64; }',
		'http {',
		'    include /etc/nginx/mime.types;',
		'    default_type application/octet-stream;',
		`    access_log ${join(dir, 'access.log')};`,
		`    ${temp('client_body')} ${temp('proxy')} ${temp('fastcgi')} ${temp('uwsgi')} ${temp('scgi')}`,
		exampleConfig(port, webRoot),
		'}',
		''
	].join('\n');
	const confPath = join(dir, 'nginx.conf');
	writeFileSync(confPath, main);
	// -e: log startup errors here, not to /var/log/nginx (which a non-root user cannot write).
	const child: ChildProcess = spawn(
		nginxBin(),
		['-p', dir, '-c', confPath, '-e', join(dir, 'error.log')],
		{ stdio: ['ignore', 'ignore', 'pipe'] }
	);
	let stderr = '';
	let spawnError: Error | undefined;
	child.once('error', (err) => (spawnError = err));
	child.stderr?.setEncoding('utf8');
	child.stderr?.on('data', (chunk: string) => (stderr += chunk));
	const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
	const origin = `http://127.0.0.1:${port}`;
	const stop = async (): Promise<void> => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
		await exited;
	};
	for (let attempt = 0; attempt < 100; attempt++) {
		if (spawnError) {
			throw new Error(
				`cannot run ${nginxBin()} (${spawnError.message}); install it with \`npm run test-deps\` or set NGINX_BIN`
			);
		}
		if (child.exitCode !== null) {
			const log = readFileSync(join(dir, 'error.log'), 'utf8');
			throw new Error(`nginx exited (${child.exitCode}):\n${stderr}\n${log}`);
		}
		const up = await fetch(`${origin}/`).then(
			() => true,
			() => false
		);
		if (up) return { origin, stop };
		await new Promise((r) => setTimeout(r, 100));
	}
	await stop();
	throw new Error(`nginx did not answer on ${origin}:\n${stderr}`);
}
