/**
 * The contract between the UI thread and the engine worker: every command the UI can send
 * and every event the engine emits. Nothing else crosses the boundary.
 */
import type { Profile, QoS, SubscriptionSpec } from './profile';

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

/** Where a session is in its life. */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

/** What the UI shows about a profile's connection. */
export interface ConnectionStatus {
	profileId: string;
	state: ConnectionState;
	/** Why the connection failed or ended, in words a user understands. */
	reason?: string;
	/** What the user can do about it. */
	hint?: string;
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
	/** Granted QoS, or null when the broker refused the subscription. */
	granted: QoS | null;
	/** Why the broker refused, in words. */
	reason?: string;
}

/** A message the user asks to publish. */
export interface PublishRequest {
	topic: string;
	payload: Uint8Array;
	qos: QoS;
	retain: boolean;
	properties?: MessageProperties;
}

/** A request (MQTT 5 request/response): publish with a response topic, wait for the answer. */
export interface RequestSpec {
	topic: string;
	payload: Uint8Array;
	qos: QoS;
	responseTopic: string;
	correlationData: Uint8Array;
	timeoutMs: number;
	properties?: MessageProperties;
}

/** How a request ended. */
export type RequestResult =
	{ ok: true; roundTripMs: number; response: MessageRecord } | { ok: false; reason: string };

/** The retained messages found under a filter. */
export interface RetainedScan {
	filter: string;
	topics: { topic: string; size: number }[];
}

/** One reading of the broker's $SYS topics (Mosquitto and others that publish them). */
export interface SysSnapshot {
	profileId: string;
	/** Latest value of each $SYS topic seen, as text. */
	values: Record<string, string>;
	/** When the snapshot was taken. */
	time: number;
}

/** A page of a profile's history, newest first. */
export interface HistoryPageQuery {
	profileId: string;
	/** Only records with id ≤ this: pins the page to a snapshot so appends do not shift it. */
	maxId: number;
	/** How many records (newest first, from maxId down) to skip. */
	skip: number;
	limit: number;
}

/** The newest records of one topic after a given id, oldest first (for charts). */
export interface TopicQuery {
	profileId: string;
	topic: string;
	/** Only records with id > afterId. */
	afterId: number;
	limit: number;
}

/** Size of a profile's history at a moment: `total` records, the newest being `lastId`. */
export interface HistoryHead {
	total: number;
	lastId: number;
}

/** Events the engine emits; the UI receives them in arrays, coalesced. */
export type EngineEvent =
	| { type: 'status'; status: ConnectionStatus }
	| {
			/** Records just committed to IndexedDB (at most a few times a second). */
			type: 'messages';
			profileId: string;
			head: HistoryHead;
			/** The newest records of this batch (capped; older ones are read from history). */
			newest: MessageRecord[];
	  }
	| {
			type: 'publish-state';
			profileId: string;
			id: number;
			state: PublishState;
			reason?: string;
	  }
	| { type: 'subscriptions'; profileId: string; results: SubscribeResult[] }
	| { type: 'sys'; snapshot: SysSnapshot }
	| {
			/** $SYS could not be watched, or the broker published nothing there. */
			type: 'sys-unavailable';
			profileId: string;
			reason: string;
	  }
	| {
			/** Progress of a long operation such as a bulk clear of retained topics. */
			type: 'progress';
			profileId: string;
			task: string;
			done: number;
			total: number;
	  }
	| { type: 'storage-error'; message: string }
	| {
			/** The oldest history was removed: by the retention policy, or because storage was full. */
			type: 'history-pruned';
			profileId: string;
			head: HistoryHead;
			removed: number;
			reason: 'retention' | 'quota';
	  };

/** Receives coalesced engine events. */
export type EngineListener = (events: EngineEvent[]) => void;

/** Commands the UI sends to the engine worker. */
export interface EngineApi {
	/** Registers the single listener that receives every event. */
	listen(listener: EngineListener): void;
	/** Opens a session for the profile; the password is passed separately (never stored unless remembered). */
	connect(profile: Profile, password: string): Promise<void>;
	/** Ends the session cleanly (DISCONNECT) and stops reconnecting. */
	disconnect(profileId: string): Promise<void>;
	/** Skips the reconnect wait and tries again now. */
	retryNow(profileId: string): Promise<void>;
	/** Subscribes and returns the broker's answer. */
	subscribe(profileId: string, spec: SubscriptionSpec): Promise<SubscribeResult>;
	/** Unsubscribes a filter. */
	unsubscribe(profileId: string, filter: string): Promise<void>;
	/** Publishes; returns the id of the stored record whose state follows in events. */
	publish(profileId: string, request: PublishRequest): Promise<number>;
	/** Publishes a request and waits for the response with the same correlation data. */
	request(profileId: string, spec: RequestSpec): Promise<RequestResult>;
	/** Lists the retained messages under a filter (a separate short-lived client looks). */
	scanRetained(profileId: string, filter: string): Promise<RetainedScan>;
	/** Clears retained messages by publishing an empty retained payload to each topic. */
	clearRetained(profileId: string, topics: string[]): Promise<number>;
	/** Starts or stops watching $SYS/# for the broker panel (a separate client, not stored). */
	watchSys(profileId: string, on: boolean): Promise<void>;
	/** Checks the connection now (page visible again, network back) and replaces it if dead. */
	checkAlive(profileId: string): Promise<void>;
	/** Current size of a profile's history. */
	historyHead(profileId: string): Promise<HistoryHead>;
	/** A page of history, newest first. */
	readPage(query: HistoryPageQuery): Promise<MessageRecord[]>;
	/** Records of one topic after an id, oldest first. */
	readTopic(query: TopicQuery): Promise<MessageRecord[]>;
	/** Deletes a profile's whole history. */
	clearHistory(profileId: string): Promise<void>;
}
