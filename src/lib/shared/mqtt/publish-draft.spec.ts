import { generate, type IPublishPacket } from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { checkAgainstLimits, publishPacketSize, type PublishShape } from './publish-draft';

/** The exact size mqtt.js's own encoder produces. */
function encodedSize(shape: PublishShape, protocolVersion: 4 | 5): number {
	const packet: IPublishPacket = {
		cmd: 'publish',
		topic: shape.topic,
		payload: Buffer.from(shape.payload),
		qos: shape.qos,
		retain: shape.retain,
		dup: false,
		messageId: shape.qos > 0 ? 1 : undefined,
		properties:
			protocolVersion === 5 && shape.properties
				? {
						...shape.properties,
						correlationData: shape.properties.correlationData
							? Buffer.from(shape.properties.correlationData)
							: undefined
					}
				: undefined
	};
	return generate(packet, { protocolVersion }).length;
}

describe('publishPacketSize', () => {
	const payload = (n: number) => new Uint8Array(n);
	it.each([
		[{ topic: 'a', payload: payload(0), qos: 0 as const, retain: false }, 4],
		[{ topic: 'a/b/c', payload: payload(200), qos: 1 as const, retain: true }, 4],
		[{ topic: 'tëst', payload: payload(20_000), qos: 2 as const, retain: false }, 5],
		[
			{
				topic: 't',
				payload: payload(130),
				qos: 1 as const,
				retain: false,
				properties: {
					contentType: 'application/json',
					payloadFormatIndicator: true,
					messageExpiryInterval: 60,
					topicAlias: 2,
					responseTopic: 'r/ü',
					correlationData: new Uint8Array([1, 2, 3]),
					userProperties: { a: ['1', '2'], b: 'x' }
				}
			},
			5
		]
	])('matches the encoded packet for %#', (shape, protocolVersion) => {
		const version = protocolVersion as 4 | 5;
		expect(publishPacketSize(shape, version)).toBe(encodedSize(shape, version));
	});
});

describe('checkAgainstLimits', () => {
	const shape: PublishShape = { topic: 't', payload: new Uint8Array(100), qos: 2, retain: true };

	it('passes when nothing is known', () => {
		expect(checkAgainstLimits(shape, 5, undefined)).toBeUndefined();
		expect(checkAgainstLimits(shape, 5, {})).toBeUndefined();
	});

	it('names both sizes when the packet is too large', () => {
		expect(checkAgainstLimits(shape, 5, { maximumPacketSize: 50 })).toBe(
			'This message is 108 bytes; the broker accepts at most 50 bytes per packet (from CONNACK).'
		);
	});

	it('refuses QoS above the maximum, retain when unavailable and aliases out of range', () => {
		expect(checkAgainstLimits(shape, 5, { maximumQoS: 1 })).toMatch(/at most QoS 1/);
		expect(checkAgainstLimits(shape, 5, { retainAvailable: false })).toMatch(/untick Retain/);
		const aliased = { ...shape, properties: { topicAlias: 5 } };
		expect(checkAgainstLimits(aliased, 5, { topicAliasMaximum: 4 })).toBe(
			"Topic alias 5 is above the broker's maximum of 4 (from CONNACK)."
		);
		expect(checkAgainstLimits(aliased, 5, { topicAliasMaximum: 0 })).toMatch(/no topic aliases/);
		expect(checkAgainstLimits(aliased, 5, { topicAliasMaximum: 5 })).toBeUndefined();
	});
});
