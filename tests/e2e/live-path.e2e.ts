/**
 * The live path (issue #11 point 3): charts, tiles, the filtered list and the topic diff read
 * history once, then follow what the engine matched and parsed after each commit. A dashboard
 * over `+` wildcards shows the right values live, a new device joins by itself, and the page
 * asks the engine for no history read while messages stream in.
 */
import type { Locator, Page } from '@playwright/test';
import { connect, createProfile, openApp, rowsFor, subscribe, uniquePrefix } from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';
import { openTab } from '../support/pubsub';

/** Engine commands that read history. */
const READS = ['readSeries', 'readFiltered', 'readTopic', 'readPage', 'historyHead'];

/** Counts, in the page, every command sent to the engine worker by name (Comlink's APPLY path). */
function countEngineCalls(): void {
	const calls: Record<string, number> = {};
	(window as unknown as { __engineCalls: Record<string, number> }).__engineCalls = calls;
	const post = Worker.prototype.postMessage;
	Worker.prototype.postMessage = function (this: Worker, ...args: unknown[]) {
		const message = args[0] as { type?: string; path?: string[] } | null;
		if (message?.type === 'APPLY' && message.path?.length) {
			const name = message.path.join('.');
			calls[name] = (calls[name] ?? 0) + 1;
		}
		return (post as (...a: unknown[]) => void).apply(this, args);
	};
}

/** What the page has received in the engine's `messages` events, per batch and in rows. */
interface RowsSeen {
	batches: number;
	rows: number;
}

/**
 * Counts, in the page, the `messages` events the engine sends and the rows they carry. Events
 * arrive through the port Comlink opened for the bridge's listener, as an APPLY of one array.
 */
function countLiveRows(): void {
	const seen: RowsSeen = { batches: 0, rows: 0 };
	(window as unknown as { __liveRows: RowsSeen }).__liveRows = seen;
	const add = MessagePort.prototype.addEventListener;
	MessagePort.prototype.addEventListener = function (
		this: MessagePort,
		type: string,
		listener: EventListenerOrEventListenerObject,
		options?: boolean | AddEventListenerOptions
	) {
		if (type !== 'message' || typeof listener !== 'function') {
			return add.call(this, type, listener, options);
		}
		const counting = (event: Event) => {
			const data = (event as MessageEvent).data as {
				argumentList?: { value?: unknown }[];
			} | null;
			const events = data?.argumentList?.[0]?.value;
			if (Array.isArray(events)) {
				for (const e of events as { type?: string; newest?: unknown[] }[]) {
					if (e?.type !== 'messages') continue;
					seen.batches++;
					seen.rows += e.newest?.length ?? 0;
				}
			}
			listener.call(this, event);
		};
		return add.call(this, type, counting, options);
	};
}

/** The `messages` events and rows the page has received so far. */
async function rowsSeen(page: Page): Promise<RowsSeen> {
	return page.evaluate(() => ({
		...(window as unknown as { __liveRows: RowsSeen }).__liveRows
	}));
}

/** How many history reads the page has asked of the engine so far. */
async function historyReads(page: Page): Promise<number> {
	const calls = await page.evaluate(
		() => (window as unknown as { __engineCalls: Record<string, number> }).__engineCalls
	);
	return READS.reduce((n, name) => n + (calls[name] ?? 0), 0);
}

function dashboardView(page: Page): Locator {
	return page.getByRole('region', { name: 'Dashboard' });
}

function tile(page: Page, title: string): Locator {
	return dashboardView(page).locator(`[data-testid="tile"][data-title="${title}"]`);
}

/** A chart tile's legend line by name. */
function line(page: Page, chart: string, name: string): Locator {
	return tile(page, chart).locator(`[data-testid="series"][data-name="${name}"]`);
}

test('a dashboard over + wildcards, a filtered list and a topic diff follow live without reading history', async ({
	page,
	broker
}) => {
	test.setTimeout(90_000);
	await page.addInitScript(countEngineCalls);
	await page.addInitScript(countLiveRows);
	const p = uniquePrefix('livepath');
	const data = (device: string) => `${p}/${device}/data`;
	const door = (device: string) => `${p}/${device}/door`;
	await openApp(page);
	await createProfile(page, { name: 'Live path', url: broker.wsUrl });
	await connect(page);
	await subscribe(page, `${p}/#`, 1);

	const device = await connectExternal(broker.mqttPort);
	try {
		// History before the dashboard exists: each view reads it once.
		await device.publishAsync(data('dev1'), JSON.stringify({ temp: 20, hum: 40 }), { qos: 1 });
		await device.publishAsync(data('dev2'), JSON.stringify({ temp: 18, hum: 55 }), { qos: 1 });
		await device.publishAsync(door('dev1'), 'closed', { qos: 1 });
		await expect(page.getByTestId('message-count')).toHaveText('3');

		await openTab(page, 'Dashboard');
		const file = {
			format: 'mqtt-scope-dashboard',
			version: 1,
			tiles: [
				{
					kind: 'chart',
					title: 'Temperatures',
					width: 2,
					windowMs: 0,
					series: [{ topicFilter: `${p}/+/data`, path: 'temp' }]
				},
				{
					kind: 'chart',
					title: 'Humidity',
					width: 1,
					windowMs: 0,
					series: [{ topicFilter: `${p}/+/data`, path: 'hum' }]
				},
				{
					kind: 'number',
					title: 'Temperature now',
					width: 1,
					decimals: 1,
					series: { topicFilter: `${p}/+/data`, path: 'temp' }
				},
				{
					kind: 'gauge',
					title: 'Humidity dev1',
					width: 1,
					min: 0,
					max: 100,
					series: { topicFilter: data('dev1'), path: 'hum' }
				},
				{
					kind: 'status',
					title: 'Doors',
					width: 1,
					topicFilter: `${p}/+/door`,
					path: '',
					okValues: ['closed']
				}
			],
			alerts: []
		};
		await dashboardView(page)
			.getByLabel('Dashboard file to import')
			.setInputFiles({
				name: 'live.json',
				mimeType: 'application/json',
				buffer: Buffer.from(JSON.stringify(file))
			});
		await expect(dashboardView(page).getByTestId('tile')).toHaveCount(5);

		// From history.
		const numberRow = (dev: string) =>
			tile(page, 'Temperature now').locator(
				`[data-testid="number-row"][data-topic="${data(dev)}"]`
			);
		await expect(numberRow('dev1').getByTestId('number-value')).toHaveText('20.0');
		await expect(numberRow('dev2').getByTestId('number-value')).toHaveText('18.0');
		await expect(line(page, 'Temperatures', 'dev1')).toHaveAttribute('data-last', '20');
		await expect(line(page, 'Humidity', 'dev2')).toHaveAttribute('data-last', '55');
		await expect(tile(page, 'Humidity dev1').getByTestId('gauge')).toHaveAttribute(
			'data-value',
			'40'
		);
		const doorRow = (dev: string) =>
			tile(page, 'Doors').locator(`[data-testid="status-row"][data-topic="${door(dev)}"]`);
		await expect(doorRow('dev1')).toHaveAttribute('data-ok', 'true');
		await expect(dashboardView(page).locator('[data-testid=chart][data-phase=live]')).toHaveCount(
			2
		);
		const readsBefore = await historyReads(page);
		// The counter sees the backfill's reads: each view read history once.
		expect(readsBefore).toBeGreaterThan(0);
		const rowsBefore = await rowsSeen(page);

		// Live, in several batches: new values, and a device no view has seen yet.
		for (let round = 1; round <= 4; round++) {
			await device.publishAsync(
				data('dev1'),
				JSON.stringify({ temp: 20 + round, hum: 40 + round })
			);
			await device.publishAsync(data('dev2'), JSON.stringify({ temp: 18 + round, hum: 55 }));
			await device.publishAsync(data('dev3'), JSON.stringify({ temp: 30 + round, hum: 60 }));
			await new Promise((resolve) => setTimeout(resolve, 150));
		}
		await device.publishAsync(door('dev1'), 'open', { qos: 1 });
		await device.publishAsync(door('dev2'), 'closed', { qos: 1 });

		await expect(numberRow('dev1').getByTestId('number-value')).toHaveText('24.0');
		await expect(numberRow('dev2').getByTestId('number-value')).toHaveText('22.0');
		await expect(numberRow('dev3').getByTestId('number-value')).toHaveText('34.0');
		await expect(line(page, 'Temperatures', 'dev1')).toHaveAttribute('data-count', '5');
		await expect(line(page, 'Temperatures', 'dev1')).toHaveAttribute('data-last', '24');
		await expect(line(page, 'Temperatures', 'dev3')).toHaveAttribute('data-count', '4');
		await expect(line(page, 'Temperatures', 'dev3')).toHaveAttribute('data-last', '34');
		await expect(line(page, 'Humidity', 'dev1')).toHaveAttribute('data-last', '44');
		await expect(line(page, 'Humidity', 'dev2')).toHaveAttribute('data-count', '5');
		await expect(tile(page, 'Humidity dev1').getByTestId('gauge')).toHaveAttribute(
			'data-value',
			'44'
		);
		await expect(doorRow('dev1')).toHaveAttribute('data-ok', 'false');
		await expect(doorRow('dev2')).toHaveAttribute('data-ok', 'true');
		// Twelve messages in several batches reached five views with no history read.
		expect(await historyReads(page)).toBe(readsBefore);
		// …and no message row crossed to the page: no list is on screen to show one.
		const rowsOnDashboard = await rowsSeen(page);
		expect(rowsOnDashboard.batches).toBeGreaterThan(rowsBefore.batches);
		expect(rowsOnDashboard.rows).toBe(rowsBefore.rows);

		// Back on Messages the list shows the newest at once, read from history, then live rows.
		await openTab(page, 'Messages');
		await expect(page.getByTestId('message-count')).toHaveText('17');
		const newestRow = page
			.getByTestId('message-list')
			.locator('[data-index="0"]')
			.getByTestId('message-row');
		await expect(newestRow).toHaveAttribute('data-topic', door('dev2'));
		await device.publishAsync(data('dev4'), JSON.stringify({ temp: 1, hum: 2 }), { qos: 1 });
		await expect(newestRow).toHaveAttribute('data-topic', data('dev4'));
		expect((await rowsSeen(page)).rows).toBeGreaterThan(rowsOnDashboard.rows);

		// The filtered list reads history once, then adds live matches on top.
		await openTab(page, 'Messages');
		await page.getByTestId('filter-bar').getByTestId('filter-topic').fill(`${p}/+/door`);
		await expect(page.getByTestId('filter-done')).toBeVisible();
		const listed = page.getByTestId('filtered-list').getByTestId('message-row');
		await expect(listed).toHaveCount(3);
		const listReads = await historyReads(page);
		await device.publishAsync(door('dev3'), 'closed', { qos: 1 });
		await device.publishAsync(data('dev3'), JSON.stringify({ temp: 40, hum: 61 }), { qos: 1 });
		await expect(listed).toHaveCount(4);
		await expect(listed.first()).toHaveAttribute('data-topic', door('dev3'));
		await expect(page.getByTestId('filter-count')).toContainText('4 matches');
		expect(await historyReads(page)).toBe(listReads);
		await page.getByTestId('filter-clear').click();

		// The topic diff follows the topic's newest two messages live.
		await expect(rowsFor(page, door('dev1'))).toHaveCount(2);
		await page.getByRole('tab', { name: 'Topics' }).click();
		const tree = page.getByRole('region', { name: 'Topics' });
		await tree.getByLabel('Search in').selectOption({ label: 'in topics' });
		await tree.getByLabel('Find topics').fill(data('dev1'));
		await tree.getByRole('button', { name: 'Find', exact: true }).click();
		await tree
			.getByRole('list', { name: 'Matching topics' })
			.getByRole('button', { name: data('dev1') })
			.click();
		const node = tree.locator(`[data-testid="topic-node"][data-path="${data('dev1')}"]`);
		await node.getByRole('button', { name: 'data', exact: true }).click();
		const diff = tree.getByTestId('topic-diff');
		const changed = diff.locator('[data-testid="diff-change"][data-kind="changed"]');
		await expect(changed.locator('.path')).toHaveText(['temp', 'hum']);
		await expect(changed.locator('.new')).toHaveText(['24', '44']);
		const diffReads = await historyReads(page);
		await device.publishAsync(data('dev1'), JSON.stringify({ temp: 25, hum: 44 }), { qos: 1 });
		await expect(changed.locator('.path')).toHaveText(['temp']);
		await expect(changed.locator('.new')).toHaveText(['25']);
		expect(await historyReads(page)).toBe(diffReads);
	} finally {
		await closeExternal(device);
	}
});
