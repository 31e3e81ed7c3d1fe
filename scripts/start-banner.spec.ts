import { describe, expect, it } from 'vitest';
import { bannerLines, demoDeepLink, terminalQr, urlHost } from './start-banner.js';

const FINGERPRINT = Array.from({ length: 32 }, () => 'AB').join(':');

describe('npm start banner', () => {
	it('links the demo broker through the app’s deep link', () => {
		expect(demoDeepLink('https://192.168.1.20:4173/', 'wss://192.168.1.20:9443')).toBe(
			'https://192.168.1.20:4173/?url=wss%3A%2F%2F192.168.1.20%3A9443&sub=smart_env%2F%23&v=4&name=Demo'
		);
		expect(urlHost('fe80::1')).toBe('[fe80::1]');
		expect(urlHost('192.168.1.20')).toBe('192.168.1.20');
	});

	it('on loopback: the app, the ws:// demo broker and its Quick start link, no QR code', async () => {
		const text = (
			await bannerLines({
				appUrl: 'http://localhost:4173/',
				broker: { wsPort: 9001, mqttPort: 1883 },
				simulator: true,
				lan: undefined
			})
		).join('\n');
		expect(text).toContain('App          http://localhost:4173/');
		expect(text).toContain('Broker (ws)  ws://localhost:9001   ← the "Local demo" profile');
		expect(text).toContain(
			`Quick start  ${demoDeepLink('http://localhost:4173/', 'ws://localhost:9001')}`
		);
		expect(text).not.toContain('Scan');
	});

	it('on the LAN: the wss:// broker, a QR code of the Quick start link, fingerprint and trust steps', async () => {
		const appUrl = 'https://192.168.1.20:4173/';
		const quickStart = demoDeepLink(appUrl, 'wss://192.168.1.20:9443');
		const text = (
			await bannerLines({
				appUrl,
				broker: { wsPort: 9001, mqttPort: 1883, wssUrl: 'wss://192.168.1.20:9443' },
				simulator: true,
				lan: {
					certUrl: `${appUrl}mqtt-scope-ca.crt`,
					caFingerprint256: FINGERPRINT,
					dir: '/home/a/.local/share/mqtt-scope/lan-tls',
					created: true
				}
			})
		).join('\n');
		expect(text).toContain('mqtt-scope is running on your network');
		expect(text).toContain(`Quick start  ${quickStart}`);
		expect(text).toContain('Broker (ws)  ws://localhost:9001   (this machine only)');
		for (const row of (await terminalQr(quickStart)).trimEnd().split('\n')) {
			expect(text).toContain(`  ${row}`);
		}
		expect(text).toContain(`Certificate  SHA-256 ${FINGERPRINT}`);
		expect(text).toContain('Download     https://192.168.1.20:4173/mqtt-scope-ca.crt');
		expect(text).toContain('(new: trust it on the phone)');
		expect(text).toContain('Install a certificate › CA certificate');
		expect(text).toContain('Settings › General › About › Certificate Trust Settings');
	});
});
