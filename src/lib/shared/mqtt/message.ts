import type { QoS } from '../profile/profile';

/** Whether a message came from the broker or was published by this app. */
export type Direction = 'in' | 'out';

/** The fate of a message this app published. */
export type PublishState = 'pending' | 'sent' | 'acknowledged' | 'refused' | 'failed';

/** MQTT 5 message properties, as stored with a message. */
export interface MessageProperties {
	contentType?: string;
	payloadFormatIndicator?: boolean;
	messageExpiryInterval?: number;
	responseTopic?: string;
	correlationData?: Uint8Array;
	userProperties?: Record<string, string | string[]>;
	subscriptionIdentifier?: number | number[];
	/** Sent messages only: the topic alias used (MQTT 5 §3.3.2.3.4). */
	topicAlias?: number;
}

/** One received or sent message, as stored in IndexedDB and shown in the list. */
export interface MessageRecord {
	profileId: string;
	/** Increases with arrival order within a profile; with profileId it is the record's key. */
	id: number;
	direction: Direction;
	topic: string;
	payload: Uint8Array;
	qos: QoS;
	retain: boolean;
	dup: boolean;
	/** Milliseconds since the epoch when the message was received or sent. */
	time: number;
	properties?: MessageProperties;
	/** For sent messages: pending until the broker acknowledges QoS 1/2. */
	state?: PublishState;
	/** Why a publish was refused or failed, in words. */
	reason?: string;
	/**
	 * Received right after reconnecting to a session the broker kept: most likely queued by the
	 * broker while this client was offline.
	 */
	afterReconnect?: boolean;
	/** Sent messages only: published while reconnecting, held until the connection returned. */
	queuedOffline?: boolean;
	/**
	 * The first message after the connection was down: when it was down (ms since the epoch), so
	 * a missing reading can be told from a silent device.
	 */
	gapBefore?: { from: number; to: number };
}

/** A message the user asks to publish. */
export interface PublishRequest {
	topic: string;
	payload: Uint8Array;
	qos: QoS;
	retain: boolean;
	properties?: MessageProperties;
}
