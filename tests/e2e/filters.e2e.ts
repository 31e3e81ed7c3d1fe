/**
 * History filters: a known mix of messages (topics, payload texts, retained or not, QoS 0/1/2,
 * received and sent, before and after a moment) is searched by each filter alone and combined,
 * and every search lists exactly the expected messages.
 */
import type { Page } from '@playwright/test';
import { connect, createProfile, openApp, rowsFor, subscribe, uniquePrefix } from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';

/** "topic|direction" of every row in the filtered list, sorted. */
async function filteredRows(page: Page): Promise<string[]> {
	const rows = await page
		.getByTestId('filtered-list')
		.getByTestId('message-row')
		.evaluateAll((els) =>
			els.map(
				(el) => `${el.getAttribute('data-topic')}|${el.classList.contains('out') ? 'out' : 'in'}`
			)
		);
	return rows.sort();
}

/** A time as a datetime-local input value, in the browser's time zone. */
function localTime(page: Page, ms: number): Promise<string> {
	return page.evaluate((ms) => {
		const d = new Date(ms);
		const pad = (n: number) => String(n).padStart(2, '0');
		return (
			`${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T` +
			`${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
		);
	}, ms);
}

/** Removes every filter and waits for the unfiltered list to return. */
async function clearFilters(page: Page): Promise<void> {
	await page.getByTestId('filter-clear').click();
	await expect(page.getByTestId('filtered-list')).toHaveCount(0);
	await expect(page.getByTestId('message-list')).toBeVisible();
}

/** Waits until the search has covered the whole history and lists exactly `expected`. */
async function expectMatches(page: Page, expected: string[]): Promise<void> {
	await expect(page.getByTestId('filter-done')).toBeVisible();
	await expect.poll(() => filteredRows(page)).toEqual([...expected].sort());
	await expect(page.getByTestId('filter-count')).toContainText(
		`${expected.length} match${expected.length === 1 ? '' : 'es'}`
	);
}

test.describe('filters', () => {
	test('filters find the right messages, alone and combined', async ({ page, broker }) => {
		const p = uniquePrefix('filters');
		const t = (suffix: string) => `${p}/${suffix}`;
		const external = await connectExternal(broker.mqttPort);
		let boundary = 0;
		try {
			// Retained before the app subscribes, so they arrive with the retain flag set.
			await external.publishAsync(t('r/a'), 'retained alpha', { qos: 1, retain: true });
			await external.publishAsync(t('r/b'), 'retained beta', { qos: 0, retain: true });

			await openApp(page);
			await createProfile(page, { name: 'Filters', url: broker.wsUrl });
			await connect(page);
			await subscribe(page, `${p}/#`, 2);
			await expect(rowsFor(page, t('r/b'))).toHaveCount(1);
			await external.publishAsync(t('early/x'), 'early bird', { qos: 0 });
			await expect(rowsFor(page, t('early/x'))).toHaveCount(1);

			// A boundary on a whole second (the time inputs' precision), after every early message.
			boundary = await page.evaluate(() => Math.ceil((Date.now() + 1) / 1000) * 1000);
			await expect.poll(() => page.evaluate(() => Date.now())).toBeGreaterThan(boundary);

			await external.publishAsync(t('home/kitchen/temp'), '21.5 celsius', { qos: 0 });
			await external.publishAsync(t('home/hall/temp'), '19 celsius', { qos: 1 });
			await external.publishAsync(t('home/kitchen/light'), 'ON ALARM', { qos: 2 });
			await external.publishAsync(t('office/temp'), 'alarm: too hot', { qos: 2 });

			const publish = page.getByRole('region', { name: 'Publish' });
			await publish.getByLabel('Publish topic').fill(t('cmd/set'));
			await publish.getByLabel('Payload', { exact: true }).fill('set Alarm on');
			await publish.getByLabel('Payload format').selectOption('Text');
			await publish.getByLabel('Publish QoS').selectOption('1');
			await publish.getByLabel('Retain').setChecked(false);
			await publish.getByRole('button', { name: 'Publish' }).click();

			// The app's own publish comes back through its `#` subscription as a received copy.
			await expect(rowsFor(page, t('cmd/set'))).toHaveCount(2);
			await expect(page.getByTestId('message-count')).toHaveText('9');
		} finally {
			await closeExternal(external);
		}

		const bar = page.getByTestId('filter-bar');
		const topic = bar.getByTestId('filter-topic');

		// Topic filter with "+".
		await topic.fill(`${p}/home/+/temp`);
		await expectMatches(page, [`${t('home/kitchen/temp')}|in`, `${t('home/hall/temp')}|in`]);

		// Topic filter with "#", applied at once on Enter.
		await topic.fill(`${p}/home/#`);
		await topic.press('Enter');
		await expectMatches(page, [
			`${t('home/kitchen/temp')}|in`,
			`${t('home/hall/temp')}|in`,
			`${t('home/kitchen/light')}|in`
		]);

		// An invalid filter is explained and not applied.
		await topic.fill(`${p}/#/x`);
		await expect(bar.getByTestId('filter-error')).toContainText('"#"');
		await clearFilters(page);
		await expect(bar.getByTestId('filter-error')).toHaveCount(0);

		// Time, direction, retained and QoS are behind "More".
		await bar.getByTestId('filter-more').click();

		// Payload text, case-insensitive.
		await bar.getByTestId('filter-text').fill('alarm');
		await expectMatches(page, [
			`${t('home/kitchen/light')}|in`,
			`${t('office/temp')}|in`,
			`${t('cmd/set')}|in`,
			`${t('cmd/set')}|out`
		]);
		await clearFilters(page);

		// Direction: sent.
		await bar.getByTestId('filter-direction').selectOption('out');
		await expectMatches(page, [`${t('cmd/set')}|out`]);
		await clearFilters(page);

		// Retained only.
		await bar.getByTestId('filter-retained').selectOption('only');
		await expectMatches(page, [`${t('r/a')}|in`, `${t('r/b')}|in`]);
		await clearFilters(page);

		// QoS 2 only.
		await bar.getByTestId('filter-qos-2').check();
		await expectMatches(page, [`${t('home/kitchen/light')}|in`, `${t('office/temp')}|in`]);
		await clearFilters(page);

		// A time range that starts after the early messages.
		const from = await localTime(page, boundary);
		await bar.getByTestId('filter-from').fill(from);
		await expectMatches(page, [
			`${t('home/kitchen/temp')}|in`,
			`${t('home/hall/temp')}|in`,
			`${t('home/kitchen/light')}|in`,
			`${t('office/temp')}|in`,
			`${t('cmd/set')}|in`,
			`${t('cmd/set')}|out`
		]);

		// Combined with text, direction and QoS: every condition must hold.
		await bar.getByTestId('filter-text').fill('ALARM');
		await bar.getByTestId('filter-direction').selectOption('in');
		await bar.getByTestId('filter-qos-2').check();
		await expectMatches(page, [`${t('home/kitchen/light')}|in`, `${t('office/temp')}|in`]);
		await topic.fill(`${p}/+/temp`);
		await expectMatches(page, [`${t('office/temp')}|in`]);

		// A filtered row opens in the detail pane.
		await page.getByTestId('filtered-list').getByTestId('message-row').click();
		await expect(page.getByTestId('detail-payload')).toContainText('alarm: too hot');

		// A new message that matches is added on top while the filter is active; others are not.
		const late = await connectExternal(broker.mqttPort);
		try {
			await late.publishAsync(t('hall/temp'), 'quiet', { qos: 2 });
			await late.publishAsync(t('lab/temp'), 'Alarm again', { qos: 2 });
		} finally {
			await closeExternal(late);
		}
		await expect(page.getByTestId('message-count')).toHaveText('11');
		await expect
			.poll(() => filteredRows(page))
			.toEqual([`${t('lab/temp')}|in`, `${t('office/temp')}|in`]);
		await expect(
			page.getByTestId('filtered-list').getByTestId('message-row').first()
		).toHaveAttribute('data-topic', t('lab/temp'));

		// A time range that ends before the later messages: only the early ones.
		await clearFilters(page);
		await bar.getByTestId('filter-to').fill(await localTime(page, boundary - 1000));
		await expectMatches(page, [`${t('r/a')}|in`, `${t('r/b')}|in`, `${t('early/x')}|in`]);

		// Clearing the filters shows everything again.
		await clearFilters(page);
		await expect(page.getByTestId('message-list').getByTestId('message-row')).toHaveCount(11);
	});
});
