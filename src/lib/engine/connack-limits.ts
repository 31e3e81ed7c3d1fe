import type { IConnackPacket } from 'mqtt';
import type { BrokerLimits } from '$lib/shared/mqtt/connection-status';
import type { QoS } from '$lib/shared/profile/profile';

/** What the broker announced in CONNACK (MQTT 5 §3.2.2.3); empty for MQTT 3.1.1. */
export function brokerLimits(connack: IConnackPacket): BrokerLimits | undefined {
	const p = connack.properties;
	if (!p) return undefined;
	const limits: BrokerLimits = {
		maximumPacketSize: p.maximumPacketSize,
		receiveMaximum: p.receiveMaximum,
		topicAliasMaximum: p.topicAliasMaximum,
		maximumQoS: p.maximumQoS as QoS | undefined,
		retainAvailable: p.retainAvailable,
		wildcardSubscriptionAvailable: p.wildcardSubscriptionAvailable,
		subscriptionIdentifiersAvailable: p.subscriptionIdentifiersAvailable,
		sharedSubscriptionAvailable: p.sharedSubscriptionAvailable,
		serverKeepAlive: p.serverKeepAlive,
		assignedClientIdentifier: p.assignedClientIdentifier,
		responseInformation: p.responseInformation,
		sessionExpiryInterval: p.sessionExpiryInterval
	};
	return Object.fromEntries(
		Object.entries(limits).filter(([, v]) => v !== undefined)
	) as BrokerLimits;
}
