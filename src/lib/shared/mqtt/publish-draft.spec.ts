import { generate, type IPublishPacket } from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import {
	buildProperties,
	checkAgainstLimits,
	draftFromProperties,
	emptyPropertiesDraft,
	publishPacketSize,
	type PropertiesDraft,
	type PublishShape
} from './publish-draft';

const draft = (changes: Partial<PropertiesDraft>): PropertiesDraft => ({
	...emptyPropertiesDraft(),
	...changes
});

describe('buildProperties', () => {
	it('sends nothing for an empty draft', () => {
		expect(buildProperties(emptyPropertiesDraft())).toEqual({ properties: undefined });
	});

	it('converts every field, repeated user property keys becoming arrays', () => {
		const result = buildProperties(
			draft({
				contentType: 'application/json',
				payloadFormatIndicator: true,
				messageExpiryInterval: '60',
				topicAlias: '3',
				responseTopic: 'replies/me',
				correlationData: 'req-1',
				userProperties: [
					{ key: 'a', value: '1' },
					{ key: 'b', value: '2' },
					{ key: 'a', value: '3' },
					{ key: '', value: '' }
				]
			})
		);
		expect(result).toEqual({
			properties: {
				contentType: 'application/json',
				payloadFormatIndicator: true,
				messageExpiryInterval: 60,
				topicAlias: 3,
				responseTopic: 'replies/me',
				correlationData: new TextEncoder().encode('req-1'),
				userProperties: { a: ['1', '3'], b: '2' }
			}
		});
	});

	it('reads correlation data as hex when asked', () => {
		const result = buildProperties(draft({ correlationData: '00 ff', correlationFormat: 'hex' }));
		expect(result).toEqual({ properties: { correlationData: new Uint8Array([0, 255]) } });
		expect(buildProperties(draft({ correlationData: '0', correlationFormat: 'hex' }))).toEqual({
			error: expect.stringMatching(/^Correlation data: Hex must have an even number/)
		});
	});

	it.each([
		[{ topicAlias: '0' }, /^Topic alias must be a whole number from 1 to 65,535/],
		[{ topicAlias: '1.5' }, /^Topic alias/],
		[{ messageExpiryInterval: '-1' }, /^Message expiry must be a whole number from 0/],
		[{ messageExpiryInterval: '4294967296' }, /^Message expiry/],
		[{ responseTopic: 'a/+' }, /cannot contain/],
		[{ userProperties: [{ key: '', value: 'x' }] }, /needs a name/]
	])('explains %j', (changes, message) => {
		expect(buildProperties(draft(changes))).toEqual({ error: expect.stringMatching(message) });
	});

	it('loads properties back into an equal draft', () => {
		const original = draft({
			contentType: 'text/plain',
			messageExpiryInterval: '10',
			correlationData: '00 01',
			correlationFormat: 'hex',
			userProperties: [
				{ key: 'a', value: '1' },
				{ key: 'a', value: '2' }
			]
		});
		const built = buildProperties(original);
		if (!('properties' in built)) throw new Error(built.error);
		expect(draftFromProperties(built.properties)).toEqual(original);
	});
});

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
