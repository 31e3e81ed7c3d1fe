/**
 * The checks a publish must pass against what the broker announced in CONNACK before it is sent
 * (the MQTT 5 properties as typed are in properties-draft.ts).
 */
import type { BrokerLimits } from './connection-status';
import type { MessageProperties } from './message';
import type { QoS } from '../profile/profile';

const encoder = new TextEncoder();

/** Bytes of a Variable Byte Integer (MQTT 5 §1.5.5). */
function varIntSize(value: number): number {
	return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
}

/** Bytes of a UTF-8 string or binary data field: a two byte length and the bytes (§1.5.4, §1.5.6). */
function fieldSize(value: string | Uint8Array): number {
	return 2 + (typeof value === 'string' ? encoder.encode(value).length : value.length);
}

/** What a publish consists of, for sizing and checking. */
export interface PublishShape {
	topic: string;
	payload: Uint8Array;
	qos: QoS;
	retain: boolean;
	properties?: MessageProperties;
}

/**
 * The size in bytes of the PUBLISH packet (MQTT 5 §3.3): fixed header, topic, packet
 * identifier for QoS > 0, properties (MQTT 5 only) and payload. This is what the broker
 * compares with its Maximum Packet Size (§3.2.2.3.6).
 */
export function publishPacketSize(shape: PublishShape, protocolVersion: 4 | 5): number {
	let variable = fieldSize(shape.topic) + (shape.qos > 0 ? 2 : 0);
	if (protocolVersion === 5) {
		const p = shape.properties ?? {};
		let props = 0;
		if (p.payloadFormatIndicator !== undefined) props += 2;
		if (p.messageExpiryInterval !== undefined) props += 5;
		if (p.topicAlias !== undefined) props += 3;
		if (p.contentType !== undefined) props += 1 + fieldSize(p.contentType);
		if (p.responseTopic !== undefined) props += 1 + fieldSize(p.responseTopic);
		if (p.correlationData !== undefined) props += 1 + fieldSize(p.correlationData);
		for (const [key, value] of Object.entries(p.userProperties ?? {})) {
			for (const one of Array.isArray(value) ? value : [value]) {
				props += 1 + fieldSize(key) + fieldSize(one);
			}
		}
		variable += varIntSize(props) + props;
	}
	const remaining = variable + shape.payload.length;
	return 1 + varIntSize(remaining) + remaining;
}

/**
 * Why the broker would refuse this publish, judged from its CONNACK (MQTT 5 §3.2.2.3): packet
 * size, QoS, retain and topic alias limits. Undefined when it fits or nothing is known.
 */
export function checkAgainstLimits(
	shape: PublishShape,
	protocolVersion: 4 | 5,
	limits: BrokerLimits | undefined
): string | undefined {
	if (!limits) return undefined;
	const maxSize = limits.maximumPacketSize;
	if (maxSize !== undefined) {
		const size = publishPacketSize(shape, protocolVersion);
		if (size > maxSize) {
			return `This message is ${size.toLocaleString('en')} bytes; the broker accepts at most ${maxSize.toLocaleString('en')} bytes per packet (from CONNACK).`;
		}
	}
	if (limits.maximumQoS !== undefined && shape.qos > limits.maximumQoS) {
		return `The broker accepts at most QoS ${limits.maximumQoS} (from CONNACK): choose QoS ${limits.maximumQoS} or lower.`;
	}
	if (shape.retain && limits.retainAvailable === false) {
		return 'The broker does not keep retained messages (Retain Available is 0 in CONNACK): untick Retain.';
	}
	const alias = shape.properties?.topicAlias;
	if (alias !== undefined) {
		// MQTT 5 §3.2.2.3.8: absent means 0, i.e. no aliases accepted.
		const max = limits.topicAliasMaximum ?? 0;
		if (max === 0) {
			return 'The broker accepts no topic aliases (Topic Alias Maximum is 0 in CONNACK): clear the topic alias.';
		}
		if (alias > max) {
			return `Topic alias ${alias} is above the broker's maximum of ${max} (from CONNACK).`;
		}
	}
	return undefined;
}
