/**
 * History export and import: NDJSON carries every field of received and sent messages (MQTT 5
 * properties, binary payloads, retain, QoS, times) and imports into another profile unchanged;
 * CSV turns JSON payload fields into columns; a running export can be cancelled.
 */
import { readFile } from 'node:fs/promises';
import type { Download, Page } from '@playwright/test';
import type { MqttClient } from 'mqtt';
import { createProfile, rowsFor, uniquePrefix } from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';
import {
	connectProfile,
	detailValue,
	openDetail,
	publishFromApp,
	subscribeGranted
} from '../support/pubsub';

/** The export/import panel, opened from the messages header if it is closed. */
async function transferPanel(page: Page) {
	const panel = page.getByRole('region', { name: 'Export and import' });
	if (!(await panel.isVisible())) {
		await page.getByRole('button', { name: 'Export / import' }).click();
	}
	await expect(panel).toBeVisible();
	return panel;
}

/** Exports in a format and returns the downloaded file's name and text. */
async function exportFile(page: Page, format: 'ndjson' | 'csv' | 'json') {
	const panel = await transferPanel(page);
	await panel.getByLabel('Format').selectOption(format);
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		panel.getByRole('button', { name: 'Export', exact: true }).click()
	]);
	return { name: download.suggestedFilename(), text: await readDownload(download) };
}

async function readDownload(download: Download): Promise<string> {
	return (await readFile(await download.path())).toString('utf8');
}

/** NDJSON text as objects, without the header line and without ids (import assigns new ones). */
function messagesOf(ndjson: string): Record<string, unknown>[] {
	const lines = ndjson.trimEnd().split('\n');
	expect(JSON.parse(lines[0])).toMatchObject({ mqttScopeExport: 1 });
	return lines.slice(1).map((line) => {
		const { id: _id, ...rest } = JSON.parse(line);
		return rest;
	});
}

test.describe('history export and import', () => {
	let external: MqttClient | undefined;

	test.afterEach(async () => {
		if (external) await closeExternal(external);
		external = undefined;
	});

	test('NDJSON round-trips every field into another profile; CSV flattens JSON', async ({
		page,
		broker
	}) => {
		const prefix = uniquePrefix('export');
		external = await connectExternal(broker.mqttPort);
		// Retained before the app subscribes, so it arrives with the retain flag set.
		await external.publishAsync(`${prefix}/retained`, 'kept', { qos: 1, retain: true });

		await connectProfile(page, { name: 'Exporter', url: broker.wsUrl });
		await subscribeGranted(page, `${prefix}/#`, { qos: 2 });
		await expect(rowsFor(page, `${prefix}/retained`)).toHaveCount(1);

		await external.publishAsync(`${prefix}/json`, '{"temperature":21.5,"unit":"C"}', {
			qos: 1,
			properties: {
				contentType: 'application/json',
				responseTopic: `${prefix}/reply`,
				correlationData: Buffer.from([0x00, 0x01, 0xfe, 0xff]),
				messageExpiryInterval: 3600,
				userProperties: { site: 'lab', shift: ['a', 'b'] }
			}
		});
		await external.publishAsync(`${prefix}/bin`, Buffer.from([0x00, 0xff, 0xc3, 0x28]), { qos: 2 });
		await external.publishAsync(`${prefix}/nested`, '{"temperature":19,"meta":{"room":"k"}}', {
			qos: 0
		});
		await publishFromApp(page, { topic: `${prefix}/sent`, payload: 'from app', qos: 1 });
		// The app's own publish is stored as sent, and comes back through the subscription.
		await expect(rowsFor(page, `${prefix}/sent`)).toHaveCount(2);
		await expect(page.getByTestId('message-count')).toHaveText('6');
		const sentRow = rowsFor(page, `${prefix}/sent`).getByTestId('publish-state');
		await expect(sentRow).toHaveText('acknowledged');

		// Import into a live connection is refused with the reason.
		const panel = await transferPanel(page);
		await expect(panel.locator('input[type=file]')).toBeDisabled();
		await expect(panel.getByText('Disconnect to import')).toBeVisible();

		const exported = await exportFile(page, 'ndjson');
		expect(exported.name).toMatch(/^mqtt-scope-Exporter-.*\.ndjson$/);
		await expect(panel.getByTestId('export-result')).toHaveText('Exported 6 messages.');
		const originals = messagesOf(exported.text);
		expect(originals).toHaveLength(6);
		const byTopic = (topic: string) => originals.filter((m) => m.topic === `${prefix}/${topic}`);
		expect(byTopic('json')[0]).toMatchObject({
			direction: 'in',
			qos: 1,
			retain: false,
			payloadText: '{"temperature":21.5,"unit":"C"}',
			properties: {
				contentType: 'application/json',
				responseTopic: `${prefix}/reply`,
				correlationData: 'AAH+/w==',
				userProperties: { site: 'lab', shift: ['a', 'b'] }
			}
		});
		expect(byTopic('bin')[0]).toMatchObject({ qos: 2, payloadBase64: 'AP/DKA==' });
		expect(byTopic('bin')[0]).not.toHaveProperty('payloadText');
		expect(byTopic('retained')[0]).toMatchObject({ retain: true, payloadText: 'kept' });
		expect(byTopic('sent').map((m) => [m.direction, m.state ?? null])).toEqual(
			expect.arrayContaining([
				['out', 'acknowledged'],
				['in', null]
			])
		);
		for (const message of originals) {
			expect(new Date(message.time as number).toISOString()).toBe(message.timeIso);
		}

		// A second profile, never connected, takes the file.
		await createProfile(page, { name: 'Importer', url: broker.wsUrl });
		await expect(page.getByTestId('message-count')).toHaveText('0');
		const importPanel = await transferPanel(page);
		await importPanel.locator('input[type=file]').setInputFiles({
			name: exported.name,
			mimeType: 'application/x-ndjson',
			buffer: Buffer.from(exported.text)
		});
		await expect(importPanel.getByTestId('import-result')).toHaveText('Imported 6 messages.');
		await expect(page.getByTestId('message-count')).toHaveText('6');

		const detail = await openDetail(page, `${prefix}/json`);
		await expect(detail.getByTestId('detail-payload')).toContainText('temperature');
		await expect(detailValue(detail, 'contentType')).toHaveText('application/json');
		await expect(detailValue(detail, 'correlationData')).toHaveText('00 01 fe ff');
		await expect(detailValue(detail, 'Time')).toHaveAttribute(
			'title',
			byTopic('json')[0].timeIso as string
		);

		// Every field survives: exporting the imported history gives the same messages.
		const again = await exportFile(page, 'ndjson');
		expect(messagesOf(again.text)).toEqual(originals);

		const csv = await exportFile(page, 'csv');
		expect(csv.name).toMatch(/\.csv$/);
		const rows = csv.text.trimEnd().split('\r\n');
		expect(rows[0]).toBe(
			'time_iso,time_ms,direction,topic,qos,retain,dup,payload,temperature,unit,meta.room'
		);
		expect(rows).toHaveLength(7);
		const nested = rows.find((row) => row.includes(`${prefix}/nested`));
		expect(nested).toMatch(/,19,,k$/);
		expect(rows.find((row) => row.includes(`${prefix}/bin`))).toContain('base64:AP/DKA==');

		// One topic's messages only.
		const topicPanel = await transferPanel(page);
		await topicPanel.getByLabel('Messages').selectOption('topic');
		await topicPanel.getByLabel('Topic', { exact: true }).fill(`${prefix}/sent`);
		const oneTopic = await exportFile(page, 'json');
		const array = JSON.parse(oneTopic.text) as { topic: string }[];
		expect(array.map((m) => m.topic)).toEqual([`${prefix}/sent`, `${prefix}/sent`]);
		await expect(topicPanel.getByTestId('export-result')).toHaveText('Exported 2 messages.');

		await external.publishAsync(`${prefix}/retained`, '', { qos: 1, retain: true });
	});

	test('a long export can be cancelled and downloads nothing', async ({ page, broker }) => {
		const count = 60_000;
		const lines = [JSON.stringify({ mqttScopeExport: 1, profile: 'bulk', exportedAt: '' })];
		for (let i = 0; i < count; i++) {
			const payload = Buffer.from(JSON.stringify({ i, temperature: i % 40 })).toString('base64');
			lines.push(
				`{"direction":"in","topic":"bulk/${i % 50}","payloadBase64":"${payload}","qos":0,"retain":false,"dup":false,"time":${1_700_000_000_000 + i}}`
			);
		}
		lines.push('not json');
		await page.goto('/');
		await createProfile(page, { name: 'Bulk', url: broker.wsUrl });
		const panel = await transferPanel(page);
		await panel.locator('input[type=file]').setInputFiles({
			name: 'bulk.ndjson',
			mimeType: 'application/x-ndjson',
			buffer: Buffer.from(lines.join('\n'))
		});
		await expect(panel.getByTestId('import-result')).toHaveText(
			`Imported ${count.toLocaleString('en-US')} messages (1 lines skipped: line ${count + 2}: not JSON).`,
			{ timeout: 30_000 }
		);

		let downloads = 0;
		page.on('download', () => downloads++);
		await panel.getByLabel('Format').selectOption('csv');
		await panel.getByRole('button', { name: 'Export', exact: true }).click();
		await expect(panel.getByLabel('Export progress')).toBeVisible();
		await panel.getByRole('button', { name: 'Cancel' }).click();
		await expect(panel.getByTestId('export-result')).toHaveText('Export cancelled.');
		await expect(panel.getByRole('button', { name: 'Export', exact: true })).toBeEnabled();
		expect(downloads).toBe(0);
	});
});
