/**
 * The virtual list with a history taller than a browser lets an element be: 210,000 imported
 * messages (10.9 million px of rows) still reach the oldest by scrolling and by "Oldest", a time
 * lands on its message, the DOM holds a bounded number of rows, and a row keeps its node while
 * new messages arrive. Screenshots at 390×844 and 1280×800 for review.
 */
import type { Locator, Page } from '@playwright/test';
import { connect, createProfile, subscribe, uniquePrefix } from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';

const COUNT = 210_000;
/** Message i was received at T0 + i seconds. */
const T0 = Date.UTC(2026, 10, 1, 8, 0, 0);
const SHOTS = 'test-results/screenshots';

test.use({ timezoneId: 'UTC' });

/** The NDJSON export of COUNT messages, oldest first, each saying which it is. */
function history(prefix: string): Buffer {
	const lines = [JSON.stringify({ mqttScopeExport: 1, profile: 'big', exportedAt: '' })];
	for (let i = 0; i < COUNT; i++) {
		const payload = Buffer.from(`row ${i}`).toString('base64');
		lines.push(
			`{"direction":"in","topic":"${prefix}/d${i % 40}","payloadBase64":"${payload}","qos":0,"retain":false,"dup":false,"time":${T0 + i * 1000}}`
		);
	}
	return Buffer.from(lines.join('\n'));
}

/** The rendered row of message i (by its payload, which says which it is). */
function row(page: Page, i: number): Locator {
	return page
		.getByTestId('message-list')
		.getByTestId('message-row')
		.filter({ has: page.getByTestId('message-preview').getByText(`row ${i}`, { exact: true }) });
}

/** Which message is at the top edge of the list, read from the rows on screen. */
async function topRow(page: Page): Promise<number> {
	return page.getByTestId('message-list').evaluate((list) => {
		const edge = list.getBoundingClientRect().top + 1;
		for (const el of list.querySelectorAll('[data-testid="message-row"]')) {
			const box = el.getBoundingClientRect();
			const text = el.querySelector('[data-testid="message-preview"]')?.textContent ?? '';
			const match = /^row (\d+)$/.exec(text);
			// The row's box (its 2 px margin included) covers the list's top edge.
			if (match && box.top - 2 <= edge && box.bottom + 2 > edge) return Number(match[1]);
		}
		return -1;
	});
}

test('210,000 messages: the oldest is reachable, a time lands on its row, rows keep their nodes', async ({
	page,
	broker
}) => {
	test.setTimeout(300_000);
	const prefix = uniquePrefix('vlist');
	await page.goto('/');
	await createProfile(page, { name: 'Big history', url: broker.wsUrl });
	await page.getByRole('button', { name: 'Export / import' }).click();
	const panel = page.getByRole('region', { name: 'Export and import' });
	await panel.locator('input[type=file]').setInputFiles({
		name: 'big.ndjson',
		mimeType: 'application/x-ndjson',
		buffer: history(prefix)
	});
	await expect(panel.getByTestId('import-result')).toHaveText(
		`Imported ${COUNT.toLocaleString('en-US')} messages.`,
		{ timeout: 240_000 }
	);
	await page.getByRole('button', { name: 'Export / import' }).click();
	await expect(page.getByTestId('message-count')).toHaveText(COUNT.toLocaleString('en-US'));

	const list = page.getByTestId('message-list');
	await expect(row(page, COUNT - 1)).toBeInViewport();
	// Rows are taller than the browser allows an element: the spacer is capped.
	const height = await list.evaluate((el) => el.scrollHeight);
	expect(height).toBeLessThan(COUNT * 52);

	// Scrolling to the very end shows the oldest message, wholly on screen.
	await list.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
	await expect(row(page, 0)).toBeInViewport({ ratio: 1 });
	// The time of the row at the top is shown beside the scrollbar while scrolling.
	await list.evaluate((el) => el.scrollTo({ top: el.scrollHeight / 2 }));
	await expect(page.getByTestId('thumb-label')).toBeVisible();
	const middle = await topRow(page);
	expect(Math.abs(middle - COUNT / 2)).toBeLessThan(COUNT / 100);
	// Minutes and seconds of the top row's time, whichever clock (12 or 24 hours) the locale uses.
	const mmss = new Date(T0 + middle * 1000).toISOString().slice(13, 19);
	await expect(page.getByTestId('thumb-label')).toContainText(mmss);

	// The buttons: newest, oldest, newest again.
	const jump = page.getByTestId('history-jump');
	await jump.getByRole('button', { name: 'Oldest' }).click();
	await expect(row(page, 0)).toBeInViewport({ ratio: 1 });
	await jump.getByRole('button', { name: 'Newest' }).click();
	await expect(row(page, COUNT - 1)).toBeInViewport();
	expect(await topRow(page)).toBe(COUNT - 1);

	// A time: the newest message at or before it is the first row on screen.
	const target = 123_456;
	await jump.getByRole('button', { name: 'Go to a time…' }).click();
	await page
		.getByLabel('Date and time to go to')
		.fill(new Date(T0 + target * 1000 + 400).toISOString().slice(0, 19));
	await page.getByRole('button', { name: 'Go', exact: true }).click();
	await expect(row(page, target)).toBeInViewport({ ratio: 1 });
	await expect.poll(() => topRow(page)).toBe(target);

	// A wheel notch and the arrow keys move the rows by their own pixels, not by the compressed
	// scrollbar's ratio (10.9 million px of rows on an 8 million px spacer: 1.37 rows a row).
	await list.hover();
	await page.mouse.wheel(0, 3 * 52);
	await expect.poll(() => topRow(page)).toBe(target - 3);
	await page.mouse.wheel(0, -3 * 52);
	await expect.poll(() => topRow(page)).toBe(target);
	await row(page, target).focus();
	for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
	// Three arrow steps of 40 px: the row 2.3 rows down is at the top.
	await expect.poll(() => topRow(page)).toBe(target - 2);
	for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowUp');
	await expect.poll(() => topRow(page)).toBe(target);
	await expect(page.getByTestId('thumb-label')).toBeVisible();

	// However far it went, the DOM holds about a screen of rows.
	expect(await list.getByTestId('message-row').count()).toBeLessThan(60);

	// New messages arrive while the user looks at old ones: the row stays put, in the same node.
	await connect(page);
	await subscribe(page, `${prefix}/live/#`, 1);
	const tag = (i: number) =>
		row(page, i).evaluate((el) => ((el as HTMLElement & { tagged?: boolean }).tagged = true));
	const tagged = (i: number) =>
		row(page, i).evaluate((el) => (el as HTMLElement & { tagged?: boolean }).tagged === true);
	await tag(target);
	const before = (await row(page, target).boundingBox())!.y;
	const external = await connectExternal(broker.mqttPort);
	try {
		for (let i = 0; i < 3; i++)
			await external.publishAsync(`${prefix}/live/a`, `live ${i}`, { qos: 1 });
		await expect(page.getByTestId('new-messages')).toHaveText('3 new messages ↑');
		expect(await tagged(target)).toBe(true);
		expect((await row(page, target).boundingBox())!.y).toBeCloseTo(before, 0);

		// Following the newest, rows move down as messages arrive, each in its own node.
		await page.getByTestId('new-messages').click();
		await expect(page.getByTestId('message-row').filter({ hasText: 'live 2' })).toBeInViewport();
		await tag(COUNT - 1);
		for (let i = 3; i < 5; i++)
			await external.publishAsync(`${prefix}/live/a`, `live ${i}`, { qos: 1 });
		await expect(page.getByTestId('message-row').filter({ hasText: 'live 4' })).toBeInViewport();
		expect(await tagged(COUNT - 1)).toBe(true);
		await expect(row(page, COUNT - 1)).toBeInViewport();
	} finally {
		await closeExternal(external);
	}
	await page.screenshot({ path: `${SHOTS}/virtual-list-1280.png` });

	// On a phone: the same list, the same buttons.
	await page.setViewportSize({ width: 390, height: 844 });
	await expect(list).toBeVisible();
	await page.getByTestId('history-jump').getByRole('button', { name: 'Oldest' }).click();
	await expect(row(page, 0)).toBeInViewport({ ratio: 1 });
	await list.evaluate((el) => el.scrollBy({ top: -400 }));
	await expect(page.getByTestId('thumb-label')).toBeVisible();
	await page.screenshot({ path: `${SHOTS}/virtual-list-390.png` });
	expect(await list.getByTestId('message-row').count()).toBeLessThan(60);
	// A finger's swipe moves the rows with it: 520 px of swipe (less the browser's touch slop)
	// moves 9 or 10 rows, where the compressed scrollbar's ratio would make it 13.
	const box = (await list.boundingBox())!;
	const cdp = await page.context().newCDPSession(page);
	const swipedFrom = await topRow(page);
	const at = (y: number) => [{ x: box.x + box.width / 2, y: box.y + y }];
	await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(20) });
	for (let y = 30; y <= 540; y += 10) {
		await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(y) });
	}
	// The finger rests before it lifts: no glide.
	await page.waitForTimeout(300);
	await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
	await expect.poll(async () => (await topRow(page)) - swipedFrom).toBeGreaterThanOrEqual(9);
	expect((await topRow(page)) - swipedFrom).toBeLessThanOrEqual(10);
	// The time field opens under the buttons; a phone shows its own picker for it.
	await page.getByTestId('history-jump').getByRole('button', { name: 'Go to a time…' }).click();
	await expect(page.getByLabel('Date and time to go to')).toBeVisible();
	await page.getByRole('button', { name: 'Go', exact: true }).click();
	await expect(page.getByRole('alert')).toHaveText('Pick a date and a time to go to.');
	await page.screenshot({ path: `${SHOTS}/virtual-list-390-time.png` });
});
