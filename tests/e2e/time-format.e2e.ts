/**
 * Times follow a device setting (issue #9): in an en-US browser they start as the system writes
 * them (12-hour, AM/PM), switch to 24-hour and without milliseconds from Settings, and stay so
 * after a reload. The zone is UTC, so a row's text can be checked against its ISO datetime.
 */
import type { Locator, Page } from '@playwright/test';
import { connect, createProfile, openApp, rowsFor, uniquePrefix } from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';
import { expectPhoneFit, openMore } from '../support/phone';
import { openDetail } from '../support/pubsub';

test.use({ locale: 'en-US', timezoneId: 'UTC' });

/** The hour (0–23, UTC) a row's <time> says in its machine-readable datetime. */
async function isoHour(time: Locator): Promise<number> {
	const iso = (await time.getAttribute('datetime')) ?? '';
	return new Date(iso).getUTCHours();
}

async function openSettings(page: Page): Promise<Locator> {
	await page.getByRole('button', { name: 'Settings' }).click();
	const sheet = page.getByRole('dialog', { name: 'Settings' });
	await expect(sheet).toBeVisible();
	return sheet;
}

test('times follow the system, switch to 24-hour without milliseconds and stay so after a reload', async ({
	page,
	broker
}, testInfo) => {
	const prefix = uniquePrefix('clock');
	const topic = `${prefix}/device01/telemetry`;
	await openApp(page);
	await createProfile(page, { name: 'Clock', url: broker.wsUrl, subscriptions: [`${prefix}/#`] });
	await connect(page);
	const external = await connectExternal(broker.mqttPort);
	try {
		await external.publishAsync(topic, '{"temperature": 21.5}', { qos: 1 });
	} finally {
		await closeExternal(external);
	}
	const time = rowsFor(page, topic).locator('time');
	await expect(time).toHaveCount(1);
	const hour = await isoHour(time);

	// en-US writes 12-hour time: "02:03:07.250 PM".
	await expect(time).toHaveText(/^\d\d:\d\d:\d\d\.\d{3} (AM|PM)$/);
	const twelve = String(hour % 12 === 0 ? 12 : hour % 12).padStart(2, '0');
	expect((await time.textContent())?.slice(0, 2)).toBe(twelve);

	const sheet = await openSettings(page);
	await expect(sheet.getByLabel('Follow the system (12-hour here)')).toBeChecked();
	await expect(sheet.getByLabel('Show milliseconds in message times')).toBeChecked();
	await page.screenshot({ path: testInfo.outputPath('settings-1280.png') });
	await sheet.getByLabel('24-hour', { exact: true }).check();
	await expect(time).toHaveText(/^\d\d:\d\d:\d\d\.\d{3}$/);
	expect((await time.textContent())?.slice(0, 2)).toBe(String(hour).padStart(2, '0'));
	await sheet.getByLabel('Show milliseconds in message times').uncheck();
	await expect(time).toHaveText(/^\d\d:\d\d:\d\d$/);
	await sheet.getByRole('button', { name: 'Close Settings' }).click();
	await expect(sheet).toBeHidden();

	// After a reload the stored row is written the same way, and so is its detail.
	await page.reload();
	await expect(time).toHaveText(/^\d\d:\d\d:\d\d$/);
	expect((await time.textContent())?.slice(0, 2)).toBe(String(hour).padStart(2, '0'));
	const detail = await openDetail(page, topic);
	await expect(detail.getByTestId('detail-time')).toHaveText(
		/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d\d:\d\d:\d\d$/
	);
	const again = await openSettings(page);
	await expect(again.getByLabel('24-hour', { exact: true })).toBeChecked();
	await expect(again.getByLabel('Show milliseconds in message times')).not.toBeChecked();

	// Back to the system's style: 12-hour again.
	await again.getByLabel('Follow the system (12-hour here)').check();
	await expect(time).toHaveText(/^\d\d:\d\d:\d\d (AM|PM)$/);
});

test('the settings sheet fits a phone', async ({ page }, testInfo) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto('/');
	// A phone lists Settings under More; its sheet opens above More.
	await openMore(page);
	const sheet = await openSettings(page);
	await expect(sheet.getByTestId('time-example')).toHaveText(/^\d\d:\d\d:\d\d\.\d{3} (AM|PM)$/);
	await sheet.getByLabel('24-hour', { exact: true }).check();
	await expect(sheet.getByTestId('time-example')).toHaveText('14:05:09.250');
	const box = await sheet.boundingBox();
	expect(box?.width).toBeLessThanOrEqual(390);
	await expectPhoneFit(page, 'settings sheet');
	await page.screenshot({ path: testInfo.outputPath('settings-390.png') });
});
