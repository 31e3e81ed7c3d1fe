/**
 * A connection opened from a deep link and connected is temporary, yet its history survives a
 * reload: the app lists it as temporary and offers to keep it (a saved connection from then on)
 * or to discard it, which deletes it and every stored row of it. On a desktop and on a phone.
 */
import type { Page } from '@playwright/test';
import { connectionState, profileForm, rowsFor, uniquePrefix } from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test, type BrokerInfo } from '../support/fixtures';
import { expectPhoneFit, profileSwitcher } from '../support/phone';

/** Opens a ?url= link named `name`, connects it and receives one message on `topic`. */
async function connectFromLink(page: Page, broker: BrokerInfo, name: string, topic: string) {
	const query = new URLSearchParams({ url: broker.wsUrl, sub: topic, name });
	await page.goto(`/?${query.toString()}`);
	await profileForm(page, 'Connection from link').getByRole('button', { name: 'Connect' }).click();
	await expect(connectionState(page)).toHaveAttribute('data-state', 'connected');
	const device = await connectExternal(broker.mqttPort);
	try {
		await device.publishAsync(topic, 'kept across a reload', { qos: 1 });
	} finally {
		await closeExternal(device);
	}
	await expect(rowsFor(page, topic)).toHaveCount(1);
}

/** The stored id of the profile named `name`. */
function storedProfileId(page: Page, name: string): Promise<string | undefined> {
	return page.evaluate(async (name) => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const open = indexedDB.open('mqtt-scope');
			open.onsuccess = () => resolve(open.result);
			open.onerror = () => reject(open.error);
		});
		const request = db.transaction('profiles').objectStore('profiles').getAll();
		const profiles = await new Promise<{ id: string; name: string }[]>((resolve, reject) => {
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
		db.close();
		return profiles.find((p) => p.name === name)?.id;
	}, name);
}

/** Rows of the profile in every store the app's database has (key or `profileId` field). */
function storedRows(page: Page, id: string): Promise<number> {
	return page.evaluate(async (id) => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const open = indexedDB.open('mqtt-scope');
			open.onsuccess = () => resolve(open.result);
			open.onerror = () => reject(open.error);
		});
		const read = <T>(request: IDBRequest<T>) =>
			new Promise<T>((resolve, reject) => {
				request.onsuccess = () => resolve(request.result);
				request.onerror = () => reject(request.error);
			});
		let rows = 0;
		for (const name of db.objectStoreNames) {
			const store = db.transaction(name).objectStore(name);
			const [keys, values] = await Promise.all([read(store.getAllKeys()), read(store.getAll())]);
			keys.forEach((key, i) => {
				const mine =
					key === id ||
					(Array.isArray(key) && key[0] === id) ||
					(values[i] as { profileId?: unknown }).profileId === id;
				if (mine) rows++;
			});
		}
		db.close();
		return rows;
	}, id);
}

test('kept: a link connection survives a reload and becomes a saved one', async ({
	page,
	broker
}) => {
	const topic = `${uniquePrefix('temporary-keep')}/reading`;
	await connectFromLink(page, broker, 'Field link', topic);

	await page.reload();
	const connections = page.getByRole('navigation', { name: 'Connections' });
	await expect(connections.getByText('Field link (temporary)')).toBeVisible();
	const offer = page.getByTestId('temporary-profile');
	await expect(offer).toContainText('Field link came from a link and is temporary');
	await expect(rowsFor(page, topic).getByTestId('message-preview')).toHaveText(
		'kept across a reload'
	);
	await page.screenshot({ path: 'test-results/screenshots/temporary-profile-1280x800.png' });

	await offer.getByRole('button', { name: 'Keep this connection' }).click();
	await expect(offer).toBeHidden();
	await expect(connections.getByText('(temporary)')).toHaveCount(0);
	await page.reload();
	await expect(connections.getByRole('button', { name: /^Field link/ })).toBeVisible();
	await expect(connections.getByText('(temporary)')).toHaveCount(0);
	await expect(page.getByTestId('temporary-profile')).toHaveCount(0);
	await expect(rowsFor(page, topic)).toHaveCount(1);
});

test.describe('on a phone', () => {
	test.use({ viewport: { width: 390, height: 844 } });

	test('discarded: a link connection goes with every stored row of it', async ({
		page,
		broker
	}) => {
		const topic = `${uniquePrefix('temporary-discard')}/reading`;
		await connectFromLink(page, broker, 'Phone link', topic);

		await page.reload();
		await expect(profileSwitcher(page)).toContainText('Phone link');
		const offer = page.getByTestId('temporary-profile');
		await expect(offer).toContainText('Phone link came from a link and is temporary');
		await expect(rowsFor(page, topic)).toHaveCount(1);
		await expectPhoneFit(page, 'the temporary connection offer');
		await page.screenshot({ path: 'test-results/screenshots/temporary-profile-390x844.png' });
		const id = await storedProfileId(page, 'Phone link');
		expect(id).toMatch(/^temp-/);
		// The profile and its history (a segment and its head) at least.
		expect(await storedRows(page, id!)).toBeGreaterThanOrEqual(3);

		page.once('dialog', (dialog) => void dialog.accept());
		await offer.getByRole('button', { name: 'Discard' }).click();
		await expect(offer).toBeHidden();
		await expect(profileSwitcher(page)).not.toContainText('Phone link');
		await expect.poll(() => storedRows(page, id!)).toBe(0);
		await page.reload();
		await expect(profileSwitcher(page)).not.toContainText('Phone link');
	});
});
