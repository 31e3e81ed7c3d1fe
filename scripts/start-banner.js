// @ts-check
/**
 * What `npm start` prints once everything runs: the URLs, and for --lan the QR code of the
 * Quick start link, the certificate's fingerprint and how to trust it on Android and iOS.
 */

/**
 * @typedef {object} BannerInput
 * @property {string} appUrl e.g. https://192.168.1.20:4173/ (ends with the base path and a slash)
 * @property {{ wsPort: number, mqttPort: number, wssUrl?: string } | undefined} broker
 * @property {boolean} simulator
 * @property {{ url: string, target: string } | undefined} [proxy] --proxy: the wss:// URL phones use, and the broker behind it
 * @property {{ certUrl: string, caFingerprint256: string, dir: string, created: boolean } | undefined} lan
 */

/**
 * The app's deep link that fills in the demo broker (the app asks before connecting).
 * @param {string} appUrl
 * @param {string} brokerUrl
 */
export function demoDeepLink(appUrl, brokerUrl) {
	return `${appUrl}?url=${encodeURIComponent(brokerUrl)}&sub=smart_env%2F%23&v=4&name=Demo`;
}

/**
 * Host part of a URL: IPv6 addresses need brackets.
 * @param {string} host
 */
export function urlHost(host) {
	return host.includes(':') ? `[${host}]` : host;
}

/**
 * Steps to trust the local certificate authority on a phone, in the words of its Settings app.
 * @param {string} certUrl
 * @returns {string[]}
 */
export function trustSteps(certUrl) {
	return [
		'  On the phone (same Wi-Fi), trust the certificate once, then open the Quick start link:',
		'',
		'  Android (Chrome)',
		`    1. Open ${certUrl}`,
		'       (on the warning page tap Advanced › Proceed); the file downloads.',
		'    2. Settings › Security (& privacy) › More security settings › Encryption & credentials',
		'       › Install a certificate › CA certificate › Install anyway › pick mqtt-scope-ca.crt.',
		'    3. Check the SHA-256 above under Trusted credentials › User.',
		'',
		'  iPhone / iPad (Safari)',
		`    1. Open ${certUrl}`,
		'       (tap Show Details › visit this website), then Allow the profile download.',
		'    2. Settings › General › VPN & Device Management › mqtt-scope local CA › Install',
		'       (More Details shows the SHA-256: compare it with the one above).',
		'    3. Settings › General › About › Certificate Trust Settings › switch on',
		'       "mqtt-scope local CA".',
		'',
		'  Then open the app, connect to the demo, and install it: Chrome › ⋮ › Install app /',
		'  Add to Home screen; Safari › Share › Add to Home Screen. It then starts offline too.'
	];
}

/**
 * The terminal QR code of `text` (two rows per character line, so it fits an 80-column window).
 * @param {string} text
 * @returns {Promise<string>}
 */
export async function terminalQr(text) {
	// Loaded on demand: only --lan prints a QR code.
	const { default: QRCode } = await import('qrcode');
	return QRCode.toString(text, { type: 'terminal', small: true, errorCorrectionLevel: 'L' });
}

/**
 * The full banner, as lines.
 * @param {BannerInput} input
 * @returns {Promise<string[]>}
 */
export async function bannerLines({ appUrl, broker, simulator, proxy, lan }) {
	const lines = [
		'',
		lan ? '  mqtt-scope is running on your network' : '  mqtt-scope is running',
		''
	];
	lines.push(`  App          ${appUrl}`);
	/** What the QR code opens: the Quick start link when there is a demo broker to connect to. */
	let scanUrl = appUrl;
	if (broker) {
		const loopbackWs = `ws://localhost:${broker.wsPort}`;
		scanUrl = demoDeepLink(appUrl, broker.wssUrl ?? loopbackWs);
		if (broker.wssUrl) {
			lines.push(`  Broker (wss) ${broker.wssUrl}   ← for phones (MQTT 3.1.1)`);
		} else {
			lines.push(
				`  Broker (ws)  ${loopbackWs}   ${
					broker.wsPort === 9001
						? '← the "Local demo" profile (MQTT 3.1.1)'
						: '(set this URL in the "Local demo" profile, MQTT 3.1.1)'
				}`
			);
		}
		// A deep link connects to the demo broker whatever its port (after a confirmation).
		lines.push(`  Quick start  ${scanUrl}`);
		const local = broker.wssUrl ? '   (this machine only)' : '';
		if (broker.wssUrl) lines.push(`  Broker (ws)  ${loopbackWs}${local}`);
		lines.push(
			`  Broker (tcp) mqtt://localhost:${broker.mqttPort}${local}`,
			`  Simulator    ${simulator ? 'publishing under smart_env/#' : 'off (--no-simulator)'}`,
			'',
			'  Publish from a terminal:',
			`    mosquitto_pub -h 127.0.0.1 -p ${broker.mqttPort} -t smart_env/test -m 'hello'`,
			`    mosquitto_sub -h 127.0.0.1 -p ${broker.mqttPort} -t 'smart_env/#' -v`
		);
	} else {
		lines.push('  Broker       off (--no-broker)');
	}
	if (proxy) {
		lines.push(
			'',
			`  Your broker  ${proxy.url}   (TLS proxy to ${proxy.target}: use this URL in a profile)`
		);
	}
	if (lan) {
		const what = broker ? 'the Quick start link' : 'the app';
		lines.push('', `  Scan with the phone’s camera (opens ${what}):`, '');
		const qr = await terminalQr(scanUrl);
		lines.push(
			...qr
				.trimEnd()
				.split('\n')
				.map((row) => `  ${row}`)
		);
		lines.push(
			'',
			`  Certificate  SHA-256 ${lan.caFingerprint256}`,
			`  Download     ${lan.certUrl}`,
			`  Kept in      ${lan.dir}${lan.created ? ' (new: trust it on the phone)' : ' (reused)'}`,
			'',
			...trustSteps(lan.certUrl)
		);
	}
	lines.push('', '  Press Ctrl+C to stop.', '');
	return lines;
}
