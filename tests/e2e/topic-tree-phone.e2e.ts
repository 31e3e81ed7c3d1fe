/**
 * The topic tree on a phone (390×844): selecting a topic opens its details sheet (latest
 * message, diff with the previous one, "Show its messages") instead of selecting a message; the
 * phone's Back closes the sheet; "Show its messages" lists only that topic.
 */
import { mkdirSync } from 'node:fs';
import { connect, createProfile, openApp, subscribe, uniquePrefix } from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';
import { showPhoneView } from '../support/phone';

const DIR = 'test-results/screenshots';
/** Wider than a phone: it must wrap, and only at its separators. */
const LONG_KEY = 'outdoor_air_quality_index_particulate_matter_2_5_micrometres_hourly_mean';

test('phone: a topic opens its details sheet; Back closes it; Show its messages filters', async ({
	page,
	broker
}) => {
	mkdirSync(DIR, { recursive: true });
	const p = uniquePrefix('treephone');
	const sensor = `${p}/smart_env/device01/telemetry`;
	await openApp(page);
	await createProfile(page, { name: 'Tree phone', url: broker.wsUrl });
	await connect(page);
	await subscribe(page, `${p}/#`);
	const device = await connectExternal(broker.mqttPort);
	try {
		await device.publishAsync(
			sensor,
			JSON.stringify({ temperature: 21.5, battery_level: 90, environment: { [LONG_KEY]: 1 } })
		);
		await device.publishAsync(
			`${p}/smart_env/device02/telemetry`,
			JSON.stringify({ temperature: 19 })
		);
		await device.publishAsync(
			sensor,
			JSON.stringify({ temperature: 22, battery_level: 89, environment: { [LONG_KEY]: 2 } })
		);
	} finally {
		await closeExternal(device);
	}
	await expect(page.getByTestId('message-count')).toHaveText('3');

	// Set up at desktop size (the profile list is a sidebar there), then hold it as a phone.
	await page.setViewportSize({ width: 390, height: 844 });
	await showPhoneView(page, 'Topics');
	const tree = page.getByRole('region', { name: 'Topics' });
	const node = (path: string) => tree.locator(`[data-testid="topic-node"][data-path="${path}"]`);
	// Opened by itself down to the devices (smart_env branches into two).
	await expect(node(`${p}/smart_env`)).toHaveAttribute('aria-expanded', 'true');
	// Rows a finger can hit: every button in the tree is at least 44 px each way.
	const sizes = await tree
		.getByTestId('topic-tree')
		.getByRole('button')
		.evaluateAll((els) => els.map((el) => el.getBoundingClientRect()));
	expect(sizes.length).toBeGreaterThan(0);
	for (const size of sizes) {
		expect(size.height).toBeGreaterThanOrEqual(44);
		expect(size.width).toBeGreaterThanOrEqual(44);
	}
	await node(`${p}/smart_env/device01`).getByRole('button', { name: 'Expand' }).click();
	await node(sensor).getByRole('button', { name: 'telemetry', exact: true }).click();

	const sheet = page.getByTestId('topic-sheet');
	await expect(sheet).toBeVisible();
	await expect(sheet.getByTestId('message-detail').getByRole('heading')).toHaveText(sensor);
	await expect(sheet.getByTestId('detail-payload')).toContainText('"battery_level": 89');
	await expect(sheet.getByTestId('diff-change')).toHaveText([
		'~ temperature changed 21.5 → 22',
		'~ battery_level changed 90 → 89',
		`~ environment.${LONG_KEY} changed 1 → 2`
	]);
	// The tree's selection is no message selection: the sheet is the only details on screen.
	await expect(page.getByTestId('message-detail')).toHaveCount(1);
	await expect(tree.getByTestId('topic-selection')).toHaveCount(0);
	// A key wraps only at its separators: where a line ends, the last character is one of
	// _ - / or the next line starts with . or [ (short keys do not wrap at all).
	const breaks = await sheet.getByTestId('diff-path').evaluateAll((els) =>
		els.map((el) => {
			const range = document.createRange();
			const chars: { char: string; top: number }[] = [];
			for (const child of el.childNodes) {
				const text = child.nodeType === Node.TEXT_NODE ? (child.textContent ?? '') : '';
				for (let i = 0; i < text.length; i++) {
					range.setStart(child, i);
					range.setEnd(child, i + 1);
					chars.push({ char: text[i], top: Math.round(range.getBoundingClientRect().top) });
				}
			}
			const at: string[] = [];
			for (let i = 1; i < chars.length; i++) {
				if (chars[i].top !== chars[i - 1].top) at.push(`${chars[i - 1].char}|${chars[i].char}`);
			}
			return at;
		})
	);
	expect(breaks.slice(0, 2)).toEqual([[], []]);
	expect(breaks[2].length).toBeGreaterThan(0);
	for (const at of breaks[2]) expect(at).toMatch(/^[_/-]\||^.\|[.[]/);
	expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(
		true
	);
	await page.screenshot({ path: `${DIR}/topics-sheet-390x844.png` });

	// The detail's chart opens inside the sheet.
	await sheet.getByRole('button', { name: 'Chart this topic' }).click();
	await expect(sheet.getByTestId('chart').locator('canvas')).toBeVisible();

	// The phone's Back closes the sheet and stays in the app.
	await page.goBack();
	await expect(sheet).toHaveCount(0);
	await expect(tree).toBeVisible();
	await expect(node(sensor)).toHaveAttribute('aria-selected', 'true');
	await page.screenshot({ path: `${DIR}/topics-tree-390x844.png` });

	// Again, then "Show its messages": the list of this topic only.
	await node(sensor).getByRole('button', { name: 'telemetry', exact: true }).click();
	await sheet.getByRole('button', { name: 'Show its messages' }).click();
	await expect(sheet).toHaveCount(0);
	await expect(page.getByTestId('filter-done')).toBeVisible();
	const rows = page.getByTestId('filtered-list').getByTestId('message-row');
	await expect(rows).toHaveCount(2);
	expect(await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-topic')))).toEqual([
		sensor,
		sensor
	]);
});
