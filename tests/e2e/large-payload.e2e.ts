/**
 * A 10 MB payload is stored whole, listed with its real size, and previewed truncated.
 * Sent through the Aedes demo broker: Mosquitto 2.0.11's WebSocket listener needs minutes for
 * payloads this size (see README, known limits).
 */
import mqtt from 'mqtt';
import { startDemoBroker } from '../../scripts/demo-broker.js';
import { connect, openApp, rowsFor, uniquePrefix } from '../support/app';
import { createConnectionProfile } from '../support/connection-profile';
import { expect, test } from '../support/fixtures';

test('a 10 MB payload is stored whole and previewed truncated', async ({ page }) => {
	test.setTimeout(90_000);
	const broker = await startDemoBroker({ wsPort: 0, mqttPort: 0 });
	const p = uniquePrefix('large');
	try {
		await openApp(page);
		await createConnectionProfile(page, {
			name: 'Large',
			url: broker.wsUrl,
			version: 4,
			subscriptions: [{ filter: `${p}/#`, qos: 0 }]
		});
		await connect(page);

		const device = await mqtt.connectAsync(broker.mqttUrl, { reconnectPeriod: 0 });
		try {
			// Text, so the preview path (not hex) is exercised: 10 MiB of a repeating line.
			const line = 'the quick brown fox jumps over the lazy dog\n';
			const big = Buffer.from(line.repeat(Math.ceil((10 * 1024 * 1024) / line.length))).subarray(
				0,
				10 * 1024 * 1024
			);
			await device.publishAsync(`${p}/blob`, big);
			await device.publishAsync(`${p}/after`, 'still responsive');
		} finally {
			await device.endAsync();
		}

		const row = rowsFor(page, `${p}/blob`);
		await expect(row).toHaveCount(1, { timeout: 30_000 });
		await expect(row).toContainText('10.0 MB');
		await expect(rowsFor(page, `${p}/after`)).toHaveCount(1);

		await row.click();
		const detail = page.getByTestId('message-detail');
		await expect(detail).toContainText('10.0 MB');
		await expect(detail).toContainText('Showing the first 1.0 MB of 10.0 MB');
		const shown = await page.getByTestId('detail-payload').innerText();
		expect(shown.length).toBeLessThan(1.1 * 1024 * 1024);
		expect(shown.startsWith('the quick brown fox')).toBe(true);
	} finally {
		await broker.stop();
	}
});
