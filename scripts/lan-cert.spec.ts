import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { certificateNames, ensureLanCert } from './lan-cert.js';

describe('LAN certificate', () => {
	const dirs: string[] = [];
	const freshDir = (): string => {
		const dir = mkdtempSync(join(tmpdir(), 'lan-cert-spec-'));
		dirs.push(dir);
		return dir;
	};
	afterEach(() => {
		for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
	});

	it('makes an authority and a server certificate for the LAN address, signed by it', async () => {
		const dir = freshDir();
		const cert = await ensureLanCert({ dir, names: ['192.168.1.20', 'localhost'] });
		expect(cert.created).toEqual({ ca: true, server: true });

		const ca = new X509Certificate(readFileSync(cert.caPath));
		const server = new X509Certificate(readFileSync(cert.certPath));
		expect(ca.ca).toBe(true);
		expect(server.ca).toBe(false);
		expect(server.checkIssued(ca)).toBe(true);
		expect(server.verify(ca.publicKey)).toBe(true);
		expect(certificateNames(server)).toEqual(['192.168.1.20', 'localhost']);
		expect(cert.caFingerprint256).toBe(ca.fingerprint256);
		expect(cert.caDer.equals(ca.raw)).toBe(true);
		// Private keys are the user's alone.
		expect(statSync(cert.keyPath).mode & 0o077).toBe(0);
		expect(statSync(join(dir, 'ca-key.pem')).mode & 0o077).toBe(0);
	});

	it('reuses both on the next start when the address is covered', async () => {
		const dir = freshDir();
		const first = await ensureLanCert({ dir, names: ['192.168.1.20', 'localhost'] });
		const again = await ensureLanCert({ dir, names: ['192.168.1.20'] });
		expect(again.created).toEqual({ ca: false, server: false });
		expect(again.cert).toBe(first.cert);
		expect(again.caFingerprint256).toBe(first.caFingerprint256);
	});

	it('makes a new server certificate, but keeps the trusted authority, when the address changes', async () => {
		const dir = freshDir();
		const first = await ensureLanCert({ dir, names: ['192.168.1.20'] });
		const moved = await ensureLanCert({ dir, names: ['10.0.0.7', 'scope.local'] });
		expect(moved.created).toEqual({ ca: false, server: true });
		expect(moved.caFingerprint256).toBe(first.caFingerprint256);
		expect(moved.names).toEqual(['10.0.0.7', 'scope.local']);
	});

	it('renews a server certificate that is about to expire', async () => {
		const dir = freshDir();
		await ensureLanCert({ dir, names: ['192.168.1.20'] });
		const later = new Date(Date.now() + 380 * 24 * 60 * 60 * 1000);
		const renewed = await ensureLanCert({ dir, names: ['192.168.1.20'], now: later });
		expect(renewed.created).toEqual({ ca: false, server: true });
		const server = new X509Certificate(readFileSync(renewed.certPath));
		expect(new Date(server.validTo).getTime()).toBeGreaterThan(later.getTime());
	});

	it('replaces a damaged certificate file instead of failing', async () => {
		const dir = freshDir();
		const first = await ensureLanCert({ dir, names: ['192.168.1.20'] });
		writeFileSync(first.caPath, 'not a certificate');
		const repaired = await ensureLanCert({ dir, names: ['192.168.1.20'] });
		expect(repaired.created).toEqual({ ca: true, server: true });
		expect(new X509Certificate(readFileSync(repaired.caPath)).ca).toBe(true);
	});
});
