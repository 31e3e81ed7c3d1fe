/**
 * The topic tree: every topic seen, one level per node, with counts that match what was
 * published; the chain of single levels opens by itself, levels expand, search finds topics, and
 * a click shows the latest message.
 */
import { closeExternal, connectExternal } from '../support/external-client';
import { connect, createProfile, openApp, subscribe, uniquePrefix } from '../support/app';
import { expect, test } from '../support/fixtures';

test('topic tree counts match what was published; expand, search and open', async ({
	page,
	broker
}) => {
	const p = uniquePrefix('tree');
	await openApp(page);
	await createProfile(page, { name: 'Tree', url: broker.wsUrl });
	await connect(page);

	const device = await connectExternal(broker.mqttPort);
	const published: Record<string, number> = { 'site/a/temp': 5, 'site/a/hum': 3, 'site/b/temp': 2 };
	try {
		// Retained before the app subscribes, so it arrives flagged as retained.
		await device.publishAsync(`${p}/door`, JSON.stringify({ n: 0, topic: 'door' }), {
			retain: true
		});
		await subscribe(page, `${p}/#`);
		for (const [topic, count] of Object.entries(published)) {
			for (let i = 0; i < count; i++) {
				await device.publishAsync(`${p}/${topic}`, JSON.stringify({ n: i, topic }));
			}
		}
	} finally {
		await closeExternal(device);
	}
	await expect(page.getByTestId('message-count')).toHaveText('11');
	await expect(page.getByTestId('message-row').filter({ hasText: 'retained' })).toHaveCount(1);

	await page.getByRole('tab', { name: 'Topics' }).click();
	const tree = page.getByRole('region', { name: 'Topics' });
	await expect(tree.getByTestId('topic-count')).toHaveText('4');
	const node = (path: string) => tree.locator(`[data-testid="topic-node"][data-path="${path}"]`);

	// The tree opens the single-child chain by itself, down to the level that branches: the
	// prefix e2e / tree / <id>, whose children are door and site.
	const levels = p.split('/');
	for (let i = 1; i <= levels.length; i++) {
		await expect(node(levels.slice(0, i).join('/'))).toHaveAttribute('aria-expanded', 'true');
	}
	await expect(node(`${p}/site`)).toHaveAttribute('aria-expanded', 'false');
	await expect(node(`${p}`)).toHaveAttribute('data-subtopics', '4');
	await expect(node(`${p}/door`)).toHaveAttribute('data-count', '1');
	await expect(node(`${p}/door`)).toContainText('R');
	await tree.getByRole('button', { name: `Expand ${p}/site`, exact: true }).click();
	await expect(node(`${p}/site`)).toHaveAttribute('data-subtopics', '3');
	await tree.getByRole('button', { name: `Expand ${p}/site/a`, exact: true }).click();
	await expect(node(`${p}/site/a/temp`)).toHaveAttribute('data-count', '5');
	await expect(node(`${p}/site/a/hum`)).toHaveAttribute('data-count', '3');
	await expect(node(`${p}/site/a/temp`)).toContainText('"n":4');

	// Live: one more message updates the count.
	const late = await connectExternal(broker.mqttPort);
	await late.publishAsync(`${p}/site/a/temp`, JSON.stringify({ n: 5 }));
	// Leave no retained message behind on the shared broker.
	await late.publishAsync(`${p}/door`, '', { retain: true });
	await closeExternal(late);
	await expect(node(`${p}/site/a/temp`)).toHaveAttribute('data-count', '6');

	// Search, then open the latest message of a found topic.
	await tree.getByLabel('Find topics').fill('b/TEMP');
	await tree.getByRole('button', { name: 'Find', exact: true }).click();
	await tree.getByRole('button', { name: `${p}/site/b/temp` }).click();
	await expect(page.getByTestId('message-detail')).toContainText(`${p}/site/b/temp`);
	await expect(page.getByTestId('detail-payload')).toContainText('"n": 1');
});
