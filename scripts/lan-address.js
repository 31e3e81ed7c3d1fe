// @ts-check
/** Finds the address a phone on the same network reaches this machine at (`npm start -- --lan`). */
import os from 'node:os';

/**
 * True for the IPv4 ranges home and office networks use (RFC 1918).
 * @param {string} address
 */
function isPrivateIPv4(address) {
	const [a, b] = address.split('.').map(Number);
	return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

/**
 * The machine's LAN IPv4 address: the first private-range one, else the first non-loopback one,
 * else undefined (no network). IPv6 is skipped: phones' browsers and QR links handle
 * `192.168.x.y` far better than bracketed link-local addresses.
 * @param {NodeJS.Dict<os.NetworkInterfaceInfo[]>} [interfaces] injectable for tests
 * @returns {string | undefined}
 */
export function detectLanAddress(interfaces = os.networkInterfaces()) {
	const candidates = Object.values(interfaces)
		.flatMap((list) => list ?? [])
		.filter(
			(info) => info.family === 'IPv4' && !info.internal && !info.address.startsWith('169.254.')
		)
		.map((info) => info.address);
	return candidates.find(isPrivateIPv4) ?? candidates[0];
}
