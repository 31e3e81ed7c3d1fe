// @ts-check
/**
 * `npm start`: builds the app when the build is missing or stale, serves build/ on loopback and
 * starts the embedded demo broker and device simulator, so the app has something to talk to.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import sirv from 'sirv';
import { PortInUseError, startDemoBroker } from './demo-broker.js';
import { startSimulator } from './simulator.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = path.join(root, 'build');
const buildIndex = path.join(buildDir, 'index.html');
const HOST = '127.0.0.1';

const USAGE = `Usage: npm start -- [options]

  --port <n>        app port (env APP_PORT, default 4173)
  --ws-port <n>     demo broker WebSocket port (env DEMO_WS_PORT, default 9001)
  --mqtt-port <n>   demo broker TCP port (env DEMO_MQTT_PORT, default 1883)
  --no-broker       serve the app only (no demo broker, no simulator)
  --no-simulator    start the demo broker without fake devices
  --rebuild         build even if build/ looks up to date
  -h, --help        show this help`;

/**
 * Parses a port from a flag or env value; exits with a message on garbage.
 * @param {string | undefined} value
 * @param {number} fallback
 * @param {string} name
 */
function port(value, fallback, name) {
	if (value === undefined || value === '') return fallback;
	const n = Number(value);
	if (!Number.isInteger(n) || n < 0 || n > 65535)
		fail(`${name} must be a port number, got "${value}"`);
	return n;
}

/**
 * Prints a message and exits non-zero: configuration errors deserve no stack trace.
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
	console.error(`\n  mqtt-scope: ${message}\n`);
	process.exit(1);
}

/**
 * Newest mtime (ms) under a file or folder, skipping nothing but missing paths.
 * @param {string} p
 * @returns {number}
 */
function newestMtime(p) {
	if (!existsSync(p)) return 0;
	const st = statSync(p);
	if (!st.isDirectory()) return st.mtimeMs;
	let newest = st.mtimeMs;
	for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
	return newest;
}

/** True when build/index.html is missing or older than any source that goes into it. */
function buildIsStale() {
	if (!existsSync(buildIndex)) return true;
	const built = statSync(buildIndex).mtimeMs;
	const sources = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json'];
	return sources.some((s) => newestMtime(path.join(root, s)) > built);
}

/** Runs `npx vite build` with the terminal attached; rejects on a non-zero exit. */
function build() {
	return new Promise((resolve, reject) => {
		const child = spawn('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' });
		child.on('error', reject);
		child.on('exit', (code, signal) => {
			if (code === 0) resolve(undefined);
			else reject(new Error(`vite build failed (${signal ?? `exit code ${code}`})`));
		});
	});
}

/**
 * Serves build/ with an SPA fallback to index.html.
 * @param {number} appPort
 * @returns {Promise<http.Server>}
 */
function serveApp(appPort) {
	const assets = sirv(buildDir, {
		single: true,
		dev: false,
		etag: true,
		setHeaders(res, pathname) {
			// The browser must re-check the service worker on every visit or updates never land.
			if (pathname === '/service-worker.js' || pathname.endsWith('.webmanifest')) {
				res.setHeader('Cache-Control', 'no-cache');
			} else if (pathname.startsWith('/_app/immutable/')) {
				res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
			} else {
				res.setHeader('Cache-Control', 'no-cache');
			}
		}
	});
	const server = http.createServer((req, res) => assets(req, res));
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(appPort, HOST, () => resolve(server));
	});
}

/**
 * @param {unknown} err
 * @returns {err is NodeJS.ErrnoException}
 */
function isErrno(err) {
	return err instanceof Error && 'code' in err;
}

const OPTIONS = /** @type {const} */ ({
	port: { type: 'string' },
	'ws-port': { type: 'string' },
	'mqtt-port': { type: 'string' },
	broker: { type: 'boolean', default: true },
	simulator: { type: 'boolean', default: true },
	rebuild: { type: 'boolean', default: false },
	help: { type: 'boolean', short: 'h', default: false }
});

/** Parses argv; an unknown flag prints the usage instead of a stack trace. */
function parseCli() {
	try {
		// allowNegative turns --no-broker / --no-simulator into broker=false / simulator=false.
		return parseArgs({ options: OPTIONS, allowNegative: true, args: process.argv.slice(2) });
	} catch (err) {
		return fail(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
	}
}

async function main() {
	const parsed = parseCli();
	const v = parsed.values;
	if (v.help) {
		console.log(USAGE);
		return;
	}
	const appPort = port(v.port ?? process.env.APP_PORT, 4173, '--port');
	const wsPort = port(v['ws-port'] ?? process.env.DEMO_WS_PORT, 9001, '--ws-port');
	const mqttPort = port(v['mqtt-port'] ?? process.env.DEMO_MQTT_PORT, 1883, '--mqtt-port');
	const withBroker = v.broker !== false;
	const withSimulator = withBroker && v.simulator !== false;

	if (v.rebuild || buildIsStale()) {
		console.log('mqtt-scope: building the app (npx vite build)…');
		try {
			await build();
		} catch (err) {
			fail(err instanceof Error ? err.message : String(err));
		}
	}

	/** @type {http.Server} */
	let server;
	try {
		server = await serveApp(appPort);
	} catch (err) {
		if (isErrno(err) && (err.code === 'EADDRINUSE' || err.code === 'EACCES')) {
			fail(
				`app port ${appPort} is already in use (or not allowed). Pick another with --port <n> or APP_PORT.`
			);
		}
		throw err;
	}
	const boundAppPort = /** @type {import('node:net').AddressInfo} */ (server.address()).port;

	/** @type {Awaited<ReturnType<typeof startDemoBroker>> | undefined} */
	let broker;
	/** @type {ReturnType<typeof startSimulator> | undefined} */
	let simulator;
	if (withBroker) {
		try {
			broker = await startDemoBroker({ wsPort, mqttPort, host: HOST });
		} catch (err) {
			server.close();
			if (err instanceof PortInUseError) {
				const how =
					err.which === 'ws'
						? '--ws-port <n> or DEMO_WS_PORT'
						: '--mqtt-port <n> or DEMO_MQTT_PORT (a local Mosquitto often holds 1883)';
				const what = err.which === 'ws' ? 'demo broker WebSocket' : 'demo broker TCP';
				fail(
					`${what} port ${err.port} is already in use. Pick another with ${how}, or run with --no-broker.`
				);
			}
			throw err;
		}
		if (withSimulator) simulator = startSimulator(broker.mqttUrl);
	}

	const appUrl = `http://localhost:${boundAppPort}`;
	const lines = ['', '  mqtt-scope is running', '', `  App          ${appUrl}`];
	if (broker) {
		lines.push(
			`  Broker (ws)  ws://localhost:${broker.wsPort}   ${
				broker.wsPort === 9001
					? '← the "Local demo" profile (MQTT 3.1.1)'
					: '(set this URL in the "Local demo" profile, MQTT 3.1.1)'
			}`,
			// A deep link connects to the demo broker whatever its port (after a confirmation).
			`  Quick start  ${appUrl}/?url=${encodeURIComponent(`ws://localhost:${broker.wsPort}`)}&sub=smart_env%2F%23&v=4&name=Demo`,
			`  Broker (tcp) mqtt://localhost:${broker.mqttPort}`,
			`  Simulator    ${simulator ? 'publishing under smart_env/#' : 'off (--no-simulator)'}`,
			'',
			'  Publish from a terminal:',
			`    mosquitto_pub -h 127.0.0.1 -p ${broker.mqttPort} -t smart_env/test -m 'hello'`,
			`    mosquitto_sub -h 127.0.0.1 -p ${broker.mqttPort} -t 'smart_env/#' -v`
		);
	} else {
		lines.push('  Broker       off (--no-broker)');
	}
	lines.push('', '  Press Ctrl+C to stop.', '');
	console.log(lines.join('\n'));

	let stopping = false;
	/** @param {NodeJS.Signals} signal */
	async function shutdown(signal) {
		if (stopping) {
			// A second Ctrl+C means "now".
			process.exit(130);
		}
		stopping = true;
		console.log(`\nmqtt-scope: ${signal} received, stopping…`);
		const serverClosed = new Promise((resolve) => server.close(() => resolve(undefined)));
		server.closeAllConnections();
		await simulator?.stop();
		await broker?.stop();
		await serverClosed;
		process.exit(0);
	}
	process.on('SIGINT', () => void shutdown('SIGINT'));
	process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
