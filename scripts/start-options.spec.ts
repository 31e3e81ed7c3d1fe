import { describe, expect, it } from 'vitest';
import { parseStartOptions, type StartOptions } from './start-options.js';

/** Parses and insists on success, so each test reads as "these flags mean these options". */
function options(argv: string[], env: Record<string, string> = {}): StartOptions {
	const parsed = parseStartOptions(argv, env);
	if (!parsed.ok) throw new Error(`expected options, got: ${parsed.message}`);
	return parsed.options;
}

/** Parses and insists on failure, returning the message a user would read. */
function refusal(argv: string[], env: Record<string, string> = {}): string {
	const parsed = parseStartOptions(argv, env);
	if (parsed.ok) throw new Error(`expected a refusal, got ${JSON.stringify(parsed.options)}`);
	return parsed.message;
}

describe('npm start options', () => {
	it('defaults to loopback over HTTP with the usual ports', () => {
		expect(options([])).toEqual({
			help: false,
			appPort: 4173,
			wsPort: 9001,
			mqttPort: 1883,
			wssPort: 9443,
			lan: false,
			host: undefined,
			name: undefined,
			proxy: undefined,
			proxyPort: 8884,
			broker: true,
			simulator: true,
			rebuild: false,
			basePath: ''
		});
	});

	it('turns on LAN mode by flag or by MQTT_SCOPE_LAN, and a flag wins over the environment', () => {
		expect(options(['--lan']).lan).toBe(true);
		expect(options([], { MQTT_SCOPE_LAN: '1' }).lan).toBe(true);
		expect(options([], { MQTT_SCOPE_LAN: 'yes' }).lan).toBe(true);
		expect(options([], { MQTT_SCOPE_LAN: '0' }).lan).toBe(false);
		expect(options(['--port', '5000'], { APP_PORT: '6000' }).appPort).toBe(5000);
		expect(options([], { APP_PORT: '6000', DEMO_WSS_PORT: '7443' })).toMatchObject({
			appPort: 6000,
			wssPort: 7443
		});
	});

	it('takes the LAN host and name from flags or the environment', () => {
		expect(options(['--lan', '--host', '127.0.0.1', '--name', 'mqtt-scope.lan'])).toMatchObject({
			lan: true,
			host: '127.0.0.1',
			name: 'mqtt-scope.lan'
		});
		expect(options([], { MQTT_SCOPE_LAN: 'true', MQTT_SCOPE_HOST: '192.168.1.20' })).toMatchObject({
			lan: true,
			host: '192.168.1.20'
		});
		expect(options(['--lan', '--host', 'fe80::1']).host).toBe('fe80::1');
	});

	it('takes a broker to offer over wss:// through the TLS proxy', () => {
		const parsed = options([
			'--lan',
			'--proxy',
			'ws://192.168.1.50:9001/mqtt',
			'--proxy-port',
			'0'
		]);
		expect(parsed.proxy?.href).toBe('ws://192.168.1.50:9001/mqtt');
		expect(parsed.proxyPort).toBe(0);
		expect(options(['--lan'], { MQTT_SCOPE_PROXY: 'ws://10.0.0.2:8080' }).proxy?.port).toBe('8080');
		expect(refusal(['--lan', '--proxy', 'wss://b:8081'])).toMatch(
			/a wss:\/\/ broker needs no proxy/
		);
		expect(refusal(['--lan', '--proxy', 'mqtt://b:1883'])).toMatch(/--proxy must be a ws:\/\/ URL/);
		expect(refusal(['--lan', '--proxy', 'not a url'])).toMatch(/--proxy must be a ws:\/\/ URL/);
		expect(refusal(['--proxy', 'ws://b:9001'])).toMatch(/--proxy only applies with --lan/);
	});

	it('accepts port 0 (a free port) and the --no- flags', () => {
		expect(
			options(['--port', '0', '--ws-port', '0', '--mqtt-port', '0', '--wss-port', '0'])
		).toMatchObject({ appPort: 0, wsPort: 0, mqttPort: 0, wssPort: 0 });
		expect(options(['--no-simulator'])).toMatchObject({ broker: true, simulator: false });
		// No broker means no simulator either: it would have nothing to publish to.
		expect(options(['--no-broker'])).toMatchObject({ broker: false, simulator: false });
	});

	it('reads BASE_PATH the way the build does', () => {
		expect(options([], { BASE_PATH: 'mqtt-scope/' }).basePath).toBe('/mqtt-scope');
		expect(refusal([], { BASE_PATH: '/a b' })).toMatch(/BASE_PATH must be a URL path/);
	});

	it('refuses bad input with a sentence that names the flag', () => {
		expect(refusal(['--port', 'abc'])).toBe('--port must be a port number (0–65535), got "abc"');
		expect(refusal(['--wss-port', '70000'])).toMatch(/^--wss-port must be a port number/);
		expect(refusal(['--port', '1e3'])).toMatch(/^--port must be a port number/);
		expect(refusal(['--host', '127.0.0.1'])).toMatch(/--host only applies with --lan/);
		expect(refusal(['--lan', '--host', 'https://192.168.1.20:4173'])).toMatch(/no scheme, no port/);
		expect(refusal(['--lan', '--name', '192.168.1.20'])).toMatch(/give an IP address with --host/);
		expect(refusal([], { MQTT_SCOPE_LAN: 'maybe' })).toMatch(/MQTT_SCOPE_LAN must be 1 or 0/);
		expect(refusal(['--bogus'])).toMatch(/bogus/);
	});
});
