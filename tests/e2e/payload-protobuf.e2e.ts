/**
 * Protobuf and Sparkplug B payloads: a .proto pasted into the app decodes another client's
 * protobuf messages (in the engine worker, as the page's CSP forbids protobufjs' code generation),
 * the schema and the per-topic format choice survive a reload, and Sparkplug B DATA messages
 * that carry only metric aliases show the names their NBIRTH defined.
 */
import protobuf from 'protobufjs';
import type { MqttClient } from 'mqtt';
import { profileButton, rowsFor, uniquePrefix } from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';
import { connectProfile, openDetail, subscribeGranted } from '../support/pubsub';

const DEMO_PROTO = `syntax = "proto3";
package demo;

message Tag {
  string key = 1;
  string value = 2;
}

message Reading {
  string sensor = 1;
  double celsius = 2;
  int64 big = 3;
  repeated Tag tags = 4;
  bytes raw = 5;
}
`;

/** The parts of sparkplug_b.proto this test needs, written out here independently of the app. */
const SPARKPLUG_SUBSET = `syntax = "proto2";
package org.eclipse.tahu.protobuf;
message Payload {
  message Metric {
    optional string name = 1;
    optional uint64 alias = 2;
    optional uint64 timestamp = 3;
    optional uint32 datatype = 4;
    optional bool is_null = 7;
    oneof value {
      uint32 int_value = 10;
      uint64 long_value = 11;
      float float_value = 12;
      double double_value = 13;
      bool boolean_value = 14;
      string string_value = 15;
    }
  }
  optional uint64 timestamp = 1;
  repeated Metric metrics = 2;
  optional uint64 seq = 3;
}
`;

function encode(proto: string, typeName: string, object: Record<string, unknown>): Buffer {
	const type = protobuf.parse(proto, { keepCase: true }).root.lookupType(typeName);
	return Buffer.from(type.encode(type.fromObject(object)).finish());
}

test.describe('protobuf and Sparkplug B payloads', () => {
	let external: MqttClient | undefined;

	test.afterEach(async () => {
		if (external) await closeExternal(external);
		external = undefined;
	});

	test('a pasted .proto decodes protobuf payloads and is remembered after a reload', async ({
		page,
		broker
	}) => {
		const prefix = uniquePrefix('proto');
		const topic = `${prefix}/reading`;
		await connectProfile(page, { name: 'Proto', url: broker.wsUrl });
		await subscribeGranted(page, `${prefix}/#`, { qos: 1 });
		external = await connectExternal(broker.mqttPort);
		const payload = encode(DEMO_PROTO, 'demo.Reading', {
			sensor: 'kitchen',
			celsius: 21.5,
			big: '-9007199254740993',
			tags: [{ key: 'floor', value: '2' }],
			raw: Buffer.from([0xde, 0xad])
		});
		await external.publishAsync(topic, payload, { qos: 1 });
		await expect(rowsFor(page, topic)).toHaveCount(1);

		const detail = await openDetail(page, topic);
		const format = detail.getByLabel('Payload view format');
		await format.selectOption('protobuf');
		const form = detail.getByTestId('proto-form');
		await expect(form).toBeVisible();

		// A broken schema is explained by line; the type list stays empty.
		const schema = form.getByLabel('.proto schema');
		await schema.fill('syntax = "proto3";\nmessage A {\n  string a = 1;\n  = 2;\n}\n');
		await expect(form.getByTestId('proto-error')).toHaveText(/^line 4: illegal/);
		await expect(form.getByRole('button', { name: 'Use this schema' })).toBeDisabled();

		await schema.fill(DEMO_PROTO);
		await expect(form.getByTestId('proto-error')).toHaveCount(0);
		const typeSelect = form.getByLabel('Message type');
		await expect(typeSelect.locator('option')).toHaveText(['demo.Tag', 'demo.Reading']);
		await typeSelect.selectOption('demo.Reading');
		await form.getByRole('button', { name: 'Use this schema' }).click();

		const expectDecoded = async () => {
			const tree = detail.getByTestId('payload-tree');
			await expect(tree.locator('[data-path="sensor"]')).toContainText('"kitchen"');
			await expect(tree.locator('[data-path="celsius"]')).toContainText('21.5');
			// int64 beyond 2^53 stays exact (as a decimal string).
			await expect(tree.locator('[data-path="big"]')).toContainText('-9007199254740993');
			await expect(tree.locator('[data-path="raw"]')).toContainText("h'dead'");
			await expect(detail.getByTestId('proto-schema')).toContainText('demo.Reading');
		};
		await expectDecoded();

		await page.reload();
		await profileButton(page, 'Proto').click();
		const again = await openDetail(page, topic);
		await expect(again.getByLabel('Payload view format')).toHaveValue('protobuf');
		await expectDecoded();

		// Forgetting the schema asks for one again; the topic stays on Protobuf.
		await again.getByTestId('proto-schema').getByRole('button', { name: 'Forget' }).click();
		await expect(again.getByTestId('proto-form')).toBeVisible();
		await expect(again.getByTestId('payload-tree')).toHaveCount(0);
		await expect(again.getByLabel('Payload view format')).toHaveValue('protobuf');
	});

	test('Sparkplug B NDATA metrics are named from the NBIRTH aliases', async ({ page, broker }) => {
		const group = uniquePrefix('grp').replace(/\//g, '-');
		const birthTopic = `spBv1.0/${group}/NBIRTH/edge1`;
		const dataTopic = `spBv1.0/${group}/NDATA/edge1`;
		await connectProfile(page, { name: 'Sparkplug', url: broker.wsUrl });
		await subscribeGranted(page, `spBv1.0/${group}/#`, { qos: 1 });
		external = await connectExternal(broker.mqttPort);
		const type = 'org.eclipse.tahu.protobuf.Payload';
		const now = 1_700_000_000_000;
		await external.publishAsync(
			birthTopic,
			encode(SPARKPLUG_SUBSET, type, {
				timestamp: now,
				seq: 0,
				metrics: [
					{ name: 'bdSeq', datatype: 8, long_value: 0 },
					{ name: 'Boiler/Temperature', alias: 1, datatype: 10, double_value: 20 },
					{ name: 'Boiler/Offset', alias: 2, datatype: 3, int_value: 0 },
					{ name: 'Boiler/Running', alias: 3, datatype: 11, boolean_value: false }
				]
			}),
			{ qos: 1 }
		);
		await external.publishAsync(
			dataTopic,
			encode(SPARKPLUG_SUBSET, type, {
				timestamp: now + 1000,
				seq: 1,
				metrics: [
					{ alias: 1, timestamp: now + 1000, datatype: 10, double_value: 22.25 },
					// Int32 travels as uint32, two's complement (Sparkplug 3.0 §6.4.16).
					{ alias: 2, datatype: 3, int_value: -7 >>> 0 },
					{ alias: 3, datatype: 11, boolean_value: true }
				]
			}),
			{ qos: 1 }
		);
		await expect(rowsFor(page, dataTopic)).toHaveCount(1);

		const detail = await openDetail(page, dataTopic);
		await expect(detail.getByLabel('Payload view format').locator('option:checked')).toHaveText(
			'Auto (detected: Sparkplug B)'
		);
		const table = detail.getByTestId('sparkplug');
		await expect(table).toContainText('NDATA');
		const metric = (name: string) =>
			table.locator(`[data-testid="sparkplug-metric"][data-name="${name}"]`);
		await expect(metric('Boiler/Temperature').getByTestId('sparkplug-value')).toHaveText('22.25');
		await expect(metric('Boiler/Temperature')).toContainText('Double');
		await expect(metric('Boiler/Temperature')).toContainText(new Date(now + 1000).toISOString());
		await expect(metric('Boiler/Offset').getByTestId('sparkplug-value')).toHaveText('-7');
		await expect(metric('Boiler/Running').getByTestId('sparkplug-value')).toHaveText('true');
		await expect(detail.getByTestId('sparkplug-note')).toHaveCount(0);

		// The birth itself lists every metric with its name.
		const birth = await openDetail(page, birthTopic);
		await expect(birth.getByTestId('sparkplug-metric')).toHaveCount(4);
		await expect(
			birth.locator('[data-name="Boiler/Temperature"]').getByTestId('sparkplug-value')
		).toHaveText('20');
	});
});
