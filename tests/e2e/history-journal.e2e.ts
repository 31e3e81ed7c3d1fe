/**
 * A slow stream's messages wait in the profile's journal (a file of the Origin Private File
 * System) until they fill a segment, so IndexedDB receives whole segments written once. Every
 * reader still sees every message: the list after a reload, a second tab while the first is
 * connected; and deleting the profile removes the file.
 */
import type { Page } from '@playwright/test';
import { connect, openApp, profileButton, rowsFor, uniquePrefix } from '../support/app';
import { createConnectionProfile } from '../support/connection-profile';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';

/** Messages in the journal files and in IndexedDB's segments, read directly in the page. */
function storedCounts(page: Page): Promise<{ journalBytes: number; segmentRecords: number }> {
	return page.evaluate(async () => {
		let journalBytes = 0;
		const root = await navigator.storage.getDirectory();
		try {
			const dir = await root.getDirectoryHandle('history-journal');
			// entries() is not in TypeScript's DOM types yet.
			const entries = (
				dir as unknown as { values(): AsyncIterable<FileSystemFileHandle> }
			).values();
			for await (const file of entries) journalBytes += (await file.getFile()).size;
		} catch {
			// No journal directory yet.
		}
		const db = await new Promise<IDBDatabase>((done, fail) => {
			const open = indexedDB.open('mqtt-scope');
			open.onsuccess = () => done(open.result);
			open.onerror = () => fail(open.error);
		});
		const segments = await new Promise<{ records: unknown[] }[]>((done, fail) => {
			const read = db.transaction('segments').objectStore('segments').getAll();
			read.onsuccess = () => done(read.result);
			read.onerror = () => fail(read.error);
		});
		db.close();
		return { journalBytes, segmentRecords: segments.reduce((n, s) => n + s.records.length, 0) };
	});
}

/** Publishes `count` messages one at a time, each after the page has listed the one before. */
async function trickle(page: Page, port: number, prefix: string, from: number, count: number) {
	const publisher = await connectExternal(port);
	try {
		for (let i = from; i < from + count; i++) {
			await publisher.publishAsync(`${prefix}/m${i}`, JSON.stringify({ i }), { qos: 1 });
			await expect(page.getByTestId('message-count')).toHaveText(String(i + 1));
		}
	} finally {
		await closeExternal(publisher);
	}
}

test('a slow stream waits in the journal, and every reader still sees all of it', async ({
	page,
	context,
	broker
}) => {
	const prefix = uniquePrefix('journal');
	const name = `Journal ${prefix.slice(-6)}`;
	await openApp(page);
	await createConnectionProfile(page, {
		name,
		url: broker.wsUrl,
		subscriptions: [{ filter: `${prefix}/#`, qos: 1 }]
	});
	await connect(page);
	await trickle(page, broker.mqttPort, prefix, 0, 12);

	// Twelve batches of one: all in the journal, none written to IndexedDB yet.
	const trickled = await storedCounts(page);
	expect(trickled.segmentRecords).toBe(0);
	expect(trickled.journalBytes).toBeGreaterThan(12 * 20);

	// A second tab (not connected: the first holds the client ID) reads the history; the first
	// tab's engine moves its journal into IndexedDB when asked.
	const second = await context.newPage();
	await openApp(second);
	await profileButton(second, name).click();
	await expect(second.getByTestId('message-count')).toHaveText('12');
	await expect(second.getByTestId('message-row').first()).toHaveAttribute(
		'data-topic',
		`${prefix}/m11`
	);
	await expect.poll(() => storedCounts(page)).toEqual({ journalBytes: 0, segmentRecords: 12 });
	await second.close();

	// More of the stream, then a reload: the new page's first screen moves what the ended
	// engine left in the journal, and lists every message, newest first.
	await trickle(page, broker.mqttPort, prefix, 12, 5);
	expect((await storedCounts(page)).segmentRecords).toBe(12);
	await page.reload();
	await profileButton(page, name).click();
	await expect(page.getByTestId('message-count')).toHaveText('17');
	await expect(page.getByTestId('message-row').first()).toHaveAttribute(
		'data-topic',
		`${prefix}/m16`
	);
	await expect(rowsFor(page, `${prefix}/m12`)).toHaveCount(1);
	await expect.poll(() => storedCounts(page)).toEqual({ journalBytes: 0, segmentRecords: 17 });

	// Deleting the profile removes its journal file with its history.
	page.once('dialog', (dialog) => void dialog.accept());
	await page.getByRole('button', { name: `Delete ${name}`, exact: true }).click();
	await expect(profileButton(page, name)).toHaveCount(0);
	await expect
		.poll(() =>
			page.evaluate(async () => {
				const root = await navigator.storage.getDirectory();
				const dir = await root.getDirectoryHandle('history-journal', { create: true });
				const names: string[] = [];
				for await (const key of (dir as unknown as { keys(): AsyncIterable<string> }).keys())
					names.push(key);
				return names;
			})
		)
		.toEqual([]);
});
