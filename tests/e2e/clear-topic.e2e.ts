/**
 * Clearing one topic's history (with confirmation) removes exactly its messages, for good,
 * and leaves every other topic as it was.
 */
import { closeExternal, connectExternal } from '../support/external-client';
import { connect, createProfile, openApp, rowsFor, subscribe, uniquePrefix } from '../support/app';
import { expect, test } from '../support/fixtures';

test('clear one topic: its messages go, others stay, also after a reload', async ({
	page,
	broker
}) => {
	const p = uniquePrefix('clear');
	await openApp(page);
	await createProfile(page, { name: 'Clear topic', url: broker.wsUrl });
	await connect(page);
	await subscribe(page, `${p}/#`);

	const device = await connectExternal(broker.mqttPort);
	try {
		for (let i = 0; i < 6; i++) await device.publishAsync(`${p}/noisy`, `noise ${i}`);
		for (let i = 0; i < 3; i++) await device.publishAsync(`${p}/keep`, `keep ${i}`);
	} finally {
		await closeExternal(device);
	}
	const count = page.getByTestId('message-count');
	await expect(count).toHaveText('9');

	const dialogs: string[] = [];
	page.on('dialog', (dialog) => {
		dialogs.push(dialog.message());
		void dialog.accept();
	});
	await rowsFor(page, `${p}/noisy`).first().click();
	await page.getByRole('button', { name: 'Clear topic…' }).click();
	expect(dialogs[0]).toContain(`${p}/noisy`);

	await expect(count).toHaveText('3');
	await expect(rowsFor(page, `${p}/noisy`)).toHaveCount(0);
	await expect(rowsFor(page, `${p}/keep`)).toHaveCount(3);

	// The app reopens the profile that was selected.
	await page.reload();
	await expect(page.getByRole('region', { name: 'Connection' })).toContainText('Clear topic');
	await expect(count).toHaveText('3');
	await expect(rowsFor(page, `${p}/noisy`)).toHaveCount(0);
});
