import type { QoS } from '../profile/profile';

/** Where a session is in its life. */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

/** What the UI shows about a profile's connection. */
export interface ConnectionStatus {
	profileId: string;
	state: ConnectionState;
	/**
	 * The broker node in use (connected), being tried (connecting, reconnecting) or last tried:
	 * one of the profile's URLs, which may list several nodes of a cluster.
	 */
	url?: string;
	/** Why the connection failed or ended, in words a user understands. */
	reason?: string;
	/** What the user can do about it. */
	hint?: string;
	/** Not connected here because another tab of the app holds this broker and client ID. */
	inAnotherTab?: boolean;
	/** From CONNACK: the broker kept a session for this client ID. */
	sessionPresent?: boolean;
	/** While reconnecting: when the next attempt starts (ms since the epoch) and its number. */
	retryAt?: number;
	attempt?: number;
	/** What the broker announced in CONNACK (MQTT 5 §3.2.2.3), while connected. */
	limits?: BrokerLimits;
}

/** Limits and features a broker announces in its CONNACK. */
export interface BrokerLimits {
	maximumPacketSize?: number;
	receiveMaximum?: number;
	topicAliasMaximum?: number;
	maximumQoS?: QoS;
	retainAvailable?: boolean;
	wildcardSubscriptionAvailable?: boolean;
	subscriptionIdentifiersAvailable?: boolean;
	sharedSubscriptionAvailable?: boolean;
	serverKeepAlive?: number;
	assignedClientIdentifier?: string;
	responseInformation?: string;
	sessionExpiryInterval?: number;
}

/** The broker's answer to one subscription. */
export interface SubscribeResult {
	filter: string;
	/** Granted QoS, or null when the subscription was not made. */
	granted: QoS | null;
	/** Why it was not made, in words. */
	reason?: string;
	/**
	 * True when the broker itself said no (a SUBACK failure code). Otherwise a null grant means
	 * the answer never came (the connection dropped): the subscription is still wanted.
	 */
	refused?: boolean;
}
