/**
 * Payload inspection in the message details: CBOR, MessagePack and images from another client
 * are recognized and decoded, bytes that are not UTF-8 show as hex, markup stays inert text,
 * deeply nested JSON does not break the view, and a per-topic format override switches views.
 */
import { readFile } from 'node:fs/promises';
import { encode as encodeCbor } from 'cbor2';
import { encode as encodeMsgpack } from '@msgpack/msgpack';
import type { MqttClient } from 'mqtt';
import { rowsFor, uniquePrefix } from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';
import { connectProfile, openDetail, subscribeGranted } from '../support/pubsub';

test.describe('payload inspection', () => {
	let external: MqttClient | undefined;

	test.afterEach(async () => {
		if (external) await closeExternal(external);
		external = undefined;
	});

	test('CBOR, MessagePack, images, binary, markup and deep JSON are shown safely', async ({
		page,
		broker
	}) => {
		// Eleven payload kinds opened one by one: on a busy 2-core machine this outlasts 30 s.
		test.setTimeout(60_000);
		const prefix = uniquePrefix('inspect');
		const dialogs: string[] = [];
		page.on('dialog', (dialog) => {
			dialogs.push(dialog.message());
			void dialog.dismiss();
		});
		await connectProfile(page, { name: 'Inspector', url: broker.wsUrl });
		await subscribeGranted(page, `${prefix}/#`, { qos: 1 });

		external = await connectExternal(broker.mqttPort);
		const png = await readFile('static/icons/icon-192.png');
		const markup = '<script>alert(1)</script><img src=x onerror=alert(2)>';
		const depth = 1000;
		const deepJson = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
		const publishes: [string, Buffer | string][] = [
			['cbor', Buffer.from(encodeCbor({ temperature: 21.5, unit: 'C', ok: true }))],
			['msgpack', Buffer.from(encodeMsgpack({ humidity: 40, room: 'kitchen' }))],
			['png', png],
			['bin', Buffer.from([0xc3, 0x28, 0xff, 0x00])],
			['html', markup],
			['deep', deepJson]
		];
		for (const [name, payload] of publishes) {
			await external.publishAsync(`${prefix}/${name}`, payload, { qos: 1 });
		}
		await expect(rowsFor(page, `${prefix}/deep`)).toHaveCount(1);

		const cbor = await openDetail(page, `${prefix}/cbor`);
		const format = cbor.getByLabel('Payload view format');
		await expect(format.locator('option:checked')).toHaveText('Auto (detected: CBOR)');
		const cborTree = cbor.getByTestId('payload-tree');
		await expect(cborTree.locator('[data-path="temperature"]')).toContainText('21.5');
		await expect(cborTree.locator('[data-path="unit"]')).toContainText('"C"');
		await expect(cborTree.locator('[data-path="ok"]')).toContainText('true');
		await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
		const clipboard = (): Promise<string> => page.evaluate(() => navigator.clipboard.readText());
		const temperature = cborTree.locator('[data-path="temperature"]');
		await temperature.hover();
		await temperature.getByRole('button', { name: 'Copy path' }).click();
		await expect.poll(clipboard).toBe('temperature');
		await temperature.getByRole('button', { name: 'Copy value' }).click();
		await expect.poll(clipboard).toBe('21.5');

		const msgpack = await openDetail(page, `${prefix}/msgpack`);
		await expect(format.locator('option:checked')).toHaveText('Auto (detected: MessagePack)');
		const msgpackTree = msgpack.getByTestId('payload-tree');
		await expect(msgpackTree.locator('[data-path="humidity"]')).toContainText('40');
		await expect(msgpackTree.locator('[data-path="room"]')).toContainText('"kitchen"');

		const image = (await openDetail(page, `${prefix}/png`)).getByTestId('payload-image');
		await expect(image).toBeVisible();
		await expect(image).toHaveAttribute('src', /^blob:/);
		await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(192);

		const bin = await openDetail(page, `${prefix}/bin`);
		await expect(bin.getByTestId('detail-payload')).toHaveText('c3 28 ff 00');

		const html = await openDetail(page, `${prefix}/html`);
		await expect(html.getByTestId('detail-payload')).toHaveText(markup);
		await expect(page.locator('img[src="x"]')).toHaveCount(0);
		await expect(page.locator('script', { hasText: 'alert' })).toHaveCount(0);

		// Deep JSON: the indented text opens first; the tree shows two levels and opens on demand.
		const deep = await openDetail(page, `${prefix}/deep`);
		await expect(deep.getByTestId('detail-payload')).toContainText('"a": {');
		await deep.getByRole('button', { name: 'Tree', exact: true }).click();
		const tree = deep.getByTestId('payload-tree');
		await expect(tree.locator('[data-path="a.a"]')).toBeVisible();
		await expect(tree.locator('[data-path="a.a.a"]')).toHaveCount(0);
		// Open level after level down to the depth limit: below it the tree shows "…", not nodes.
		for (let level = 2; level < 100; level++) {
			await tree.getByRole('button', { name: 'Expand' }).click();
		}
		await expect(tree.getByRole('button', { name: 'Expand' })).toBeVisible();
		await tree.getByRole('button', { name: 'Expand' }).click();
		await expect(tree.getByText('… nested deeper than 100 levels')).toBeVisible();
		await expect(tree.getByTestId('tree-node')).toHaveCount(101);
		expect(dialogs).toEqual([]);
	});

	test('a per-topic format override shows JSON as hex and is remembered', async ({
		page,
		broker
	}) => {
		const prefix = uniquePrefix('override');
		await connectProfile(page, { name: 'Override', url: broker.wsUrl });
		await subscribeGranted(page, `${prefix}/#`, { qos: 1 });
		external = await connectExternal(broker.mqttPort);
		await external.publishAsync(`${prefix}/json`, '{"a":1}', { qos: 1 });
		await external.publishAsync(`${prefix}/other`, 'plain', { qos: 1 });
		await expect(rowsFor(page, `${prefix}/other`)).toHaveCount(1);

		const detail = await openDetail(page, `${prefix}/json`);
		const format = detail.getByLabel('Payload view format');
		await expect(format.locator('option:checked')).toHaveText('Auto (detected: JSON)');
		expect(await detail.getByTestId('detail-payload').textContent()).toBe('{\n  "a": 1\n}');

		await format.selectOption('hex');
		await expect(detail.getByTestId('detail-payload')).toHaveText('7b 22 61 22 3a 31 7d');
		await format.selectOption('base64');
		await expect(detail.getByTestId('detail-payload')).toHaveText('eyJhIjoxfQ==');
		await format.selectOption('cbor');
		await expect(detail.getByTestId('payload-error')).toHaveText(/^Not valid CBOR: /);
		await format.selectOption('hex');

		// Another topic keeps auto-detection; coming back finds the override still chosen.
		await openDetail(page, `${prefix}/other`);
		await expect(format.locator('option:checked')).toHaveText('Auto (detected: Text)');
		await expect(detail.getByTestId('detail-payload')).toHaveText('plain');
		await openDetail(page, `${prefix}/json`);
		await expect(format).toHaveValue('hex');
		await expect(detail.getByTestId('detail-payload')).toHaveText('7b 22 61 22 3a 31 7d');

		await format.selectOption('auto');
		await expect(detail.getByTestId('detail-payload')).toHaveText(/"a": 1/);
	});
});
