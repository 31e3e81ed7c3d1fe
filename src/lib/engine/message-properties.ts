import type { IPublishPacket } from 'mqtt';
import type { MessageProperties } from '$lib/shared/mqtt/message';

/** Copies MQTT 5 properties from a received packet into plain, cloneable values. */
export function toMessageProperties(
	p: NonNullable<IPublishPacket['properties']>
): MessageProperties | undefined {
	const out: MessageProperties = {};
	if (p.contentType !== undefined) out.contentType = p.contentType;
	if (p.payloadFormatIndicator !== undefined) out.payloadFormatIndicator = p.payloadFormatIndicator;
	if (p.messageExpiryInterval !== undefined) out.messageExpiryInterval = p.messageExpiryInterval;
	if (p.responseTopic !== undefined) out.responseTopic = p.responseTopic;
	if (p.correlationData !== undefined) out.correlationData = new Uint8Array(p.correlationData);
	if (p.userProperties !== undefined) out.userProperties = { ...p.userProperties };
	if (p.subscriptionIdentifier !== undefined) out.subscriptionIdentifier = p.subscriptionIdentifier;
	if (p.topicAlias !== undefined) out.topicAlias = p.topicAlias;
	return Object.keys(out).length ? out : undefined;
}
