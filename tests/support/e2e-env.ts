/**
 * Names of the environment variables through which global setup hands the shared broker and
 * app server to Playwright workers (workers inherit the runner's env), and a typed reader.
 */
import { DYNSEC_USER, USERS } from './mosquitto';

/** Every env var global setup (or playwright.config.ts) sets for the tests. */
export const E2E_ENV = {
	/** Plain MQTT/TCP port of the shared broker (for external mqtt.js clients). */
	mqttPort: 'MQTT_PORT',
	/** Anonymous MQTT-over-WebSocket port. */
	wsPort: 'WS_PORT',
	/** Anonymous MQTT-over-WebSocket+TLS port (self-signed cert, trusted by the test Chromium). */
	wssPort: 'WSS_PORT',
	/** MQTT-over-WebSocket port requiring alice/bob credentials, ACL enforced. */
	authWsPort: 'AUTH_WS_PORT',
	/** MQTT-over-WebSocket port guarded by the dynamic security plugin (user carol). */
	dynsecWsPort: 'DYNSEC_WS_PORT',
	/** Base URL of the served build, e.g. http://127.0.0.1:41234 (no trailing slash). */
	appUrl: 'APP_URL',
	/** Base64 SHA-256 SPKI of the test certificate (set by playwright.config.ts). */
	spki: 'SPKI',
	/** Temp dir of the shared broker (mosquitto.conf, mosquitto.log). */
	brokerDir: 'BROKER_DIR'
} as const;

/** Ports and URLs of the shared broker, as the tests see it. */
export interface BrokerInfo {
	mqttPort: number;
	wsPort: number;
	wssPort: number;
	authWsPort: number;
	dynsecWsPort: number;
	/** ws://127.0.0.1:WS_PORT */
	wsUrl: string;
	/** wss://127.0.0.1:WSS_PORT */
	wssUrl: string;
	/** ws://127.0.0.1:AUTH_WS_PORT */
	authWsUrl: string;
	/** ws://127.0.0.1:DYNSEC_WS_PORT: SUBACK refuses carol's `forbidden/#` with 0x87. */
	dynsecWsUrl: string;
	/** Broker temp dir (logs). */
	dir: string;
	users: typeof USERS;
	/** The dynamic security listener's user. */
	dynsecUser: typeof DYNSEC_USER;
}

/** Reads a required env var or throws naming the missing setup. */
export function requireEnv(name: string): string {
	const value = process.env[name];
	if (!value) {
		throw new Error(`${name} is not set: run e2e tests through playwright.config.ts globalSetup`);
	}
	return value;
}

function requirePort(name: string): number {
	const port = Number(requireEnv(name));
	if (!Number.isInteger(port) || port <= 0) throw new Error(`${name} is not a port: ${port}`);
	return port;
}

/** The shared broker described by the env vars set in global setup. */
export function brokerFromEnv(): BrokerInfo {
	const mqttPort = requirePort(E2E_ENV.mqttPort);
	const wsPort = requirePort(E2E_ENV.wsPort);
	const wssPort = requirePort(E2E_ENV.wssPort);
	const authWsPort = requirePort(E2E_ENV.authWsPort);
	const dynsecWsPort = requirePort(E2E_ENV.dynsecWsPort);
	return {
		mqttPort,
		wsPort,
		wssPort,
		authWsPort,
		dynsecWsPort,
		wsUrl: `ws://127.0.0.1:${wsPort}`,
		wssUrl: `wss://127.0.0.1:${wssPort}`,
		authWsUrl: `ws://127.0.0.1:${authWsPort}`,
		dynsecWsUrl: `ws://127.0.0.1:${dynsecWsPort}`,
		dir: process.env[E2E_ENV.brokerDir] ?? '',
		users: USERS,
		dynsecUser: DYNSEC_USER
	};
}
