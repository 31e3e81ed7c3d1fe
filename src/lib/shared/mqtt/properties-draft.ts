/**
 * The publish form's MQTT 5 properties as typed, turned into MessageProperties. Apart from
 * publish-draft.ts so that only MQTT 5 profiles load it, with the properties editor.
 */
import type { MessageProperties } from './message';
import { bytesToHex, decodeHex } from '../payload/payload-encoding';
import type { UserProperty } from '../profile/profile';

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
