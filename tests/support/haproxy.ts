/**
 * Runs Debian's HAProxy in front of broker nodes for a test: TCP mode (the WebSocket passes
 * through untouched), the first node as the server and the others as backups, health-checked
 * often so a killed node is marked down within a fraction of a second. Config, and nothing
 * else, in a private temp folder; one free loopback port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from './mosquitto';

const haproxyBin = (): string => process.env.HAPROXY_BIN || '/usr/sbin/haproxy';

/** A running HAProxy. */
export interface Haproxy {
	/** ws://127.0.0.1:port: the one address a profile uses to reach whichever node is up. */
	wsUrl: string;
	/** Stops HAProxy and deletes its folder. */
	stop: () => Promise<void>;
}

/** The HAProxy config: node ports in order of preference, the first active, the rest backups. */
export function haproxyConfig(port: number, nodePorts: number[]): string {
	return [
		'defaults',
		'    mode tcp',
		'    timeout connect 1s',
		'    timeout client 5m',
		'    timeout server 5m',
		// A connect to a node that died before its health check noticed goes to another one.
		'    retries 2',
		'    option redispatch',
		'frontend mqtt_ws',
		`    bind 127.0.0.1:${port}`,
		'    default_backend nodes',
		'backend nodes',
		...nodePorts.map(
			(nodePort, i) =>
				`    server node${i + 1} 127.0.0.1:${nodePort} check inter 200ms fall 1 rise 1${i ? ' backup' : ''}`
		),
		''
	].join('\n');
}

function accepts(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/** Starts HAProxy in front of the WebSocket ports `nodePorts`; resolves once it accepts. */
export async function startHaproxy(nodePorts: number[]): Promise<Haproxy> {
	const dir = mkdtempSync(join(tmpdir(), 'mqtt-scope-haproxy-'));
	const [port] = await freePorts(1);
	const confPath = join(dir, 'haproxy.cfg');
	writeFileSync(confPath, haproxyConfig(port, nodePorts));
	// -db: stay in the foreground, so the test owns the process and its exit.
	const child: ChildProcess = spawn(haproxyBin(), ['-db', '-f', confPath], {
		stdio: ['ignore', 'ignore', 'pipe']
	});
	let stderr = '';
	let spawnError: Error | undefined;
	child.once('error', (err) => (spawnError = err));
	child.stderr?.setEncoding('utf8');
	child.stderr?.on('data', (chunk: string) => (stderr += chunk));
	const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
	const stop = async (): Promise<void> => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
		await exited;
		rmSync(dir, { recursive: true, force: true });
	};
	for (let attempt = 0; attempt < 100; attempt++) {
		if (spawnError) {
			throw new Error(
				`cannot run ${haproxyBin()} (${spawnError.message}); install it with \`npm run test-deps\` or set HAPROXY_BIN`
			);
		}
		if (child.exitCode !== null) throw new Error(`haproxy exited (${child.exitCode}):\n${stderr}`);
		if (await accepts(port)) return { wsUrl: `ws://127.0.0.1:${port}`, stop };
		await new Promise((r) => setTimeout(r, 100));
	}
	await stop();
	throw new Error(`haproxy did not listen on 127.0.0.1:${port}:\n${stderr}`);
}
