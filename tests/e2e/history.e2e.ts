/**
 * Message history: received messages survive a reload (IndexedDB is the source of truth), and
 * the list stays virtualized, rendering only the rows on screen, even with thousands stored.
 */
import type { Page } from '@playwright/test';
import {
	connect,
	createProfile,
	openApp,
	profileButton,
	rowsFor,
	subscribe,
	uniquePrefix
} from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';

/** Scrolls the message list from top to bottom and returns every topic rendered on the way. */
async function topicsWhileScrolling(page: Page): Promise<string[]> {
	const list = page.getByTestId('message-list');
	const seen = new Set<string>();
	await list.evaluate((el) => el.scrollTo({ top: 0 }));
	for (;;) {
		for (const topic of await page
			.getByTestId('message-row')
			.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-topic') ?? ''))) {
			seen.add(topic);
		}
		const atEnd = await list.evaluate((el) => {
			const end = el.scrollTop + el.clientHeight >= el.scrollHeight - 1;
			el.scrollTop += el.clientHeight / 2;
			return end;
		});
		if (atEnd) return [...seen];
		// Let the list render the rows for the new scroll position.
		await page.evaluate(() => new Promise(requestAnimationFrame));
	}
}

test.describe('history', () => {
	test('received messages are still listed after a reload', async ({ page, broker }) => {
		const prefix = uniquePrefix('history');
		const N = 30;
		await openApp(page);
		await createProfile(page, { name: 'History', url: broker.wsUrl });
		await connect(page);
		await subscribe(page, `${prefix}/#`, 1);

		const external = await connectExternal(broker.mqttPort);
		try {
			for (let i = 0; i < N; i++) {
				await external.publishAsync(`${prefix}/m${i}`, JSON.stringify({ i }), { qos: 1 });
			}
		} finally {
			await closeExternal(external);
		}
		await expect(page.getByTestId('message-count')).toHaveText(String(N));

		await page.reload();
		// After a reload the first profile (Local demo) is selected; pick ours again.
		await profileButton(page, 'History').click();
		await expect(page.getByRole('region', { name: 'Connection' })).toContainText('History');
		await expect(page.getByTestId('message-count')).toHaveText(String(N));
		// Newest first.
		await expect(page.getByTestId('message-row').first()).toHaveAttribute(
			'data-topic',
			`${prefix}/m${N - 1}`
		);
		await expect(rowsFor(page, `${prefix}/m${N - 1}`).getByTestId('message-preview')).toHaveText(
			`{"i":${N - 1}}`
		);
		const expected = Array.from({ length: N }, (_, i) => `${prefix}/m${i}`);
		await expect
			.poll(async () => (await topicsWhileScrolling(page)).sort())
			.toEqual(expected.sort());
	});

	test('3,000 messages: only visible rows are rendered, and the oldest is reachable', async ({
		page,
		broker
	}) => {
		test.setTimeout(60_000);
		const prefix = uniquePrefix('bulk');
		const N = 3000;
		await openApp(page);
		await createProfile(page, { name: 'Bulk', url: broker.wsUrl });
		await connect(page);
		await subscribe(page, `${prefix}/#`, 1);

		const external = await connectExternal(broker.mqttPort);
		try {
			for (let i = 0; i < N - 1; i++) {
				// QoS 0 without awaiting each: as fast as the socket takes them.
				external.publish(`${prefix}/m${i}`, `message ${i}`, { qos: 0 });
			}
			// The last at QoS 1: once it is acknowledged, the broker has read all before it.
			await external.publishAsync(`${prefix}/m${N - 1}`, `message ${N - 1}`, { qos: 1 });
		} finally {
			await closeExternal(external);
		}

		await expect(page.getByTestId('message-count')).toHaveText(N.toLocaleString('en-US'), {
			timeout: 20_000
		});
		const rendered = await page.getByTestId('message-row').count();
		expect(rendered).toBeGreaterThan(0);
		expect(rendered).toBeLessThan(100);
		await expect(page.getByTestId('message-row').first()).toHaveAttribute(
			'data-topic',
			`${prefix}/m${N - 1}`
		);

		const list = page.getByTestId('message-list');
		await list.evaluate((el) => {
			el.scrollTop = el.scrollHeight;
		});
		const oldest = rowsFor(page, `${prefix}/m0`);
		await expect(oldest).toBeInViewport();
		await expect(oldest.getByTestId('message-preview')).toHaveText('message 0');
		expect(await page.getByTestId('message-row').count()).toBeLessThan(100);

		// Scrolled away, new messages do not move the view; a button says how many came.
		const late = await connectExternal(broker.mqttPort);
		try {
			for (let i = 0; i < 5; i++) await late.publishAsync(`${prefix}/late${i}`, `late ${i}`);
		} finally {
			await closeExternal(late);
		}
		const newer = page.getByTestId('new-messages');
		await expect(newer).toHaveText('5 new messages ↑');
		await expect(oldest).toBeInViewport();
		await newer.click();
		await expect(rowsFor(page, `${prefix}/late4`)).toBeInViewport();
		await expect(newer).toHaveCount(0);
	});
});
