/**
 * The dashboard the accessibility and screenshot runs share: a file as a user would import it,
 * over `<prefix>/device01` and `device02` telemetry and status topics.
 */
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** A chart, two status lights, a number and a gauge over two devices, and one alert rule. */
export function greenhouseDashboard(prefix: string) {
	const telemetry = `${prefix}/+/telemetry`;
	return {
		format: 'mqtt-scope-dashboard',
		version: 1,
		tiles: [
			{
				id: 't1',
				kind: 'chart',
				title: 'Temperature & humidity',
				width: 2,
				windowMs: 0,
				series: [
					{ topicFilter: telemetry, path: 'temperature', unit: '°C' },
					{ topicFilter: telemetry, path: 'humidity', unit: '%', axis: 'right' }
				]
			},
			{
				id: 't2',
				kind: 'status',
				title: 'Devices',
				width: 1,
				topicFilter: `${prefix}/+/status`,
				path: '',
				okValues: ['online']
			},
			{
				id: 't3',
				kind: 'number',
				title: 'Temperature',
				width: 1,
				series: { topicFilter: `${prefix}/device01/telemetry`, path: 'temperature' },
				unit: '°C',
				decimals: 1
			},
			{
				id: 't4',
				kind: 'gauge',
				title: 'Humidity',
				width: 1,
				series: { topicFilter: `${prefix}/device02/telemetry`, path: 'humidity' },
				unit: '%',
				min: 0,
				max: 100,
				ranges: [
					{ from: 0, to: 30, color: '#f87171' },
					{ from: 30, to: 70, color: '#4ade80' },
					{ from: 70, to: 100, color: '#fbbf24' }
				]
			}
		],
		alerts: [
			{
				id: 'a1',
				name: 'Too warm',
				series: { topicFilter: telemetry, path: 'temperature' },
				condition: { kind: 'above', value: 22 },
				enabled: true
			}
		]
	};
}

/** Imports the greenhouse dashboard on the Dashboard tab, as a user picks the file. */
export async function importGreenhouseDashboard(page: Page, prefix: string): Promise<void> {
	await page.getByRole('tab', { name: 'Dashboard' }).click();
	await page.getByLabel('Dashboard file to import').setInputFiles({
		name: 'dashboard.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(greenhouseDashboard(prefix)))
	});
	await expect(page.getByText('Imported 4 tiles and 1 alert.')).toBeVisible();
}
