/**
 * The Broker tab on a broker that publishes no statistics in $SYS (issue #9): the Aedes demo
 * broker publishes only client events there, so every figure says it is not published and the
 * empty chart gives way to a sentence; against Mosquitto every figure and the chart stay.
 */
import type { Page } from '@playwright/test';
import { startDemoBroker } from '../../scripts/demo-broker.js';
import { connect, createProfile, openApp } from '../support/app';
import { expect, test } from '../support/fixtures';
import { showPhoneView } from '../support/phone';
import { openTab } from '../support/pubsub';

const FIGURES = ['sys-version', 'sys-uptime', 'sys-clients', 'sys-messages', 'sys-bytes'];

function brokerPanel(page: Page) {
	return page.getByRole('region', { name: 'Broker' });
}

test('on the Aedes demo broker each figure says it is not published and no empty chart shows', async ({
	page
}, testInfo) => {
	const demo = await startDemoBroker({ wsPort: 0, mqttPort: 0 });
	try {
		for (const size of [
			{ width: 1280, height: 800 },
			{ width: 390, height: 844 }
		]) {
			await page.setViewportSize(size);
			if (size.width === 1280) {
				await openApp(page);
				await createProfile(page, { name: 'Aedes', url: demo.wsUrl, version: 4 });
				await connect(page);
			}
			// A desktop has a Broker tab; a phone lists Broker under More.
			if (size.width > 640) await openTab(page, 'Broker');
			else await showPhoneView(page, 'Broker');
			const panel = brokerPanel(page);
			await expect(panel.getByTestId('sys-none')).toContainText('none of the figures below');
			for (const figure of FIGURES) {
				await expect(panel.getByTestId(figure)).toHaveText('not published');
			}
			await expect(panel.getByTestId('sys-no-chart')).toContainText(
				'publishes no message counters'
			);
			await expect(panel.getByTestId('sys-chart')).toHaveCount(0);
			await panel.scrollIntoViewIfNeeded();
			await page.screenshot({ path: testInfo.outputPath(`aedes-${size.width}.png`) });
		}
	} finally {
		await demo.stop();
	}
});

test('on Mosquitto every figure is published and the rates are charted', async ({
	page,
	broker
}, testInfo) => {
	await openApp(page);
	await createProfile(page, { name: 'Mosquitto stats', url: broker.wsUrl });
	await connect(page);
	await openTab(page, 'Broker');
	const panel = brokerPanel(page);
	// The shared broker publishes $SYS every 2 s; the chart needs two readings.
	await expect(panel.getByTestId('sys-chart')).toBeVisible({ timeout: 15_000 });
	await expect(panel.getByTestId('sys-version')).toContainText('mosquitto');
	await expect(panel.locator('[data-missing]')).toHaveCount(0);
	await expect(panel.getByTestId('sys-none')).toHaveCount(0);
	await page.screenshot({ path: testInfo.outputPath('mosquitto-1280.png') });
});
