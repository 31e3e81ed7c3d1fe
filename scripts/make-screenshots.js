// @ts-check
/**
 * Takes the screenshots the web app manifest shows in install dialogs (static/screenshots/):
 * the built app against the demo broker and its simulated devices, a phone (390×844, narrow)
 * and a desktop (1280×800, wide). They are precached, so each is reduced to a 64-colour palette.
 * Run after `npm run build`: node scripts/make-screenshots.js
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { decode, encode } from 'fast-png';
import { applyPaletteSync, buildPaletteSync, utils } from 'image-q';
import sirv from 'sirv';
import { startDemoBroker } from './demo-broker.js';
import { startSimulator } from './simulator.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'static', 'screenshots');
/** Enough for a dark UI with a few accent colours; keeps each file well under 100 kB. */
const COLOURS = 64;
/** How long the simulated devices publish before the pictures are taken. */
const DATA_MS = 24_000;

/**
 * Re-encodes a screenshot as an indexed PNG with at most COLOURS colours.
 * @param {Buffer} png
 */
export function reduceColours(png) {
	const image = decode(png);
	const rgba =
		image.channels === 4
			? Uint8Array.from(image.data)
			: Uint8Array.from({ length: image.width * image.height * 4 }, (_, i) =>
					i % 4 === 3 ? 255 : Number(image.data[(i >> 2) * 3 + (i % 4)])
				);
	const points = utils.PointContainer.fromUint8Array(rgba, image.width, image.height);
	const palette = buildPaletteSync([points], { colors: COLOURS, paletteQuantization: 'wuquant' });
	const mapped = applyPaletteSync(points, palette, { imageQuantization: 'nearest' });
	const colours = palette.getPointContainer().getPointArray();
	const indexOf = new Map(colours.map((p, i) => [p.uint32, i]));
	const indices = Uint8Array.from(mapped.getPointArray(), (p) => indexOf.get(p.uint32) ?? 0);
	return Buffer.from(
		encode({
			width: image.width,
			height: image.height,
			data: indices,
			depth: 8,
			channels: 1,
			palette: colours.map((p) => [p.r, p.g, p.b])
		})
	);
}

/** Serves build/ on a free loopback port, as a static host would (SPA fallback). */
async function serveBuild() {
	const assets = sirv(path.join(root, 'build'), { single: true, dev: false });
	const server = http.createServer((req, res) => assets(req, res));
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = server.address();
	if (!address || typeof address === 'string') throw new Error('no port');
	return { server, url: `http://127.0.0.1:${address.port}` };
}

/**
 * Points the seeded Local demo profile at the demo broker's port, connects and waits for data.
 * @param {import('@playwright/test').Page} page
 * @param {string} appUrl
 * @param {number} wsPort
 */
async function connectDemo(page, appUrl, wsPort) {
	await page.goto(`${appUrl}/?profile=demo`);
	await page.getByRole('button', { name: 'Edit Local demo' }).click();
	await page.getByLabel('Broker URL').fill(`ws://localhost:${wsPort}`);
	await page.getByRole('button', { name: 'Save' }).click();
	await page.getByRole('button', { name: 'Connect', exact: true }).click();
	await page
		.getByTestId('connection-state')
		.and(page.locator('[data-state="connected"]'))
		.waitFor();
}

async function main() {
	const broker = await startDemoBroker({ wsPort: 0, mqttPort: 0 });
	const simulator = startSimulator(broker.mqttUrl);
	const { server, url } = await serveBuild();
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu']
	});
	try {
		mkdirSync(outDir, { recursive: true });
		const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
		const desktop = await context.newPage();
		await connectDemo(desktop, url, broker.wsPort);
		await desktop.waitForTimeout(DATA_MS);
		await desktop.locator('[data-testid="message-row"][data-topic$="/telemetry"]').first().click();
		await desktop.getByRole('button', { name: 'Chart this topic' }).click();
		await desktop.getByTestId('chart').locator('canvas').waitFor();
		await desktop.waitForTimeout(1500);
		const wide = reduceColours(await desktop.screenshot());
		writeFileSync(path.join(outDir, 'desktop-1280x800.png'), wide);

		// The phone shows the demo's dashboard: live values at a glance.
		// Same context, so the same stored profile (and its history) opens; one tab at a time,
		// as two tabs never share one client ID.
		const phone = await context.newPage();
		await desktop.close();
		await phone.setViewportSize({ width: 390, height: 844 });
		await phone.goto(`${url}/?profile=demo`);
		// The phone layout: Connect in the header, Dashboard in the bottom navigation.
		await phone.getByRole('button', { name: 'Connect', exact: true }).click();
		await phone
			.getByRole('navigation', { name: 'Views' })
			.getByRole('button', { name: 'Dashboard', exact: true })
			.click();
		await phone
			.getByTestId('connection-state')
			.and(phone.locator('[data-state="connected"]'))
			.waitFor();
		await phone.getByTestId('chart').locator('canvas').waitFor();
		await phone.waitForTimeout(6000);
		const narrow = reduceColours(await phone.screenshot());
		writeFileSync(path.join(outDir, 'phone-390x844.png'), narrow);
		console.log(
			`screenshots written to static/screenshots (${wide.length} and ${narrow.length} bytes)`
		);
	} finally {
		await browser.close();
		server.close();
		await simulator.stop();
		await broker.stop();
	}
}

await main();
