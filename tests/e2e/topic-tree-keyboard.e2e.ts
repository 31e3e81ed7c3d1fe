/**
 * The topic tree as an ARIA tree: levels in natural order (sensor19 before sensor189), the chain
 * of single levels opened by itself, one Tab stop, and arrow keys, Home/End and Enter that move,
 * open and close levels and open a topic, with the focus kept while rows re-render.
 */
import { mkdirSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { connect, createProfile, openApp, subscribe, uniquePrefix } from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test, type BrokerInfo } from '../support/fixtures';

async function publish(broker: BrokerInfo, messages: [string, string][]): Promise<void> {
	const device = await connectExternal(broker.mqttPort);
	try {
		for (const [topic, payload] of messages) await device.publishAsync(topic, payload);
	} finally {
		await closeExternal(device);
	}
}

function nodeIn(tree: Locator) {
	return (path: string) => tree.locator(`[data-testid="topic-node"][data-path="${path}"]`);
}

async function openTopics(page: Page): Promise<Locator> {
	await page.getByRole('tab', { name: 'Topics' }).click();
	return page.getByRole('region', { name: 'Topics' });
}

test('topic tree: natural order, opened chain, and keyboard navigation that opens a topic', async ({
	page,
	broker
}) => {
	const p = uniquePrefix('treekeys');
	await page.setViewportSize({ width: 1280, height: 800 });
	await openApp(page);
	await createProfile(page, { name: 'Tree keys', url: broker.wsUrl });
	await connect(page);
	await subscribe(page, `${p}/#`);
	await publish(broker, [
		[`${p}/n/sensor189`, '{"t":189}'],
		[`${p}/n/sensor19`, '{"t":19}'],
		[`${p}/n/sensor2`, '{"t":2}'],
		[`${p}/other`, '{"t":0}']
	]);
	await expect(page.getByTestId('message-count')).toHaveText('4');

	const tree = await openTopics(page);
	const node = nodeIn(tree);
	const [top, second] = p.split('/');

	// Opened by itself down to the level that branches (n and other); n itself stays closed.
	await expect(node(p)).toHaveAttribute('aria-expanded', 'true');
	await expect(node(`${p}/n`)).toHaveAttribute('aria-expanded', 'false');
	await expect(node(`${p}/n`)).toHaveAttribute('aria-level', '4');
	// One Tab stop for the whole tree; its other rows are reached with the arrows.
	await expect(tree.locator('[role="treeitem"][tabindex="0"]')).toHaveCount(1);

	// Tab from the search form lands on the tree's first row.
	await tree.getByRole('button', { name: 'Find', exact: true }).focus();
	await page.keyboard.press('Tab');
	await expect(node(top)).toBeFocused();
	await page.keyboard.press('ArrowDown');
	await expect(node(`${top}/${second}`)).toBeFocused();
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('ArrowDown');
	await expect(node(`${p}/n`)).toBeFocused();
	await page.keyboard.press('ArrowRight');
	await expect(node(`${p}/n`)).toHaveAttribute('aria-expanded', 'true');

	// Natural order: numbers inside names compare as numbers.
	const children = tree.locator(`[data-testid="topic-node"][data-path^="${p}/n/"]`);
	await expect(children).toHaveCount(3);
	expect(
		await children.evaluateAll((els) => els.map((el) => el.getAttribute('data-path')))
	).toEqual([`${p}/n/sensor2`, `${p}/n/sensor19`, `${p}/n/sensor189`]);

	// Into the level, one down, and Enter opens the topic's latest message.
	await page.keyboard.press('ArrowRight');
	await expect(node(`${p}/n/sensor2`)).toBeFocused();
	await page.keyboard.press('ArrowDown');
	await expect(node(`${p}/n/sensor19`)).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(node(`${p}/n/sensor19`)).toHaveAttribute('aria-selected', 'true');
	await expect(page.getByTestId('message-detail').getByRole('heading')).toHaveText(
		`${p}/n/sensor19`
	);
	// The detail pane shows the message; the focus stays in the tree for the next key.
	await expect(node(`${p}/n/sensor19`)).toBeFocused();
	mkdirSync('test-results/screenshots', { recursive: true });
	await page.screenshot({ path: 'test-results/screenshots/topics-tree-1280x800.png' });

	// A new topic sorting above it re-renders the rows: the focus stays on the same row.
	await publish(broker, [[`${p}/n/sensor1`, '{"t":1}']]);
	await expect(children).toHaveCount(4);
	await expect(node(`${p}/n/sensor19`)).toBeFocused();
	await expect(tree.locator('[role="treeitem"][tabindex="0"]')).toHaveCount(1);

	// Left goes to the parent level, then closes it.
	await page.keyboard.press('ArrowLeft');
	await expect(node(`${p}/n`)).toBeFocused();
	await page.keyboard.press('ArrowLeft');
	await expect(node(`${p}/n`)).toHaveAttribute('aria-expanded', 'false');
	await expect(children).toHaveCount(0);

	// End and Home reach the last and first rows; Space opens a topic too.
	await page.keyboard.press('End');
	await expect(node(`${p}/other`)).toBeFocused();
	await page.keyboard.press(' ');
	await expect(page.getByTestId('message-detail').getByRole('heading')).toHaveText(`${p}/other`);
	await expect(node(`${p}/other`)).toBeFocused();
	await page.keyboard.press('Home');
	await expect(node(top)).toBeFocused();

	// Closing a level the tree opened by itself keeps it closed.
	await page.keyboard.press('ArrowLeft');
	await expect(node(top)).toHaveAttribute('aria-expanded', 'false');
	await expect(tree.getByTestId('topic-node')).toHaveCount(1);
	await publish(broker, [[`${p}/other`, '{"t":1}']]);
	await expect(page.getByTestId('message-count')).toHaveText('6');
	await expect(node(top)).toHaveAttribute('aria-expanded', 'false');
});

test('topic tree keyboard: End and Home reach rows the virtualized tree had not drawn', async ({
	page,
	broker
}) => {
	const p = uniquePrefix('treemany');
	await openApp(page);
	await createProfile(page, { name: 'Tree many', url: broker.wsUrl });
	await connect(page);
	await subscribe(page, `${p}/#`);
	const count = 150;
	await publish(
		broker,
		Array.from({ length: count }, (_, i): [string, string] => [`${p}/s${i + 1}`, `${i}`])
	);
	await expect(page.getByTestId('message-count')).toHaveText(String(count));

	const tree = await openTopics(page);
	const node = nodeIn(tree);
	// Opened by itself down to the level holding the 150 topics; only a screenful is drawn.
	await expect(node(`${p}/s1`)).toBeVisible();
	expect(await tree.getByTestId('topic-node').count()).toBeLessThan(count);
	await expect(node(`${p}/s${count}`)).toHaveCount(0);

	await node(`${p}/s1`).getByRole('button', { name: 's1', exact: true }).click();
	await expect(node(`${p}/s1`)).toBeFocused();
	await page.keyboard.press('End');
	await expect(node(`${p}/s${count}`)).toBeFocused();
	await expect(node(`${p}/s${count}`)).toBeInViewport();
	await page.keyboard.press('ArrowUp');
	await expect(node(`${p}/s${count - 1}`)).toBeFocused();
	// Left from a topic goes to its parent level, far above.
	await page.keyboard.press('ArrowLeft');
	await expect(node(p)).toBeFocused();
	await page.keyboard.press('Home');
	await expect(node('e2e')).toBeFocused();
	await page.keyboard.press('End');
	// The last row is drawn and focused a frame after the key (the tree scrolls to it first).
	await expect(node(`${p}/s${count}`)).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('message-detail').getByRole('heading')).toHaveText(
		`${p}/s${count}`
	);
});
