// @ts-check
/**
 * `npm start`: builds the app when the build is missing or stale, serves build/ and starts the
 * embedded demo broker and device simulator, so the app has something to talk to. On loopback
 * over HTTP by default; with --lan on the machine's network address over HTTPS and WSS, so a
 * phone can open, install and run it offline (a service worker needs a secure origin).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CA_DOWNLOAD_PATH, startAppServer } from './app-server.js';
import { builtForBasePath } from './base-path.js';
import { dataDir } from './data-dir.js';
import { PortInUseError, startDemoBroker } from './demo-broker.js';
import { detectLanAddress } from './lan-address.js';
import { quietBuild } from './quiet-build.js';
import { bannerLines, urlHost } from './start-banner.js';
import { USAGE, parseStartOptions } from './start-options.js';
import { startSimulator } from './simulator.js';
import { startTlsProxy } from './tls-proxy.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = path.join(root, 'build');
const buildIndex = path.join(buildDir, 'index.html');
const LOOPBACK = '127.0.0.1';

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

/**
 * True when build/index.html is missing, was built for another BASE_PATH, or is older than any
 * source that goes into it.
 * @param {string} basePath
 */
function buildIsStale(basePath) {
	if (!existsSync(buildIndex)) return true;
	if (!builtForBasePath(readFileSync(buildIndex, 'utf8'), basePath)) return true;
	const built = statSync(buildIndex).mtimeMs;
	const sources = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json'];
	return sources.some((s) => newestMtime(path.join(root, s)) > built);
}

/**
 * @param {unknown} err
 * @returns {err is NodeJS.ErrnoException}
 */
function isErrno(err) {
	return err instanceof Error && 'code' in err;
}

/**
 * The address to serve on for --lan, or a clear failure when there is none.
 * @param {string | undefined} given
 */
function lanHost(given) {
	if (given) return given;
	const detected = detectLanAddress();
	if (!detected)
		fail(
			'no network address found for --lan. Join a Wi-Fi or wired network, or name one with --host <addr>.'
		);
	return detected;
}

async function main() {
	const parsed = parseStartOptions(process.argv.slice(2), process.env);
	if (!parsed.ok) fail(`${parsed.message}\n\n${USAGE}`);
	const o = parsed.options;
	if (o.help) {
		console.log(USAGE);
		return;
	}

	if (o.rebuild || buildIsStale(o.basePath)) {
		try {
			await quietBuild(root);
		} catch (err) {
			fail(err instanceof Error ? err.message : String(err));
		}
	}

	const bindHost = o.lan ? lanHost(o.host) : LOOPBACK;
	// What the phone types or scans: a DNS name when given (it survives a new DHCP lease).
	const shownHost = o.lan ? (o.name ?? bindHost) : 'localhost';
	/** @type {import('./lan-cert.js').LanCert | undefined} */
	let lanCert;
	if (o.lan) {
		// Loaded only for --lan: the X.509 library is the heaviest import and loopback needs none.
		const { ensureLanCert } = await import('./lan-cert.js');
		lanCert = await ensureLanCert({
			dir: path.join(dataDir(process.env), 'lan-tls'),
			names: [bindHost, ...(o.name ? [o.name] : []), 'localhost', LOOPBACK]
		});
	}

	/** @type {Awaited<ReturnType<typeof startAppServer>>} */
	let app;
	try {
		app = await startAppServer({
			buildDir,
			basePath: o.basePath,
			host: bindHost,
			port: o.appPort,
			tls: lanCert && { cert: lanCert.cert, key: lanCert.key },
			caDer: lanCert?.caDer
		});
	} catch (err) {
		if (isErrno(err) && (err.code === 'EADDRINUSE' || err.code === 'EACCES')) {
			fail(
				`app port ${o.appPort} is already in use (or not allowed). Pick another with --port <n> or APP_PORT.`
			);
		}
		if (isErrno(err) && err.code === 'EADDRNOTAVAIL') {
			fail(`${bindHost} is not an address of this machine. Check --host (or MQTT_SCOPE_HOST).`);
		}
		throw err;
	}

	/** @type {Awaited<ReturnType<typeof startDemoBroker>> | undefined} */
	let broker;
	/** @type {ReturnType<typeof startSimulator> | undefined} */
	let simulator;
	if (o.broker) {
		try {
			broker = await startDemoBroker({
				wsPort: o.wsPort,
				mqttPort: o.mqttPort,
				host: LOOPBACK,
				wss: lanCert && {
					port: o.wssPort,
					host: bindHost,
					cert: lanCert.cert,
					key: lanCert.key
				}
			});
		} catch (err) {
			await app.stop();
			if (err instanceof PortInUseError) {
				/** @type {Record<string, [string, string]>} */
				const hints = {
					ws: ['demo broker WebSocket', '--ws-port <n> or DEMO_WS_PORT'],
					wss: ['demo broker secure WebSocket', '--wss-port <n> or DEMO_WSS_PORT'],
					mqtt: [
						'demo broker TCP',
						'--mqtt-port <n> or DEMO_MQTT_PORT (a local Mosquitto often holds 1883)'
					]
				};
				const [what, how] = hints[err.which];
				fail(
					`${what} port ${err.port} is already in use. Pick another with ${how}, or run with --no-broker.`
				);
			}
			throw err;
		}
		if (o.simulator) simulator = startSimulator(broker.mqttUrl);
	}

	/** @type {Awaited<ReturnType<typeof startTlsProxy>> | undefined} */
	let proxy;
	if (o.proxy && lanCert) {
		try {
			proxy = await startTlsProxy({
				targetHost: o.proxy.hostname.replace(/^\[|\]$/g, ''),
				targetPort: Number(o.proxy.port || 80),
				host: bindHost,
				port: o.proxyPort,
				cert: lanCert.cert,
				key: lanCert.key
			});
		} catch (err) {
			await simulator?.stop();
			await broker?.stop();
			await app.stop();
			if (isErrno(err) && (err.code === 'EADDRINUSE' || err.code === 'EACCES')) {
				fail(
					`proxy port ${o.proxyPort} is already in use. Pick another with --proxy-port <n> or MQTT_SCOPE_PROXY_PORT.`
				);
			}
			throw err;
		}
	}

	const scheme = o.lan ? 'https' : 'http';
	const appUrl = `${scheme}://${urlHost(shownHost)}:${app.port}${o.basePath}/`;
	const lines = await bannerLines({
		appUrl,
		broker: broker && {
			wsPort: broker.wsPort,
			mqttPort: broker.mqttPort,
			wssUrl: broker.wssPort ? `wss://${urlHost(shownHost)}:${broker.wssPort}` : undefined
		},
		simulator: simulator !== undefined,
		proxy:
			proxy && o.proxy
				? {
						url: `wss://${urlHost(shownHost)}:${proxy.port}${o.proxy.pathname === '/' ? '' : o.proxy.pathname}`,
						target: o.proxy.href
					}
				: undefined,
		lan: lanCert && {
			certUrl: `${appUrl.slice(0, -1)}${CA_DOWNLOAD_PATH}`,
			caFingerprint256: lanCert.caFingerprint256,
			dir: lanCert.dir,
			created: lanCert.created.ca
		}
	});
	if (o.lan && /^(127\.|::1$|localhost$)/.test(bindHost)) {
		lines.splice(
			3,
			0,
			`  Note         ${bindHost} is this machine only: a phone cannot reach it.`,
			''
		);
	}
	// Listen for Ctrl+C before the banner: whoever reads it may stop us right away.
	let stopping = false;
	/** @param {NodeJS.Signals} signal */
	async function shutdown(signal) {
		if (stopping) {
			// A second Ctrl+C means "now".
			process.exit(130);
		}
		stopping = true;
		console.log(`\nmqtt-scope: ${signal} received, stopping…`);
		await proxy?.stop();
		await simulator?.stop();
		await broker?.stop();
		await app.stop();
		process.exit(0);
	}
	process.on('SIGINT', () => void shutdown('SIGINT'));
	process.on('SIGTERM', () => void shutdown('SIGTERM'));
	console.log(lines.join('\n'));
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
