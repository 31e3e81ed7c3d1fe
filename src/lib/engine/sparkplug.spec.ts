import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { parseSparkplugTopic, type SparkplugTopic } from '$lib/shared/payload/sparkplug-topic';
import {
	aliasMap,
	decodeSparkplug,
	MAX_SHOWN_METRICS,
	metricValue,
	SPARKPLUG_PROTO
} from './sparkplug';

const payloadType = protobuf
	.parse(SPARKPLUG_PROTO, { keepCase: true })
	.root.lookupType('org.eclipse.tahu.protobuf.Payload');

function encode(object: Record<string, unknown>): Uint8Array {
	return payloadType.encode(payloadType.fromObject(object)).finish();
}

function topic(name: string): SparkplugTopic {
	const parsed = parseSparkplugTopic(name);
	if (!parsed) throw new Error(`not a Sparkplug topic: ${name}`);
	return parsed;
}

const birth = encode({
	timestamp: 1000,
	seq: 0,
	metrics: [
		{ name: 'Temperature', alias: 1, datatype: 10, double_value: 20 },
		{ name: 'Counter', alias: 2, datatype: 4, long_value: 0 }
	]
});

describe('Sparkplug B decoding', () => {
	it('maps aliases to names from a birth certificate', async () => {
		const decoded = await decodeSparkplug(topic('spBv1.0/g/NBIRTH/e'), birth, async () => []);
		expect(decoded).toMatchObject({
			value: {
				messageType: 'NBIRTH',
				timestamp: 1000,
				seq: '0',
				metrics: [
					{ name: 'Temperature', alias: '1', resolved: false, datatype: 'Double', value: 20 },
					{ name: 'Counter', alias: '2', datatype: 'Int64', value: '0' }
				]
			}
		});
	});

	it('sends the page at most MAX_SHOWN_METRICS metrics, and says how many there were', async () => {
		const metrics = Array.from({ length: 5000 }, (_, i) => ({
			name: `m${i}`,
			datatype: 3,
			int_value: i
		}));
		const result = await decodeSparkplug(
			topic('spBv1.0/g/NDATA/e'),
			encode({ metrics }),
			async () => []
		);
		if (!('value' in result)) throw new Error(result.error);
		expect(result.value.metrics).toHaveLength(MAX_SHOWN_METRICS);
		expect(result.value.note).toBe('Showing the first 1,000 of 5,000 metrics.');
	});

	it('shows a DateTime metric beyond any date as sent, not as an error', async () => {
		const data = encode({
			metrics: [{ name: 'When', datatype: 13, long_value: '18446744073709551615' }]
		});
		const result = await decodeSparkplug(topic('spBv1.0/g/NDATA/e'), data, async () => []);
		if (!('value' in result)) throw new Error(result.error);
		expect(result.value.metrics[0].value).toBe('18446744073709551615');
	});

	it('resolves the aliases of a DATA message from the births it is given', async () => {
		const data = encode({
			seq: 1,
			metrics: [
				{ alias: 1, timestamp: 2000, datatype: 10, double_value: 22.5 },
				{ alias: 2, datatype: 4, long_value: '18446744073709551615' },
				{ alias: 9, datatype: 11, boolean_value: true }
			]
		});
		const result = await decodeSparkplug(topic('spBv1.0/g/NDATA/e'), data, async () => [birth]);
		if (!('value' in result)) throw new Error(result.error);
		expect(result.value.metrics).toEqual([
			{
				name: 'Temperature',
				alias: '1',
				resolved: true,
				datatype: 'Double',
				value: 22.5,
				timestamp: 2000
			},
			// Int64 travels as uint64 in two's complement.
			{ name: 'Counter', alias: '2', resolved: true, datatype: 'Int64', value: '-1' },
			{ alias: '9', resolved: false, datatype: 'Boolean', value: true }
		]);
		expect(result.value.note).toBe('1 metric alias not found in a birth certificate in history.');
	});

	it('does not look for births when every metric has a name', async () => {
		let asked = false;
		await decodeSparkplug(topic('spBv1.0/g/NDATA/e'), birth, async () => {
			asked = true;
			return [];
		});
		expect(asked).toBe(false);
	});

	it('turns the unsigned wire forms of signed types back into their values', () => {
		expect(metricValue({ datatype: 1, value: 'int_value', int_value: 0xff })).toBe(-1);
		expect(metricValue({ datatype: 2, value: 'int_value', int_value: 0xfffe })).toBe(-2);
		expect(metricValue({ datatype: 3, value: 'int_value', int_value: 0xfffffffd })).toBe(-3);
		expect(metricValue({ datatype: 7, value: 'int_value', int_value: 0xfffffffd })).toBe(
			0xfffffffd
		);
		expect(metricValue({ datatype: 8, value: 'long_value', long_value: '42' })).toBe(42);
		expect(
			metricValue({ datatype: 8, value: 'long_value', long_value: '18446744073709551615' })
		).toBe('18446744073709551615');
		expect(metricValue({ datatype: 13, value: 'long_value', long_value: '0' })).toBe(
			'1970-01-01T00:00:00.000Z'
		);
		expect(metricValue({ datatype: 10, is_null: true })).toBeNull();
	});

	it('reads the alias map of a birth', async () => {
		const decoded = await decodeSparkplug(topic('spBv1.0/g/NBIRTH/e'), birth, async () => []);
		expect(decoded).toHaveProperty('value');
		expect(
			aliasMap({ metrics: [{ name: 'A', alias: '5' }, { alias: '6' }, { name: 'B' }] })
		).toEqual(new Map([['5', 'A']]));
	});

	it('explains bytes that are not a Sparkplug payload', async () => {
		const result = await decodeSparkplug(
			topic('spBv1.0/g/NDATA/e'),
			new Uint8Array([0x12, 0x40]),
			async () => []
		);
		expect(result).toEqual({ error: expect.stringMatching(/^Not a valid Sparkplug B payload: /) });
	});
});
