import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { detectLanAddress } from './lan-address.js';

/** One interface address as os.networkInterfaces() reports it. */
function nic(
	address: string,
	family: 'IPv4' | 'IPv6' = 'IPv4',
	internal = false
): NetworkInterfaceInfo {
	const base = {
		address,
		netmask: '255.255.255.0',
		mac: '00:00:00:00:00:00',
		internal,
		cidr: null
	};
	return family === 'IPv4' ? { ...base, family } : { ...base, family, scopeid: 0 };
}

describe('LAN address detection', () => {
	it('prefers a private-range IPv4 address over loopback, link-local, IPv6 and public ones', () => {
		expect(
			detectLanAddress({
				lo: [nic('127.0.0.1', 'IPv4', true)],
				docker0: [nic('169.254.10.2')],
				eth0: [nic('fe80::1', 'IPv6'), nic('203.0.113.5')],
				wlan0: [nic('192.168.1.20')]
			})
		).toBe('192.168.1.20');
		expect(detectLanAddress({ en0: [nic('10.1.2.3')] })).toBe('10.1.2.3');
		expect(detectLanAddress({ en0: [nic('172.20.0.4')] })).toBe('172.20.0.4');
	});

	it('falls back to a public address, and to nothing without a network', () => {
		expect(detectLanAddress({ eth0: [nic('203.0.113.5')] })).toBe('203.0.113.5');
		expect(detectLanAddress({ lo: [nic('127.0.0.1', 'IPv4', true)] })).toBeUndefined();
		expect(detectLanAddress({})).toBeUndefined();
	});
});
