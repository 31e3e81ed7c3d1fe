// @ts-check
/**
 * The certificate `npm start -- --lan` serves HTTPS and WSS with: a small local certificate
 * authority (made once; the phone trusts it once) and a server certificate it signs for this
 * machine's LAN address. Both are made with the `selfsigned` library and kept in the data
 * folder. The server certificate is made again when the address (or --name) is not in its SANs
 * or it is about to expire; the authority stays, so a new Wi-Fi address needs no new trust step.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import selfsigned from 'selfsigned';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Renew this long before expiry, so a phone never meets an expired certificate mid-visit. */
const RENEW_BEFORE_MS = 30 * DAY_MS;
/** Apple refuses TLS server certificates valid for more than 825 days; 397 is the public norm. */
const SERVER_DAYS = 397;
const CA_DAYS = 10 * 365;

/**
 * @typedef {object} LanCert
 * @property {string} dir Folder holding the four PEM files.
 * @property {string} caPath The authority's certificate (PEM), the file a phone installs.
 * @property {Buffer} caDer The same certificate in DER, as served for download.
 * @property {string} caFingerprint256 SHA-256 of the authority certificate, AA:BB:… as phones show it.
 * @property {string} certPath Server certificate (PEM).
 * @property {string} keyPath Server private key (PEM).
 * @property {string} cert Server certificate chain (server, then authority) in PEM.
 * @property {string} key Server private key in PEM.
 * @property {string[]} names DNS names and IP addresses the server certificate covers.
 * @property {{ ca: boolean, server: boolean }} created What this call had to make anew.
 */

/**
 * Names in a certificate's subjectAltName, e.g. ['localhost', '192.168.1.20'].
 * @param {X509Certificate} cert
 * @returns {string[]}
 */
export function certificateNames(cert) {
	return (cert.subjectAltName ?? '')
		.split(', ')
		.map((entry) => /^(?:DNS|IP Address):(.+)$/.exec(entry)?.[1])
		.filter((name) => name !== undefined)
		.map((name) => name.toLowerCase());
}

/**
 * @param {string} file
 * @returns {X509Certificate | undefined}
 */
function readCert(file) {
	if (!existsSync(file)) return undefined;
	try {
		return new X509Certificate(readFileSync(file));
	} catch {
		// A damaged file is replaced, not fatal: the certificate is ours to make again.
		return undefined;
	}
}

/**
 * @param {X509Certificate} cert
 * @param {Date} now
 */
function fresh(cert, now) {
	return new Date(cert.validTo).getTime() - now.getTime() > RENEW_BEFORE_MS;
}

/**
 * @param {string} file
 * @param {string} text
 * @param {number} mode
 */
function writePrivate(file, text, mode) {
	writeFileSync(file, text, { mode });
}

/** @param {Date} from @param {number} days */
const plusDays = (from, days) => new Date(from.getTime() + days * DAY_MS);

/**
 * @param {Date} now
 * @returns {Promise<{ cert: string, key: string }>}
 */
async function makeAuthority(now) {
	const pems = await selfsigned.generate(
		[
			{ name: 'commonName', value: `mqtt-scope local CA (${os.hostname()})` },
			{ name: 'organizationName', value: 'mqtt-scope npm start --lan' }
		],
		{
			keyType: 'ec',
			curve: 'P-256',
			algorithm: 'sha256',
			notBeforeDate: plusDays(now, -1),
			notAfterDate: plusDays(now, CA_DAYS),
			extensions: [
				// pathLen 0: this authority signs server certificates only, never another authority.
				{ name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
				{ name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }
			]
		}
	);
	return { cert: pems.cert, key: pems.private };
}

/**
 * @param {string[]} names
 * @param {{ cert: string, key: string }} ca
 * @param {Date} now
 * @returns {Promise<{ cert: string, key: string }>}
 */
async function makeServerCert(names, ca, now) {
	const pems = await selfsigned.generate([{ name: 'commonName', value: names[0] }], {
		keyType: 'ec',
		curve: 'P-256',
		algorithm: 'sha256',
		// A day back absorbs a phone whose clock runs a little behind.
		notBeforeDate: plusDays(now, -1),
		notAfterDate: plusDays(now, SERVER_DAYS),
		ca,
		extensions: [
			{ name: 'basicConstraints', cA: false, critical: true },
			// ECDSA keys sign; keyEncipherment would be wrong for them (RFC 8813).
			{ name: 'keyUsage', digitalSignature: true, critical: true },
			{ name: 'extKeyUsage', serverAuth: true },
			{
				name: 'subjectAltName',
				altNames: names.map((name) =>
					isIP(name) ? { type: 7, ip: name } : { type: 2, value: name }
				)
			}
		]
	});
	return { cert: pems.cert, key: pems.private };
}

/**
 * Loads the LAN certificate from `dir`, making (or remaking) what is missing, stale or does not
 * cover every name in `names` (IP addresses or DNS names).
 * @param {{ dir: string, names: string[], now?: Date }} options
 * @returns {Promise<LanCert>}
 */
export async function ensureLanCert({ dir, names, now = new Date() }) {
	const wanted = [...new Set(names.map((n) => n.toLowerCase()))];
	mkdirSync(dir, { recursive: true, mode: 0o700 });
	const caPath = path.join(dir, 'ca.pem');
	const caKeyPath = path.join(dir, 'ca-key.pem');
	const certPath = path.join(dir, 'server.pem');
	const keyPath = path.join(dir, 'server-key.pem');

	let ca = readCert(caPath);
	let createdCa = false;
	if (!ca || !existsSync(caKeyPath) || !fresh(ca, now) || !ca.ca) {
		const made = await makeAuthority(now);
		writeFileSync(caPath, made.cert, { mode: 0o644 });
		writePrivate(caKeyPath, made.key, 0o600);
		ca = new X509Certificate(made.cert);
		createdCa = true;
	}

	let server = readCert(certPath);
	const namesInServer = server ? certificateNames(server) : [];
	const covers = wanted.every((n) => namesInServer.includes(n));
	const signedByCa = server ? server.checkIssued(ca) && server.verify(ca.publicKey) : false;
	let createdServer = false;
	if (
		!server ||
		createdCa ||
		!existsSync(keyPath) ||
		!covers ||
		!signedByCa ||
		!fresh(server, now)
	) {
		const made = await makeServerCert(
			wanted,
			{ cert: ca.toString(), key: readFileSync(caKeyPath, 'utf8') },
			now
		);
		writeFileSync(certPath, made.cert, { mode: 0o644 });
		writePrivate(keyPath, made.key, 0o600);
		server = new X509Certificate(made.cert);
		createdServer = true;
	}

	return {
		dir,
		caPath,
		caDer: ca.raw,
		caFingerprint256: ca.fingerprint256,
		certPath,
		keyPath,
		// Sending the authority along lets a client that trusts it build the chain without AIA.
		cert: `${server.toString()}${ca.toString()}`,
		key: readFileSync(keyPath, 'utf8'),
		names: certificateNames(server),
		created: { ca: createdCa, server: createdServer }
	};
}

/**
 * Base64 SHA-256 of a certificate's public key (SPKI): what Chromium's
 * --ignore-certificate-errors-spki-list takes, and what certificate pinning tools show.
 * @param {string} certPem
 */
export function spkiSha256Base64(certPem) {
	const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
	return createHash('sha256').update(spki).digest('base64');
}
