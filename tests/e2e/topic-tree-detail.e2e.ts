/**
 * Topic tree details: searching by a word of the last value (not of older ones), and a selected
 * node's diff against the previous message (changed and added JSON keys, updated live) and its
 * "History of" button listing only that topic's messages.
 */
import type { Locator } from '@playwright/test';
import { connect, createProfile, openApp, subscribe, uniquePrefix } from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';

/** "kind path old → new" of every change the diff lists, in order. */
function changes(diff: Locator): Promise<string[]> {
	return diff.getByTestId('diff-change').evaluateAll((els) =>
		els.map((el) => {
			const text = (selector: string) => el.querySelector(selector)?.textContent ?? '';
			const values = [text('.old'), text('.new')].filter(Boolean).join(' → ');
			return `${el.getAttribute('data-kind')} ${text('.path')} ${values}`;
		})
	);
}

/** Searches the tree in topics or in last values. */
async function find(tree: Locator, text: string, by: 'in topics' | 'in last values') {
	await tree.getByLabel('Search in').selectOption({ label: by });
	await tree.getByLabel('Find topics').fill(text);
	await tree.getByRole('button', { name: 'Find', exact: true }).click();
}

test('topic tree: payload search, diff with the previous message, and history', async ({
	page,
	broker
}) => {
	const p = uniquePrefix('treedetail');
	const word = `alarm${Date.now().toString(36)}`;
	const sensor = `${p}/dev/1`;
	const other = `${p}/dev/2`;
	await openApp(page);
	await createProfile(page, { name: 'Tree detail', url: broker.wsUrl });
	await connect(page);
	await subscribe(page, `${p}/#`);

	const device = await connectExternal(broker.mqttPort);
	try {
		// The older value of `sensor` holds the word; its last value does not; `other` keeps it.
		await device.publishAsync(sensor, JSON.stringify({ state: word, unit: 'C' }));
		await device.publishAsync(other, JSON.stringify({ state: word }));
		await device.publishAsync(sensor, JSON.stringify({ state: 'ok', unit: 'C', battery: 90 }));
	} finally {
		await closeExternal(device);
	}
	await expect(page.getByTestId('message-count')).toHaveText('3');

	await page.getByRole('tab', { name: 'Topics' }).click();
	const tree = page.getByRole('region', { name: 'Topics' });
	const found = tree.getByRole('list', { name: 'Matching topics' });

	// Payload search looks at last values only: the word is in `other`'s, not in `sensor`'s.
	await find(tree, word.toUpperCase(), 'in last values');
	await expect(found.getByRole('button')).toHaveCount(1);
	// The found topic may be shown shortened; its name is the whole topic.
	await expect(found.getByRole('button')).toHaveAccessibleName(other);
	await find(tree, '"battery":90', 'in last values');
	await expect(found.getByRole('button')).toHaveCount(1);
	await expect(found.getByRole('button')).toHaveAccessibleName(sensor);
	// The same text is no topic name.
	await find(tree, 'battery', 'in topics');
	await expect(tree.getByTestId('found-none')).toBeVisible();
	await find(tree, `${p}/dev/1`, 'in topics');
	await expect(found.getByRole('button')).toHaveCount(1);
	await expect(found.getByRole('button')).toHaveAccessibleName(sensor);
	await found.getByRole('button', { name: sensor }).click();

	// Select the node itself in the tree (the search opened the levels down to it).
	const node = tree.locator(`[data-testid="topic-node"][data-path="${sensor}"]`);
	await node.getByRole('button', { name: '1', exact: true }).click();
	await expect(node).toHaveAttribute('aria-selected', 'true');
	await expect(page.getByTestId('detail-payload')).toContainText('"battery": 90');

	// Exactly the changed key (old → new) and the added one.
	const diff = tree.getByTestId('topic-diff');
	await expect
		.poll(() => changes(diff))
		.toEqual([`changed state "${word}" → "ok"`, 'added battery 90']);
	await expect(diff.locator('li.changed')).toHaveCount(1);
	await expect(diff.locator('li.added')).toHaveCount(1);

	// A new message on the topic updates the diff.
	const late = await connectExternal(broker.mqttPort);
	try {
		await late.publishAsync(sensor, JSON.stringify({ state: 'ok', unit: 'F', battery: 90 }));
	} finally {
		await closeExternal(late);
	}
	await expect.poll(() => changes(diff)).toEqual(['changed unit "C" → "F"']);

	// "History of" lists only this topic's messages.
	await tree.getByRole('button', { name: `History of ${sensor}`, exact: true }).click();
	await expect(page.getByTestId('filter-done')).toBeVisible();
	const rows = page.getByTestId('filtered-list').getByTestId('message-row');
	await expect(rows).toHaveCount(3);
	expect(await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-topic')))).toEqual([
		sensor,
		sensor,
		sensor
	]);
	await expect(page.getByTestId('filter-count')).toContainText('3 matches');
	// The filter bar shows the topic, so refining keeps it.
	const topicField = page
		.getByRole('region', { name: 'Message history' })
		.getByLabel('Topic filter');
	await expect(topicField).toHaveValue(sensor);
});
