/**
 * A numbered QoS 1 stream from a device, and the app's side of counting it: the message count
 * on screen and the stored history as the Export panel writes it (NDJSON), so a spec can prove
 * which numbers were kept across a failure.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import type { MqttClient } from 'mqtt';

/** A device publishing {"seq":n} at QoS 1 on `topic`, one after the other's PUBACK, until stopped. */
export function numberedStream(device: MqttClient, topic: string) {
	let stopped = false;
	let last = 0;
	const running = (async () => {
		while (!stopped) {
			await device.publishAsync(topic, JSON.stringify({ seq: last + 1 }), { qos: 1 });
			last++;
			// About 40 messages a second: a steady stream, not a flood.
			await new Promise((resolve) => setTimeout(resolve, 25));
		}
	})();
	return {
		get last() {
			return last;
		},
		/** Stops after the publish in progress; resolves with the last number node 2 acknowledged. */
		async stop(): Promise<number> {
			stopped = true;
			await running;
			return last;
		}
	};
}

/** The number in a formatted count such as "1,250". */
export async function messageCount(page: Page): Promise<number> {
	return Number((await page.getByTestId('message-count').innerText()).replace(/\D/g, ''));
}

/** Runs `start` and resolves with the path of the file it downloaded. */
export type Downloader = (start: () => Promise<void>) => Promise<string>;

/** Playwright's own download handling, for pages in its browser contexts. */
function playwrightDownload(page: Page): Downloader {
	return async (start) => {
		const [download] = await Promise.all([page.waitForEvent('download'), start()]);
		return download.path();
	};
}

/**
 * The app's history of this profile, exported as NDJSON through the Export panel; `download`
 * saves the file (a Chromium of a test's own passes its OwnChromium.download).
 */
export async function exportedHistory(
	page: Page,
	download: Downloader = playwrightDownload(page)
): Promise<Record<string, unknown>[]> {
	const panel = page.getByRole('region', { name: 'Export and import' });
	if (!(await panel.isVisible()))
		await page.getByRole('button', { name: 'Export / import' }).click();
	await panel.getByLabel('Format').selectOption('ndjson');
	const file = await download(() =>
		panel.getByRole('button', { name: 'Export', exact: true }).click()
	);
	const text = (await readFile(file)).toString('utf8');
	return text
		.trimEnd()
		.split('\n')
		.slice(1)
		.map((line) => JSON.parse(line));
}
