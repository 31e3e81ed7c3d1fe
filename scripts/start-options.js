// @ts-check
/**
 * What `npm start` was asked to do: flags and environment variables turned into one options
 * object, or a message in plain words. Pure (argv and env come in), so a unit test covers it.
 */
import { parseArgs } from 'node:util';
import { basePathFromEnv } from './base-path.js';

/** The help text printed by `npm start -- --help` and after a bad flag. */
export const USAGE = `Usage: npm start -- [options]

  --port <n>        app port (env APP_PORT, default 4173)
  --ws-port <n>     demo broker WebSocket port, loopback (env DEMO_WS_PORT, default 9001)
  --mqtt-port <n>   demo broker TCP port, loopback (env DEMO_MQTT_PORT, default 1883)
  --lan             serve the app and the demo broker on this machine's LAN address over
                    HTTPS and WSS, for a phone (env MQTT_SCOPE_LAN=1)
  --host <addr>     with --lan: the address to serve on instead of the detected one
                    (env MQTT_SCOPE_HOST)
  --name <dns>      with --lan: a name the phone can resolve (e.g. my-laptop.local), put in
                    the certificate and the printed links (env MQTT_SCOPE_NAME)
  --wss-port <n>    with --lan: demo broker secure WebSocket port (env DEMO_WSS_PORT, default 9443)
  --proxy <ws-url>  with --lan: also offer your own broker's plain WebSocket listener (e.g.
                    ws://192.168.1.50:9001) to phones as wss:// (env MQTT_SCOPE_PROXY)
  --proxy-port <n>  with --proxy: its secure WebSocket port (env MQTT_SCOPE_PROXY_PORT, default 8884)
  --no-broker       serve the app only (no demo broker, no simulator)
  --no-simulator    start the demo broker without fake devices
  --rebuild         build even if build/ looks up to date
  -h, --help        show this help

  The certificate for --lan is made once and kept in $MQTT_SCOPE_DATA_DIR
  (default: $XDG_DATA_HOME/mqtt-scope or ~/.local/share/mqtt-scope).
  BASE_PATH=/sub/path serves (and builds) the app under that sub-path.`;

/**
 * @typedef {object} StartOptions
 * @property {boolean} help
 * @property {number} appPort
 * @property {number} wsPort
 * @property {number} mqttPort
 * @property {number} wssPort
 * @property {boolean} lan Serve on the LAN over HTTPS/WSS instead of loopback over HTTP.
 * @property {string | undefined} host With lan: the address to bind and advertise (undefined: detect).
 * @property {string | undefined} name With lan: a DNS name to advertise and certify.
 * @property {URL | undefined} proxy With lan: a broker's ws:// URL to offer as wss:// through a TLS proxy.
 * @property {number} proxyPort The TLS proxy's port.
 * @property {boolean} broker
 * @property {boolean} simulator
 * @property {boolean} rebuild
 * @property {string} basePath '' or '/sub/path'.
 */

/** @typedef {{ ok: true, options: StartOptions } | { ok: false, message: string }} ParsedStart */

const OPTIONS = /** @type {const} */ ({
	port: { type: 'string' },
	'ws-port': { type: 'string' },
	'mqtt-port': { type: 'string' },
	'wss-port': { type: 'string' },
	lan: { type: 'boolean' },
	host: { type: 'string' },
	name: { type: 'string' },
	proxy: { type: 'string' },
	'proxy-port': { type: 'string' },
	broker: { type: 'boolean', default: true },
	simulator: { type: 'boolean', default: true },
	rebuild: { type: 'boolean', default: false },
	help: { type: 'boolean', short: 'h', default: false }
});

/** Thrown inside parsing to carry a user-facing message out. */
class OptionError extends Error {}

/**
 * Parses a port from a flag or env value.
 * @param {string | undefined} value
 * @param {number} fallback
 * @param {string} name
 */
function port(value, fallback, name) {
	if (value === undefined || value === '') return fallback;
	const n = Number(value);
	if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < 0 || n > 65535)
		throw new OptionError(`${name} must be a port number (0–65535), got "${value}"`);
	return n;
}

/**
 * Reads a yes/no environment variable; anything but the usual words is an error, not a guess.
 * @param {string | undefined} value
 * @param {string} name
 */
function envFlag(value, name) {
	if (value === undefined || value.trim() === '') return undefined;
	const v = value.trim().toLowerCase();
	if (['1', 'true', 'yes', 'on'].includes(v)) return true;
	if (['0', 'false', 'no', 'off'].includes(v)) return false;
	throw new OptionError(`${name} must be 1 or 0 (or true/false), got "${value}"`);
}

/**
 * A host name or IP address as given on the command line; refuses URLs and ports so the
 * printed links stay right.
 * @param {string | undefined} value
 * @param {string} name
 */
function hostValue(value, name) {
	if (value === undefined || value.trim() === '') return undefined;
	const v = value.trim();
	const ipv6 = /^[0-9a-fA-F:.]+$/.test(v) && v.includes(':');
	if (!ipv6 && !/^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/.test(v))
		throw new OptionError(
			`${name} must be a host name or an IP address like 192.168.1.20 (no scheme, no port), got "${value}"`
		);
	return v;
}

/**
 * The broker a --proxy forwards to: a ws:// URL with a host; anything else is refused, since a
 * wss:// broker needs no proxy and only WebSockets reach a browser.
 * @param {string | undefined} value
 * @returns {URL | undefined}
 */
function proxyTarget(value) {
	if (value === undefined || value.trim() === '') return undefined;
	/** @type {URL} */
	let url;
	try {
		url = new URL(value.trim());
	} catch {
		throw new OptionError(
			`--proxy must be a ws:// URL like ws://192.168.1.50:9001, got "${value}"`
		);
	}
	if (url.protocol === 'wss:')
		throw new OptionError('--proxy is for brokers without TLS; a wss:// broker needs no proxy');
	if (url.protocol !== 'ws:' || !url.hostname || url.username || url.password || url.search)
		throw new OptionError(
			`--proxy must be a ws:// URL like ws://192.168.1.50:9001 (no user, no query), got "${value}"`
		);
	return url;
}

/**
 * Turns argv (without node and the script) and the environment into StartOptions.
 * Flags win over environment variables.
 * @param {string[]} argv
 * @param {Record<string, string | undefined>} env
 * @returns {ParsedStart}
 */
export function parseStartOptions(argv, env) {
	try {
		/** @type {ReturnType<typeof parseArgs<{ options: typeof OPTIONS, allowNegative: true }>>} */
		let parsed;
		try {
			// allowNegative turns --no-broker / --no-simulator into broker=false / simulator=false.
			parsed = parseArgs({ options: OPTIONS, allowNegative: true, args: argv });
		} catch (err) {
			throw new OptionError(err instanceof Error ? err.message : String(err));
		}
		const v = parsed.values;
		const lan = v.lan ?? envFlag(env.MQTT_SCOPE_LAN, 'MQTT_SCOPE_LAN') ?? false;
		const host = hostValue(v.host ?? env.MQTT_SCOPE_HOST, '--host');
		const name = hostValue(v.name ?? env.MQTT_SCOPE_NAME, '--name');
		if (!lan && v.host !== undefined)
			throw new OptionError(
				'--host only applies with --lan (without it the app stays on 127.0.0.1)'
			);
		if (!lan && v.name !== undefined) throw new OptionError('--name only applies with --lan');
		const proxy = proxyTarget(v.proxy ?? env.MQTT_SCOPE_PROXY);
		if (!lan && v.proxy !== undefined)
			throw new OptionError('--proxy only applies with --lan (it offers a broker over wss://)');
		if (name && /^\d+(\.\d+){3}$/.test(name))
			throw new OptionError('--name takes a DNS name; give an IP address with --host');
		let basePath;
		try {
			basePath = basePathFromEnv(env.BASE_PATH);
		} catch (err) {
			throw new OptionError(err instanceof Error ? err.message : String(err));
		}
		const broker = v.broker !== false;
		return {
			ok: true,
			options: {
				help: v.help === true,
				appPort: port(v.port ?? env.APP_PORT, 4173, '--port'),
				wsPort: port(v['ws-port'] ?? env.DEMO_WS_PORT, 9001, '--ws-port'),
				mqttPort: port(v['mqtt-port'] ?? env.DEMO_MQTT_PORT, 1883, '--mqtt-port'),
				wssPort: port(v['wss-port'] ?? env.DEMO_WSS_PORT, 9443, '--wss-port'),
				lan,
				host: lan ? host : undefined,
				name: lan ? name : undefined,
				proxy: lan ? proxy : undefined,
				proxyPort: port(v['proxy-port'] ?? env.MQTT_SCOPE_PROXY_PORT, 8884, '--proxy-port'),
				broker,
				simulator: broker && v.simulator !== false,
				rebuild: v.rebuild === true,
				basePath
			}
		};
	} catch (err) {
		if (err instanceof OptionError) return { ok: false, message: err.message };
		throw err;
	}
}
