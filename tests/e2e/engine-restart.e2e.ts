/**
 * The engine worker dies mid-stream, for real: the test closes the worker's global scope from
 * inside it (`self.close()`, through Playwright's handle on the worker), which ends its event
 * loop and its WebSocket without a word to the page, as a crash or an out-of-memory kill does.
 * The page's heartbeat notices, the bridge starts a new worker, the profile that was connected
 * is connected again (a QoS 1 persistent session, so the broker kept what arrived meanwhile),
 * the user is told, and the numbered stream goes on into the stored history, its first message
 * after the restart marked with the gap.
 */
import {
	connect,
	connectionState,
	engineWorker,
	engineWorkers,
	openApp,
	rowsFor,
	uniquePrefix
} from '../support/app';
import { createConnectionProfile, randomId } from '../support/connection-profile';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';
import { exportedHistory, messageCount, numberedStream } from '../support/numbered-stream';

test('a killed engine worker is restarted, reconnects its profile and keeps recording', async ({
	page,
	broker
}) => {
	test.setTimeout(90_000);
	const prefix = uniquePrefix('engine-restart');
	const topic = `${prefix}/stream`;
	await openApp(page);
	await createConnectionProfile(page, {
		name: 'Restart watch',
		url: broker.wsUrl,
		clientId: randomId('restart'),
		cleanStart: false,
		sessionExpiry: 600,
		subscriptions: [{ filter: `${prefix}/#`, qos: 1 }]
	});
	await connect(page);

	const device = await connectExternal(broker.mqttPort);
	try {
		const stream = numberedStream(device, topic);
		await expect.poll(() => messageCount(page), { timeout: 20_000 }).toBeGreaterThan(40);

		const dying = await engineWorker(page);
		const closed = new Promise((resolve) => dying.once('close', resolve));
		// The evaluation may never answer: the worker is gone before it can.
		void dying.evaluate(() => (self as unknown as { close(): void }).close()).catch(() => {});
		await closed;
		const diedAt = Date.now();
		const countAtDeath = await messageCount(page);

		const notice = page.getByTestId('engine-restart');
		await expect(notice).toContainText(
			'The engine stopped and was restarted; reconnected Restart watch.',
			{ timeout: 30_000 }
		);
		await expect(connectionState(page)).toHaveAttribute('data-state', 'connected', {
			timeout: 15_000
		});
		console.log(
			`engine restart: reconnected ${((Date.now() - diedAt) / 1000).toFixed(1)} s after the worker died`
		);
		expect(engineWorkers(page)).toHaveLength(1);
		await page.screenshot({ path: test.info().outputPath('engine-restart-1280x800.png') });
		await expect
			.poll(() => messageCount(page), { timeout: 20_000 })
			.toBeGreaterThan(countAtDeath + 40);
		const last = await stream.stop();
		await device.publishAsync(topic, JSON.stringify({ end: true }), { qos: 1 });

		// The end marker is the broker's last message to the app: once stored, all before it are.
		let history: Record<string, unknown>[] = [];
		await expect
			.poll(
				async () => {
					history = await exportedHistory(page);
					return history.some((m) => m.payloadText === '{"end":true}');
				},
				{ timeout: 20_000 }
			)
			.toBe(true);
		const seqs = [
			...new Set(
				history
					.filter((m) => m.topic === topic && m.payloadText !== '{"end":true}')
					.map((m) => JSON.parse(String(m.payloadText)).seq as number)
			)
		];
		const missing = last - seqs.length;
		console.log(`engine restart: ${last} published, ${missing} not in the history`);
		// Nothing is acknowledged before it is stored (engine/ack-gate.ts): what the dead engine had
		// not written, the broker sends again to the new one. Every number, in order.
		expect(seqs).toEqual(Array.from({ length: last }, (_, i) => i + 1));
		// The first message the new engine stored says recording stopped: from when the dead one
		// was last heard to the reconnect. It is the only gap marker.
		const marked = history.filter((m) => m.gapBefore);
		expect(marked).toHaveLength(1);
		const seqMarked = JSON.parse(String(marked[0].payloadText)).seq as number;
		expect(seqMarked).toBeGreaterThan(40);
		const gap = marked[0].gapBefore as { from: number; to: number };
		expect(gap.from).toBeLessThan(gap.to);
	} finally {
		await closeExternal(device);
	}
});

test('a hung engine worker is ended and replaced, and its profile reconnected', async ({
	page,
	broker
}) => {
	test.setTimeout(60_000);
	const prefix = uniquePrefix('engine-hung');
	await openApp(page);
	await createConnectionProfile(page, {
		name: 'Hung watch',
		url: broker.wsUrl,
		clientId: randomId('hung'),
		subscriptions: [{ filter: `${prefix}/#`, qos: 1 }]
	});
	await connect(page);

	// Busy for good from its next task on: it answers no command and no heartbeat, and lets go of
	// its client-ID lock only once the page ends it. (Started from a timer so that the evaluation
	// itself returns: one still running keeps DevTools from letting the worker be ended.)
	const hung = await engineWorker(page);
	await hung.evaluate(() => {
		setTimeout(() => {
			for (;;) {
				// spin
			}
		}, 0);
	});
	await expect(page.getByTestId('engine-restart')).toContainText(
		'The engine stopped and was restarted; reconnected Hung watch.',
		{ timeout: 30_000 }
	);
	await expect(connectionState(page)).toHaveAttribute('data-state', 'connected', {
		timeout: 15_000
	});
	const device = await connectExternal(broker.mqttPort);
	try {
		await device.publishAsync(`${prefix}/after`, 'still here', { qos: 1 });
	} finally {
		await closeExternal(device);
	}
	await expect(rowsFor(page, `${prefix}/after`).getByTestId('message-preview')).toHaveText(
		'still here'
	);

	// The phone layout shows the same notice above the messages.
	await page.setViewportSize({ width: 390, height: 844 });
	await expect(page.getByTestId('engine-restart')).toBeVisible();
	await expect(rowsFor(page, `${prefix}/after`)).toBeVisible();
	await page.screenshot({ path: test.info().outputPath('engine-restart-390x844.png') });
});
