/**
 * Runs Debian's RabbitMQ as a private instance for a test: its own node name, ports, Erlang
 * port mapper (epmd) port, cookie and HOME, data and log folders, all in one temp folder, so it
 * never touches (or needs) the system service. Plugins: rabbitmq_mqtt (TCP, for the test's
 * own clients) and rabbitmq_web_mqtt (WebSocket, for the app), written to the instance's
 * enabled-plugins file as `rabbitmq-plugins --offline enable rabbitmq_web_mqtt` would.
 *
 * RabbitMQ boots in about 10 s on a quiet machine and a minute on a loaded one: start it once
 * per spec file, not per test.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
	closeSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	openSync,
	readFileSync,
	rmSync,
	writeFileSync
} from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from './mosquitto';

/** The server script that runs in the foreground as the calling user (/usr/sbin's switches user). */
const serverBin = (): string =>
	process.env.RABBITMQ_SERVER_BIN || '/usr/lib/rabbitmq/bin/rabbitmq-server';

/** Longest wait for the listeners: a cold boot on a busy 2-core machine takes over a minute. */
const START_TIMEOUT_MS = 180_000;

/** A running private RabbitMQ. */
export interface RabbitMq {
	/** MQTT over TCP, for the test's own clients. */
	mqttPort: number;
	/** ws://127.0.0.1:port/ws: the Web MQTT plugin's endpoint. */
	wsUrl: string;
	/** Stops the node (SIGTERM, SIGKILL after 20 s), its epmd, and deletes its folder. */
	stop: () => Promise<void>;
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

function logTail(dir: string): string {
	const out = join(dir, 'server.log');
	return existsSync(out) ? readFileSync(out, 'utf8').split('\n').slice(-30).join('\n') : '(no log)';
}

/** Starts a private RabbitMQ with MQTT and Web MQTT on free loopback ports. */
export async function startRabbitMq(): Promise<RabbitMq> {
	if (!existsSync(serverBin())) {
		throw new Error(
			`${serverBin()} is missing: install rabbitmq-server with \`npm run test-deps\` (or set RABBITMQ_SERVER_BIN)`
		);
	}
	const dir = mkdtempSync(join(tmpdir(), 'mqtt-scope-rabbitmq-'));
	const home = join(dir, 'home');
	mkdirSync(home);
	// Erlang nodes share a secret cookie in $HOME; a private HOME keeps ours away from any other.
	writeFileSync(
		join(home, '.erlang.cookie'),
		`mqtt-scope-e2e-${Math.random().toString(36).slice(2)}`,
		{
			mode: 0o400
		}
	);
	const [amqpPort, distPort, epmdPort, mqttPort, wsPort] = await freePorts(5);
	writeFileSync(
		join(dir, 'rabbitmq.conf'),
		[
			'listeners.tcp = none',
			`mqtt.listeners.tcp.default = 127.0.0.1:${mqttPort}`,
			`web_mqtt.tcp.ip = 127.0.0.1`,
			`web_mqtt.tcp.port = ${wsPort}`,
			'mqtt.allow_anonymous = true',
			// Anonymous MQTT clients act as guest; guest is loopback-only by default, and so are we.
			'loopback_users = none',
			''
		].join('\n')
	);
	writeFileSync(join(dir, 'enabled_plugins'), '[rabbitmq_mqtt,rabbitmq_web_mqtt].\n');
	const nodeName = `mqtt-scope-e2e-${wsPort}@localhost`;
	const env: NodeJS.ProcessEnv = {
		...process.env,
		HOME: home,
		RABBITMQ_NODENAME: nodeName,
		RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
		RABBITMQ_NODE_PORT: String(amqpPort),
		RABBITMQ_DIST_PORT: String(distPort),
		ERL_EPMD_ADDRESS: '127.0.0.1',
		ERL_EPMD_PORT: String(epmdPort),
		RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
		RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
		RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
		RABBITMQ_LOG_BASE: join(dir, 'log'),
		RABBITMQ_PID_FILE: join(dir, 'rabbitmq.pid')
	};
	const logFd = openSync(join(dir, 'server.log'), 'a');
	const child: ChildProcess = spawn(serverBin(), [], { env, stdio: ['ignore', logFd, logFd] });
	closeSync(logFd);
	let spawnError: Error | undefined;
	child.once('error', (err) => (spawnError = err));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const running = () => child.exitCode === null && child.signalCode === null;

	const vmPid = (): number => {
		const pidFile = join(dir, 'rabbitmq.pid');
		return existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : NaN;
	};
	// A runner that ends mid-start (a timeout) must not leave a node, its epmd or its folder
	// behind; everything here is synchronous, as 'exit' needs.
	const killOnExit = (): void => {
		for (const pid of [vmPid(), child.pid ?? NaN]) {
			try {
				if (pid > 0) process.kill(pid, 'SIGKILL');
			} catch {
				// Already gone.
			}
		}
		try {
			execFileSync('epmd', ['-kill'], { env, stdio: 'ignore', timeout: 5000 });
		} catch {
			// No epmd was started.
		}
		rmSync(dir, { recursive: true, force: true });
	};
	process.once('exit', killOnExit);

	const stop = async (): Promise<void> => {
		process.removeListener('exit', killOnExit);
		// The script waits on the Erlang VM, whose OS pid it writes to the pid file: stop the VM
		// (RabbitMQ shuts down cleanly on SIGTERM), and the script ends with it.
		const pid = vmPid();
		const signal = (sig: NodeJS.Signals) => {
			try {
				if (pid > 0) process.kill(pid, sig);
				if (running()) child.kill(sig);
			} catch {
				// Already gone.
			}
		};
		if (running()) {
			signal('SIGTERM');
			const timer = setTimeout(() => signal('SIGKILL'), 20_000);
			await exited;
			clearTimeout(timer);
		}
		// The VM started an epmd of its own on our port; `epmd -kill` ends that one only.
		await new Promise((resolve) =>
			execFile('epmd', ['-kill'], { env: { ...env } }, () => resolve(undefined))
		);
		rmSync(dir, { recursive: true, force: true });
	};

	const deadline = Date.now() + START_TIMEOUT_MS;
	for (const port of [mqttPort, wsPort]) {
		while (!(await accepts(port))) {
			if (spawnError || !running() || Date.now() > deadline) {
				const why = spawnError?.message ?? (running() ? 'timeout' : `exit ${child.exitCode}`);
				const log = logTail(dir);
				await stop();
				throw new Error(`RabbitMQ did not start (${why}); its output:\n${log}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}
	return { mqttPort, wsUrl: `ws://127.0.0.1:${wsPort}/ws`, stop };
}
