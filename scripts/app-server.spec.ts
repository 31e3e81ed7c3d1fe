import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CA_DOWNLOAD_PATH, startAppServer } from './app-server.js';
import { ensureLanCert } from './lan-cert.js';
import { IMMUTABLE_CACHE, REVALIDATE_CACHE, SECURITY_HEADERS } from './security-headers.js';

type Server = Awaited<ReturnType<typeof startAppServer>>;

/** A small build/ look-alike: the shell, a hashed script big enough to compress, a worker. */
function makeBuild(): string {
	const dir = mkdtempSync(join(tmpdir(), 'app-server-spec-'));
	mkdirSync(join(dir, '_app/immutable/entry'), { recursive: true });
	writeFileSync(join(dir, 'index.html'), '<!doctype html><title>shell</title>');
	writeFileSync(
		join(dir, '_app/immutable/entry/app.abc.js'),
		`export const x = "${'a'.repeat(4000)}";`
	);
	writeFileSync(join(dir, 'service-worker.js'), 'self.addEventListener("fetch", () => {});');
	return dir;
}

describe('npm start app server', () => {
	let buildDir = '';
	let server: Server | undefined;
	beforeAll(() => {
		buildDir = makeBuild();
		return () => rmSync(buildDir, { recursive: true, force: true });
	});
	afterEach(async () => {
		await server?.stop();
		server = undefined;
	});

	const start = async (basePath = ''): Promise<string> => {
		server = await startAppServer({ buildDir, basePath, host: '127.0.0.1', port: 0 });
		return `http://127.0.0.1:${server.port}`;
	};

	it('sends the security headers and revalidation on the shell, a year on hashed files', async () => {
		const origin = await start();
		const shell = await fetch(`${origin}/`);
		expect(await shell.text()).toContain('shell');
		for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
			expect(shell.headers.get(name), name).toBe(value);
		}
		expect(shell.headers.get('cache-control')).toBe(REVALIDATE_CACHE);
		const worker = await fetch(`${origin}/service-worker.js`);
		expect(worker.headers.get('cache-control')).toBe(REVALIDATE_CACHE);
		const hashed = await fetch(`${origin}/_app/immutable/entry/app.abc.js`);
		expect(hashed.headers.get('cache-control')).toBe(IMMUTABLE_CACHE);
		// Unknown paths get the shell (the app routes in the browser).
		expect(await (await fetch(`${origin}/some/route`)).text()).toContain('shell');
	});

	it('compresses with brotli or gzip, as the browser asks', async () => {
		const origin = await start();
		const url = `${origin}/_app/immutable/entry/app.abc.js`;
		const br = await fetch(url, { headers: { 'Accept-Encoding': 'br' } });
		expect(br.headers.get('content-encoding')).toBe('br');
		expect(await br.text()).toContain('aaaa');
		const gzip = await fetch(url, { headers: { 'Accept-Encoding': 'gzip' } });
		expect(gzip.headers.get('content-encoding')).toBe('gzip');
	});

	it('serves under BASE_PATH, sends the bare host there, and nothing outside it', async () => {
		const origin = await start('/mqtt-scope');
		const home = await fetch(`${origin}/?url=x`, { redirect: 'manual' });
		expect(home.status).toBe(302);
		expect(home.headers.get('location')).toBe('/mqtt-scope/?url=x');
		const bare = await fetch(`${origin}/mqtt-scope`, { redirect: 'manual' });
		expect(bare.headers.get('location')).toBe('/mqtt-scope/');
		expect(await (await fetch(`${origin}/mqtt-scope/`)).text()).toContain('shell');
		const hashed = await fetch(`${origin}/mqtt-scope/_app/immutable/entry/app.abc.js`);
		expect(hashed.headers.get('cache-control')).toBe(IMMUTABLE_CACHE);
		expect((await fetch(`${origin}/other/index.html`)).status).toBe(404);
	});

	it('over HTTPS with the LAN certificate, offers the authority for download', async () => {
		const certDir = mkdtempSync(join(tmpdir(), 'app-server-cert-'));
		try {
			const cert = await ensureLanCert({ dir: certDir, names: ['127.0.0.1'] });
			server = await startAppServer({
				buildDir,
				basePath: '',
				host: '127.0.0.1',
				port: 0,
				tls: { cert: cert.cert, key: cert.key },
				caDer: cert.caDer
			});
			// Trusting only our authority, as a phone does after the trust steps.
			const ca = cert.cert.slice(cert.cert.lastIndexOf('-----BEGIN CERTIFICATE-----'));
			const got = await new Promise<{ type?: string; body: Buffer }>((resolve, reject) => {
				https
					.get(`https://127.0.0.1:${server?.port}${CA_DOWNLOAD_PATH}`, { ca }, (res) => {
						const chunks: Buffer[] = [];
						res.on('data', (c: Buffer) => chunks.push(c));
						res.on('end', () =>
							resolve({ type: res.headers['content-type'], body: Buffer.concat(chunks) })
						);
					})
					.on('error', reject);
			});
			expect(got.type).toBe('application/x-x509-ca-cert');
			expect(got.body.equals(cert.caDer)).toBe(true);
		} finally {
			rmSync(certDir, { recursive: true, force: true });
		}
	});
});
