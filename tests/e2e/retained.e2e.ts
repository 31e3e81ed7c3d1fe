/**
 * The Retained tab: it finds the retained messages under a filter, clears one, and clears all
 * after a confirmation that names how many; the broker really forgets them (MQTT 5 §3.3.1.3).
 */
import { uniquePrefix } from '../support/app';
import {
	closeExternal,
	connectExternal,
	subscribeExternal,
	type Received
} from '../support/external-client';
import { expect, test, type BrokerInfo } from '../support/fixtures';
import { connectProfile, openTab } from '../support/pubsub';

/** What a fresh subscriber to `filter` receives as retained within `waitMs`. */
async function retainedUnder(
	broker: BrokerInfo,
	filter: string,
	waitMs = 1_000
): Promise<Received[]> {
	const client = await connectExternal(broker.mqttPort);
	const got: Received[] = [];
	client.on('message', (topic, payload, packet) => got.push({ topic, payload, packet }));
	try {
		await subscribeExternal(client, filter, { qos: 1 });
		// Retained messages follow the SUBACK at once; the wait only catches stragglers.
		await new Promise((resolve) => setTimeout(resolve, waitMs));
	} finally {
		await closeExternal(client);
	}
	return got.filter((m) => m.packet.retain);
}

test.describe('retained messages', () => {
	test('find 5, clear one, then clear all after a confirmation naming the count', async ({
		page,
		broker
	}) => {
		const prefix = uniquePrefix('retained');
		const topics = [1, 2, 3, 4, 5].map((n) => `${prefix}/t${n}`);
		const setup = await connectExternal(broker.mqttPort);
		try {
			for (const topic of topics) {
				await setup.publishAsync(topic, `value of ${topic}`, { qos: 1, retain: true });
			}
		} finally {
			await closeExternal(setup);
		}
		expect((await retainedUnder(broker, `${prefix}/#`, 300)).length).toBe(5);

		await connectProfile(page, { name: 'Janitor', url: broker.wsUrl });
		await openTab(page, 'Retained');
		const panel = page.getByRole('region', { name: 'Retained messages' });
		await panel.getByLabel('Retained topic filter').fill(`${prefix}/#`);
		await panel.getByRole('button', { name: 'Find retained' }).click();
		const listed = panel.getByTestId('retained-topic');
		await expect(listed).toHaveCount(5);
		await expect(panel.getByText('5 topics under')).toBeVisible();

		await panel.getByRole('button', { name: `Clear ${topics[2]}`, exact: true }).click();
		await expect(panel.getByRole('status')).toHaveText('Cleared 1 topic.');
		await expect(listed).toHaveCount(4);
		const left = await retainedUnder(broker, `${prefix}/#`);
		expect(left.map((m) => m.topic).sort()).toEqual(topics.filter((_, i) => i !== 2).sort());

		const dialogs: string[] = [];
		page.on('dialog', (dialog) => {
			dialogs.push(dialog.message());
			void dialog.accept();
		});
		await panel.getByRole('button', { name: /^Clear all 4/ }).click();
		await expect(panel.getByRole('status')).toHaveText('Cleared 4 topics.');
		expect(dialogs).toHaveLength(1);
		expect(dialogs[0]).toContain('4 topics');
		expect(dialogs[0]).toContain(`${prefix}/#`);
		await expect(listed).toHaveCount(0);

		expect(await retainedUnder(broker, `${prefix}/#`)).toEqual([]);
		// And a new search agrees with the broker.
		await panel.getByRole('button', { name: 'Find retained' }).click();
		await expect(panel.getByText('No retained messages under')).toBeVisible();
	});

	test('declining the confirmation clears nothing', async ({ page, broker }) => {
		const prefix = uniquePrefix('retained-keep');
		const setup = await connectExternal(broker.mqttPort);
		try {
			await setup.publishAsync(`${prefix}/a`, 'keep me', { qos: 1, retain: true });
			await setup.publishAsync(`${prefix}/b`, 'keep me too', { qos: 1, retain: true });
		} finally {
			await closeExternal(setup);
		}
		await connectProfile(page, { name: 'Careful', url: broker.wsUrl });
		await openTab(page, 'Retained');
		const panel = page.getByRole('region', { name: 'Retained messages' });
		await panel.getByLabel('Retained topic filter').fill(`${prefix}/#`);
		await panel.getByRole('button', { name: 'Find retained' }).click();
		await expect(panel.getByTestId('retained-topic')).toHaveCount(2);

		const dismissed = page.waitForEvent('dialog').then(async (dialog) => {
			const text = dialog.message();
			await dialog.dismiss();
			return text;
		});
		await panel.getByRole('button', { name: /^Clear all 2/ }).click();
		expect(await dismissed).toContain('2 topics');
		await expect(panel.getByTestId('retained-topic')).toHaveCount(2);
		const kept = await retainedUnder(broker, `${prefix}/#`);
		expect(kept.map((m) => m.topic).sort()).toEqual([`${prefix}/a`, `${prefix}/b`]);

		// Leave the shared broker clean.
		const cleanup = await connectExternal(broker.mqttPort);
		try {
			for (const t of ['a', 'b'])
				await cleanup.publishAsync(`${prefix}/${t}`, '', { qos: 1, retain: true });
		} finally {
			await closeExternal(cleanup);
		}
	});
});
