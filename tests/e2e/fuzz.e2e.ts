/**
 * Issue #10's flood: 10,000 hostile messages (deep and wide JSON, CBOR and MessagePack bombs,
 * invalid UTF-8, number edge cases, a 30,000-level topic, odd but valid topics) published from
 * Node over Mosquitto's plain listener while the message list, the topic tree, an opened payload
 * and a chart are on screen. The page must throw nothing, keep its renderer and store every
 * message. The longest gap between animation frames is measured and reported (README), not
 * asserted: a shared 2-core machine moves it.
 */
import { mkdirSync } from 'node:fs';
import fc from 'fast-check';
import { parseLine } from '../../src/lib/shared/history/export-format';
import {
	cborBignum,
	deepJson,
	hostileImportLine,
	hostileMessages
} from '../support/hostile-payloads';
import { connect, createProfile, openApp, rowsFor, subscribe, uniquePrefix } from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';
import { showPhoneView } from '../support/phone';
import { openTab } from '../support/pubsub';

const FLOOD = 10_000;
/** Publishes in flight at once: enough to keep the broker busy, few enough to pace Node. */
const WINDOW = 200;

declare global {
	interface Window {
		/** The frame-gap meter this spec installs. */
		fuzzFrames?: { last: number; maxGap: number; frames: number };
	}
}

test('10,000 hostile messages: no page error, no crash, every message stored', async ({
	page,
	broker
}, testInfo) => {
	test.setTimeout(8 * 60_000);
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(error.message));
	let crashed = false;
	page.on('crash', () => (crashed = true));

	const p = uniquePrefix('fuzz');
	await openApp(page);
	await createProfile(page, { name: 'Fuzz', url: broker.wsUrl });
	await connect(page);
	await subscribe(page, `${p}/#`, 1);

	const device = await connectExternal(broker.mqttPort);
	try {
		// What is open during the flood: a chart, a deep payload in the details, the topic tree.
		await device.publishAsync(`${p}/chart`, JSON.stringify({ v: 1, w: 2 }), { qos: 1 });
		await device.publishAsync(`${p}/deep`, '['.repeat(5_000) + '1' + ']'.repeat(5_000), {
			qos: 1
		});
		await rowsFor(page, `${p}/chart`).click();
		await page.getByRole('button', { name: 'Chart this topic' }).click();
		await expect(page.getByTestId('chart-slot').locator('canvas')).toBeVisible();
		await rowsFor(page, `${p}/deep`).click();
		await expect(page.getByTestId('payload-note')).toContainText('Nested deeper than 100 levels');
		await openTab(page, 'Topics');
		await expect(page.getByRole('region', { name: 'Topics' })).toBeVisible();

		await page.evaluate(() => {
			const meter = { last: performance.now(), maxGap: 0, frames: 0 };
			window.fuzzFrames = meter;
			const tick = (now: number) => {
				meter.maxGap = Math.max(meter.maxGap, now - meter.last);
				meter.last = now;
				meter.frames++;
				requestAnimationFrame(tick);
			};
			requestAnimationFrame(tick);
		});

		const messages = hostileMessages(FLOOD, 20261203);
		// A broker drops a client that publishes an invalid topic: fail at once, naming the window.
		let sent = 0;
		const dropped = new Promise<never>((_, reject) =>
			device.once('close', () =>
				reject(new Error(`Mosquitto dropped the publisher after ${sent} messages`))
			)
		);
		dropped.catch(() => undefined);
		const started = Date.now();
		for (let i = 0; i < messages.length; i += WINDOW) {
			const window = messages
				.slice(i, i + WINDOW)
				.map(({ suffix, payload }) =>
					device.publishAsync(`${p}/${suffix}`, Buffer.from(payload), { qos: 1 })
				);
			await Promise.race([Promise.all(window), dropped]);
			sent = i + window.length;
		}
		const published = Date.now() - started;

		// Every message is in history: the app's own total counts stored records.
		const expected = FLOOD + 2;
		await expect
			.poll(
				async () =>
					Number((await page.getByTestId('message-count').innerText()).replace(/\D/g, '')),
				{ timeout: 5 * 60_000, intervals: [1_000] }
			)
			.toBe(expected);
		const stored = Date.now() - started;

		const frames = await page.evaluate(() => window.fuzzFrames);
		const figures = {
			messages: FLOOD,
			bytes: messages.reduce((sum, m) => sum + m.payload.length, 0),
			publishedMs: published,
			storedMs: stored,
			maxFrameGapMs: Math.round(frames?.maxGap ?? -1),
			frames: frames?.frames ?? 0
		};
		console.log(`fuzz figures: ${JSON.stringify(figures)}`);
		testInfo.annotations.push({ type: 'fuzz figures', description: JSON.stringify(figures) });

		// The page still answers: a message after the flood arrives and opens.
		await device.publishAsync(`${p}/after`, 'still here', { qos: 1 });
		await openTab(page, 'Pub/Sub');
		await rowsFor(page, `${p}/after`).click();
		await expect(page.getByTestId('detail-payload')).toHaveText('still here');
	} finally {
		await closeExternal(device);
	}
	expect(crashed, 'the renderer crashed').toBe(false);
	expect(errors, 'errors thrown in the page').toEqual([]);
});

test('phone: a payload too deep or too large for a tree says so and offers the bytes', async ({
	page,
	broker
}) => {
	const dir = 'test-results/screenshots';
	mkdirSync(dir, { recursive: true });
	const p = uniquePrefix('fuzzphone');
	await openApp(page);
	await createProfile(page, { name: 'Fuzz phone', url: broker.wsUrl });
	await connect(page);
	await subscribe(page, `${p}/#`, 1);
	const device = await connectExternal(broker.mqttPort);
	try {
		await device.publishAsync(`${p}/deep`, deepJson(5_000, 'object'), { qos: 1 });
		await device.publishAsync(`${p}/bignum`, Buffer.from(cborBignum(100_000)), { qos: 1 });
	} finally {
		await closeExternal(device);
	}
	await expect(page.getByTestId('message-count')).toHaveText('2');

	for (const size of [
		{ width: 390, height: 844 },
		{ width: 1280, height: 800 }
	]) {
		await page.setViewportSize(size);
		const phone = size.width < 640;
		if (phone) await showPhoneView(page, 'Messages');
		await rowsFor(page, `${p}/deep`).click();
		const note = page.getByTestId('payload-note');
		await expect(note).toHaveText(
			'Nested deeper than 100 levels: the tree stops at level 100 and the text is compact below it.'
		);
		// Compact below level 100: the text grows with the payload, not with its depth squared.
		const shown = await page.getByTestId('detail-payload').innerText();
		expect(shown.length).toBeLessThan(3 * 5_000 * 6);
		await page.screenshot({ path: `${dir}/fuzz-deep-${size.width}.png` });
		if (phone) await page.goBack();

		await rowsFor(page, `${p}/bignum`).click();
		await page.getByLabel('Payload view format').selectOption('cbor');
		await expect(page.getByTestId('payload-error')).toHaveText(
			'Too large to show: this CBOR holds a number of more than 512 bits. Choose Hex to see the bytes.'
		);
		await page.screenshot({ path: `${dir}/fuzz-bignum-${size.width}.png` });
		await page.getByLabel('Payload view format').selectOption('hex');
		await expect(page.getByTestId('detail-payload')).toContainText('c2 5a 00 01 86 a0 ff');
		if (phone) await page.goBack();
	}
});

test('an NDJSON file of hostile lines imports the good ones and names why the rest were skipped', async ({
	page,
	broker
}) => {
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(error.message));
	const good = (time: number) =>
		JSON.stringify({
			direction: 'in',
			topic: 'import/good',
			payloadBase64: Buffer.from('{"v":1}').toString('base64'),
			qos: 0,
			time
		});
	// The line of the issue (time 1e20) among 500 hostile ones, between good ones.
	const lines = [
		good(Date.now() - 1000),
		good(1e20),
		...fc.sample(hostileImportLine, { seed: 20261203, numRuns: 500 }),
		good(Date.now())
	];
	// Read as the importer reads them: some hostile lines hold newlines of their own.
	const text = lines.join('\n');
	const read = text
		.split('\n')
		.map((line) => line.replace(/\r$/, ''))
		.filter((line) => line.trim())
		.map((line) => parseLine(line).kind);
	const accepted = read.filter((kind) => kind === 'message').length;
	const skipped = read.filter((kind) => kind === 'problem').length;
	expect(accepted).toBeGreaterThanOrEqual(2);

	await openApp(page);
	await createProfile(page, { name: 'Hostile import', url: broker.wsUrl });
	await page.getByRole('button', { name: 'Export / import' }).click();
	const panel = page.getByRole('region', { name: 'Export and import' });
	await panel.locator('input[type=file]').setInputFiles({
		name: 'hostile.ndjson',
		mimeType: 'application/x-ndjson',
		buffer: Buffer.from(text)
	});
	const result = panel.getByTestId('import-result');
	await expect(result).toContainText(`Imported ${accepted} messages (`, { timeout: 30_000 });
	await expect(result).toContainText(`${skipped} lines skipped: line 2: time is more`);
	await expect(page.getByTestId('message-count')).toHaveText(String(accepted));
	// The list draws the imported rows (a time of 1e20 once left it empty).
	await expect(page.getByTestId('message-row').first()).toBeVisible();
	await expect(page.getByTestId('message-time').first()).not.toHaveText('time unknown');
	expect(errors).toEqual([]);
});
