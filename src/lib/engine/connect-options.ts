import type { IClientOptions } from 'mqtt';
import type { MessageProperties } from '$lib/shared/mqtt/message';
import type { Profile, UserProperty } from '$lib/shared/profile/profile';

/** Turns a list of user properties into MQTT.js's map form (repeated keys become arrays). */
export function userPropertyMap(
	list: UserProperty[]
): Record<string, string | string[]> | undefined {
	if (!list.length) return undefined;
	const map: Record<string, string | string[]> = {};
	for (const { key, value } of list) {
		const existing = map[key];
		if (existing === undefined) map[key] = value;
		else map[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
	}
	return map;
}

/** Drops undefined entries so MQTT.js does not write empty properties. */
function compact<T extends object>(value: T): T | undefined {
	const entries = Object.entries(value).filter(([, v]) => v !== undefined && v !== '');
	return entries.length ? (Object.fromEntries(entries) as T) : undefined;
}

/** The MQTT.js connect options for a profile: everything except transport and stores. */
export function connectOptions(profile: Profile, password: string): IClientOptions {
	const v5 = profile.protocolVersion === 5;
	const will = profile.will;
	const options: IClientOptions = {
		protocolVersion: profile.protocolVersion,
		clientId: profile.clientId,
		clean: profile.cleanStart,
		keepalive: profile.keepalive,
		connectTimeout: profile.connectTimeout * 1000,
		username: profile.username || undefined,
		password: password || undefined,
		// Reconnecting is ours (exponential backoff, visible countdown); MQTT.js's period is fixed.
		reconnectPeriod: 0,
		// Subscriptions are restored by the session, and only when the broker kept none.
		resubscribe: false
	};
	if (v5) {
		options.properties = compact({
			// MQTT 5 §3.1.2.11.2: without an expiry the session ends at disconnect, clean start or not.
			sessionExpiryInterval: profile.sessionExpiryInterval || undefined,
			receiveMaximum: profile.receiveMaximum ?? undefined,
			maximumPacketSize: profile.maximumPacketSize ?? undefined,
			topicAliasMaximum: profile.topicAliasMaximum ?? undefined,
			requestResponseInformation: profile.requestResponseInformation || undefined,
			// Defaults to true on the wire; send it only to turn it off.
			requestProblemInformation: profile.requestProblemInformation ? undefined : false,
			userProperties: userPropertyMap(profile.userProperties)
		});
	}
	if (will.enabled) {
		options.will = {
			topic: will.topic,
			payload: new TextEncoder().encode(will.payload) as Buffer,
			qos: will.qos,
			retain: will.retain
		};
		if (v5) {
			const properties = compact({
				willDelayInterval: will.delayInterval || undefined,
				messageExpiryInterval: will.messageExpiryInterval || undefined,
				contentType: will.contentType || undefined,
				payloadFormatIndicator: will.payloadFormatIndicator || undefined,
				responseTopic: will.responseTopic || undefined,
				correlationData: will.correlationData
					? (new TextEncoder().encode(will.correlationData) as Buffer)
					: undefined,
				userProperties: userPropertyMap(will.userProperties)
			});
			if (properties) options.will.properties = properties;
		}
	}
	return options;
}

/** The MQTT.js publish properties for a message's MQTT 5 properties. */
export function publishProperties(
	properties: MessageProperties | undefined
): Record<string, unknown> | undefined {
	if (!properties) return undefined;
	return compact({
		contentType: properties.contentType,
		payloadFormatIndicator: properties.payloadFormatIndicator,
		messageExpiryInterval: properties.messageExpiryInterval,
		responseTopic: properties.responseTopic,
		correlationData: properties.correlationData,
		userProperties: properties.userProperties,
		topicAlias: properties.topicAlias
	});
}
