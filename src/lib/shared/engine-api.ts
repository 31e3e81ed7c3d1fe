/**
 * The contract between the UI thread and the engine worker: every command the UI can send
 * and every event the engine emits. Nothing else crosses the boundary.
 */
import type { AlertLogEntry, AlertRule } from './alerts/alert-rules';
import type { Profile, QoS, SubscriptionSpec } from './profile/profile';
import type { SeriesSpec } from './charts/series';

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

/** Which messages a filtered view or an export covers; every field set must match. */
export interface HistoryFilter {
	/** An MQTT topic filter (+ and # allowed). */
	topicFilter?: string;
	/** Text the payload must contain (UTF-8, case-insensitive). */
	text?: string;
	/** Time range, ms since the epoch, inclusive. */
	from?: number;
	to?: number;
	direction?: Direction;
	retained?: boolean;
	qos?: QoS[];
}

/** A page of matches, newest first, older than `beforeId` (cursor paging for filtered views). */
export interface FilteredPageQuery {
	profileId: string;
	filter: HistoryFilter;
	/** Only records with id < beforeId; Infinity for the newest. */
	beforeId: number;
	/** Only records with id > afterId: what arrived since a search (live updates). */
	afterId?: number;
	limit: number;
}

/** A page of matches and where the next page starts; `done` when history has no more. */
export interface FilteredPage {
	records: MessageRecord[];
	nextBeforeId: number;
	done: boolean;
	/** How many stored records were looked at (for "searched N messages"). */
	scanned: number;
}

/** File formats history can be exported in. */
export type ExportFormat = 'ndjson' | 'csv' | 'json';

/** What to export: a profile's history, optionally filtered. */
export interface ExportSpec {
	/** Chosen by the UI, so it can cancel the export. */
	id: string;
	profileId: string;
	format: ExportFormat;
	filter?: HistoryFilter;
}

/** Receives an export as it is produced: file bytes in order, with progress. */
export type ExportSink = (chunk: Uint8Array, progress: { done: number; total: number }) => void;

/** How an export or import ended. */
export interface TransferResult {
	records: number;
	cancelled: boolean;
	/** Lines an import could not read, with the first problems in words. */
	skipped?: number;
	problems?: string[];
}

/** A topic tree row as shown: counts, last value preview, retained marker, rate. */
export interface TopicTreeRow {
	path: string;
	name: string;
	depth: number;
	hasChildren: boolean;
	expanded: boolean;
	/** Messages on exactly this topic. */
	count: number;
	/** Topics with messages below this level. */
	subtopics: number;
	lastTime: number;
	/** One line of the last payload. */
	preview: string;
	retained: boolean;
	/** Messages per second, averaged over about 10 s. */
	rate: number;
}

/** What a topic search looks in: the topic path, or the last payload of each topic. */
export type TopicSearchBy = 'topic' | 'payload';

/** The rows of a topic tree on screen, and its size. */
export interface TopicTreePage {
	rows: TopicTreeRow[];
	/** Rows in all with these levels expanded (for the scroll height). */
	total: number;
	/** Distinct topics seen. */
	topics: number;
	/** Still reading stored history into the tree. */
	building: boolean;
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

/** Points of series read from history, newest records first (for charts and tiles). */
export interface SeriesQuery {
	profileId: string;
	series: SeriesSpec[];
	/** Only records with id < beforeId; Infinity for the newest. */
	beforeId: number;
	/** Only records with id > afterId: what arrived since the last read (live updates). */
	afterId?: number;
	/** Most records looked at in one call; the UI asks again from `nextBeforeId`. */
	budget: number;
}

/** The points one topic gives one series, oldest first. */
export interface SeriesLine {
	/** Index of the series in the query. */
	series: number;
	topic: string;
	/** Ms since the epoch: the payload's own timestamp field when it has one, else arrival. */
	times: Float64Array;
	values: Float64Array;
	/** Arrival time of each point (gaps in the connection are in arrival time). */
	arrivals: Float64Array;
}

/** One read of series points, and where the next (older) read starts. */
export interface SeriesPage {
	lines: SeriesLine[];
	/** Times the connection was down, met in the records read (arrival time, ms). */
	gaps: { from: number; to: number }[];
	nextBeforeId: number;
	done: boolean;
	/** Newest id read (the `afterId` of the next live read); 0 when nothing was read. */
	lastId: number;
	/** Oldest id of the profile's history, so the UI can show how far back it has read. */
	firstId: number;
	scanned: number;
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
	| { type: 'topic-tree'; profileId: string }
	| {
			/** An alert fired (no `clearedAt`) or cleared; the entry is already in the alert log. */
			type: 'alert';
			entry: AlertLogEntry;
	  }
	| {
			/** The oldest history was removed: by the retention policy, or because storage was full. */
			type: 'history-pruned';
			profileId: string;
			head: HistoryHead;
			removed: number;
			/** 'import' also changes the history: the UI starts its window over the same way. */
			reason: 'retention' | 'quota' | 'import' | 'cleared';
	  };

/** A .proto schema and the message type to decode payloads as. */
export interface ProtoSchemaSpec {
	/** The .proto source text. */
	text: string;
	/** Fully qualified message type, e.g. "demo.Reading". */
	messageType: string;
}

/** A decoded payload, or why it could not be decoded (in words). */
export type DecodeResult = { value: unknown } | { error: string };

/** The message types a .proto defines, or where it fails to parse. */
export type ProtoTypesResult = { types: string[] } | { error: string };

/** One Sparkplug B metric, with its alias resolved to a name where a birth certificate says. */
export interface SparkplugMetric {
	/** The metric name: sent, or resolved from the birth's alias map; undefined if unknown. */
	name?: string;
	alias?: string;
	/** Whether the name came from a birth certificate rather than this message. */
	resolved: boolean;
	/** Sparkplug data type name, e.g. "Int32", "Double" (or the number if unknown). */
	datatype: string;
	/** The value as a display value (null when is_null). */
	value: unknown;
	/** Milliseconds since the epoch, if sent. */
	timestamp?: number;
}

/** A decoded Sparkplug B payload. */
export interface SparkplugPayload {
	/** Message type from the topic: NBIRTH, NDATA, DBIRTH, DDATA, NCMD, … */
	messageType: string;
	timestamp?: number;
	seq?: string;
	uuid?: string;
	metrics: SparkplugMetric[];
	/** Set when aliases were used but no birth certificate in history defines them. */
	note?: string;
}

/** A decoded Sparkplug B payload, or why not. */
export type SparkplugResult = { value: SparkplugPayload } | { error: string };

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
	/**
	 * Checks the connection now (page visible again, network back) and replaces it if dead.
	 * `awaySince`: when the page was hidden or frozen, for a quick check, an immediate reconnect
	 * and a gap marker from when the app stopped receiving.
	 */
	checkAlive(profileId: string, awaySince?: number): Promise<void>;
	/** Current size of a profile's history. */
	historyHead(profileId: string): Promise<HistoryHead>;
	/** A page of history, newest first. */
	readPage(query: HistoryPageQuery): Promise<MessageRecord[]>;
	/** Records of one topic after an id, oldest first. */
	readTopic(query: TopicQuery): Promise<MessageRecord[]>;
	/** Deletes a profile's whole history. */
	clearHistory(profileId: string): Promise<void>;
	/** Rows of the profile's topic tree with the given levels expanded. */
	topicTree(
		profileId: string,
		expanded: string[],
		offset: number,
		limit: number,
		/** Levels the tree would open by itself (its single-child chain) that the user closed. */
		closed?: string[]
	): Promise<TopicTreePage>;
	/**
	 * Topics whose path ('topic') or last payload as UTF-8 ('payload') contains the text
	 * (case-insensitive).
	 */
	searchTopics(profileId: string, text: string, by: TopicSearchBy): Promise<string[]>;
	/** Points of series from history (newest records first), paged by `nextBeforeId`. */
	readSeries(query: SeriesQuery): Promise<SeriesPage>;
	/** Replaces the alert rules the engine watches for a profile (while it is connected). */
	setAlerts(profileId: string, rules: AlertRule[]): Promise<void>;
	/** The profile's alert log, newest first. */
	alertLog(profileId: string, limit: number): Promise<AlertLogEntry[]>;
	/** Empties the profile's alert log. */
	clearAlertLog(profileId: string): Promise<void>;
	/** Deletes every stored message of one topic; returns how many. */
	clearTopic(profileId: string, topic: string): Promise<number>;
	/** A page of history matching a filter, newest first. */
	readFiltered(query: FilteredPageQuery): Promise<FilteredPage>;
	/** Streams a profile's history (or the filter's matches) in a file format to `sink`. */
	exportHistory(spec: ExportSpec, sink: ExportSink): Promise<TransferResult>;
	/** Stops an export started with this id. */
	cancelExport(id: string): Promise<void>;
	/** Reads an NDJSON export into a profile's history; progress in bytes read. */
	importHistory(
		profileId: string,
		file: Blob,
		progress: (done: number, total: number) => void
	): Promise<TransferResult>;
	/** The message types a .proto schema defines (parse errors in words, with the line). */
	protoTypes(text: string): Promise<ProtoTypesResult>;
	/** Decodes a payload as a protobuf message of the schema's type. */
	decodeProtobuf(schema: ProtoSchemaSpec, payload: Uint8Array): Promise<DecodeResult>;
	/**
	 * Decodes a Sparkplug B payload (topic spBv1.0/…); aliases in DATA/CMD messages are resolved
	 * from the newest NBIRTH/DBIRTH of the same edge node (and device) in the profile's history.
	 */
	decodeSparkplug(
		profileId: string,
		message: Pick<MessageRecord, 'id' | 'topic' | 'payload'>
	): Promise<SparkplugResult>;
}
