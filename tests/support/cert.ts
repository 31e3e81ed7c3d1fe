/**
 * Self-signed TLS certificate for the WSS listener, made with openssl.
 *
 * Synchronous on purpose: playwright.config.ts needs the SPKI hash while the config module is
 * being evaluated (Chromium's `--ignore-certificate-errors-spki-list` is a launch argument), and
 * a config module cannot await.
 */
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Env var naming the directory holding cert.pem/key.pem shared by every broker of one run. */
export const CERT_DIR_ENV = 'E2E_CERT_DIR';

/** Set to '1' when ensureRunCert created the dir, so global teardown may delete it. */
export const CERT_DIR_OWNED_ENV = 'E2E_CERT_DIR_OWNED';

/** Paths of a generated certificate and its private key. */
export interface TestCert {
	dir: string;
	certPath: string;
	keyPath: string;
}

const opensslBin = (): string => process.env.OPENSSL_BIN || 'openssl';

/** Paths of cert.pem and key.pem inside `dir` (they may not exist yet). */
export function certPaths(dir: string): TestCert {
	return { dir, certPath: join(dir, 'cert.pem'), keyPath: join(dir, 'key.pem') };
}

/**
 * Writes a self-signed P-256 certificate for 127.0.0.1 into `dir` unless one is already there.
 * The SAN carries IP:127.0.0.1 because browsers ignore the CN for host matching.
 */
export function generateCert(dir: string): TestCert {
	const cert = certPaths(dir);
	if (existsSync(cert.certPath) && existsSync(cert.keyPath)) return cert;
	execFileSync(
		opensslBin(),
		[
			'req',
			'-x509',
			'-newkey',
			'ec',
			'-pkeyopt',
			'ec_paramgen_curve:prime256v1',
			'-nodes',
			'-keyout',
			cert.keyPath,
			'-out',
			cert.certPath,
			'-days',
			'7',
			'-subj',
			'/CN=127.0.0.1',
			'-addext',
			'subjectAltName=IP:127.0.0.1,DNS:localhost'
		],
		{ stdio: ['ignore', 'ignore', 'pipe'] }
	);
	return cert;
}

/**
 * The certificate of this run: reuses the directory named by E2E_CERT_DIR, or makes a fresh one
 * and records it there so child processes (Playwright workers) reuse the same key.
 */
export function ensureRunCert(): TestCert {
	const existing = process.env[CERT_DIR_ENV];
	if (existing) return generateCert(existing);
	const dir = mkdtempSync(join(tmpdir(), 'mqtt-scope-cert-'));
	process.env[CERT_DIR_ENV] = dir;
	process.env[CERT_DIR_OWNED_ENV] = '1';
	return generateCert(dir);
}

/**
 * Base64 SHA-256 of the certificate's SubjectPublicKeyInfo, the form Chromium's
 * `--ignore-certificate-errors-spki-list` expects. Same bytes as
 * `openssl x509 -pubkey | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64`.
 */
export function spkiFingerprint(certPath: string): string {
	const spki = new X509Certificate(readFileSync(certPath)).publicKey.export({
		type: 'spki',
		format: 'der'
	});
	return createHash('sha256').update(spki).digest('base64');
}
