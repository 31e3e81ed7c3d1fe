/**
 * The publish form's MQTT 5 properties as typed, turned into MessageProperties, and the checks
 * a publish must pass against what the broker announced in CONNACK before it is sent.
 */
import type { BrokerLimits } from './connection-status';
import type { MessageProperties } from './message';
import { bytesToHex, decodeHex } from '../payload/payload-encoding';
import type { QoS, UserProperty } from '../profile/profile';

/** MQTT 5 publish properties as the form holds them: text fields, empty meaning "not sent". */
export interface PropertiesDraft {
	contentType: string;
	/** Payload Format Indicator 1: the payload is UTF-8 text (MQTT 5 §3.3.2.3.2). */
	payloadFormatIndicator: boolean;
	/** Seconds, as typed. */
	messageExpiryInterval: string;
	topicAlias: string;
	responseTopic: string;
	correlationData: string;
	correlationFormat: 'text' | 'hex';
	userProperties: UserProperty[];
}

/** Properties ready to send, or why the draft cannot be sent. */
export type PropertiesResult = { properties: MessageProperties | undefined } | { error: string };

/** An empty draft: no properties are sent. */
export function emptyPropertiesDraft(): PropertiesDraft {
	return {
		contentType: '',
		payloadFormatIndicator: false,
		messageExpiryInterval: '',
		topicAlias: '',
		responseTopic: '',
		correlationData: '',
		correlationFormat: 'text',
		userProperties: []
	};
}

const encoder = new TextEncoder();

/** An integer in [min, max] from text, or an error naming the field. */
function integer(text: string, name: string, min: number, max: number): number | string {
	const trimmed = text.trim();
	const value = Number(trimmed);
	if (!/^\d+$/.test(trimmed) || value < min || value > max) {
		return `${name} must be a whole number from ${min.toLocaleString('en')} to ${max.toLocaleString('en')}.`;
	}
	return value;
}

/**
 * Converts the draft to MessageProperties; undefined when nothing is set. Repeated user
 * property keys become arrays, keeping their order (MQTT 5 §3.3.2.3.7 allows repeats).
 */
export function buildProperties(draft: PropertiesDraft): PropertiesResult {
	const properties: MessageProperties = {};
	if (draft.contentType) properties.contentType = draft.contentType;
	if (draft.payloadFormatIndicator) properties.payloadFormatIndicator = true;
	if (draft.messageExpiryInterval.trim()) {
		// MQTT 5 §3.3.2.3.3: a four byte integer.
		const value = integer(draft.messageExpiryInterval, 'Message expiry', 0, 0xffffffff);
		if (typeof value === 'string') return { error: value };
		properties.messageExpiryInterval = value;
	}
	if (draft.topicAlias.trim()) {
		// MQTT 5 §3.3.2.3.4: a two byte integer; 0 is not a valid alias.
		const value = integer(draft.topicAlias, 'Topic alias', 1, 0xffff);
		if (typeof value === 'string') return { error: value };
		properties.topicAlias = value;
	}
	if (draft.responseTopic) {
		// MQTT 5 §3.3.2.3.5: a topic name, so no wildcards.
		if (draft.responseTopic.includes('+') || draft.responseTopic.includes('#')) {
			return { error: 'The response topic is a topic name: it cannot contain "+" or "#".' };
		}
		properties.responseTopic = draft.responseTopic;
	}
	if (draft.correlationData) {
		if (draft.correlationFormat === 'hex') {
			const decoded = decodeHex(draft.correlationData);
			if ('error' in decoded) return { error: `Correlation data: ${decoded.error}` };
			properties.correlationData = decoded.bytes;
		} else {
			properties.correlationData = encoder.encode(draft.correlationData);
		}
	}
	const users: Record<string, string | string[]> = {};
	let anyUser = false;
	for (const { key, value } of draft.userProperties) {
		if (!key && !value) continue;
		if (!key) return { error: `The user property with value "${value}" needs a name.` };
		const previous = users[key];
		users[key] =
			previous === undefined
				? value
				: Array.isArray(previous)
					? [...previous, value]
					: [previous, value];
		anyUser = true;
	}
	if (anyUser) properties.userProperties = users;
	return { properties: Object.keys(properties).length ? properties : undefined };
}

/** The draft that produces these properties (for loading a past publish back into the form). */
export function draftFromProperties(properties: MessageProperties | undefined): PropertiesDraft {
	const draft = emptyPropertiesDraft();
	if (!properties) return draft;
	draft.contentType = properties.contentType ?? '';
	draft.payloadFormatIndicator = properties.payloadFormatIndicator ?? false;
	draft.messageExpiryInterval = properties.messageExpiryInterval?.toString() ?? '';
	draft.topicAlias = properties.topicAlias?.toString() ?? '';
	draft.responseTopic = properties.responseTopic ?? '';
	if (properties.correlationData) {
		const text = decodeUtf8(properties.correlationData);
		draft.correlationFormat = text === undefined ? 'hex' : 'text';
		draft.correlationData = text ?? bytesToHex(properties.correlationData);
	}
	for (const [key, value] of Object.entries(properties.userProperties ?? {})) {
		for (const one of Array.isArray(value) ? value : [value]) {
			draft.userProperties.push({ key, value: one });
		}
	}
	return draft;
}

const strict = new TextDecoder('utf-8', { fatal: true });

/** The bytes as text when they are valid UTF-8 without control characters; else undefined. */
function decodeUtf8(bytes: Uint8Array): string | undefined {
	try {
		const text = strict.decode(bytes);
		// eslint-disable-next-line no-control-regex -- control characters are what we look for
		return /[\u0000-\u0008\u000e-\u001f]/.test(text) ? undefined : text;
	} catch {
		return undefined;
	}
}

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
