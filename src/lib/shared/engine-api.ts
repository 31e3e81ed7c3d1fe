/**
 * The contract between the UI thread and the engine worker: every command the UI can send
 * and every event the engine emits, grouped by domain. Nothing else crosses the boundary; the
 * types the commands carry live in their domain's folder under src/lib/shared.
 */
import type { AlertLogEntry, AlertRule } from './alerts/alert-rules';
import type { SysSnapshot } from './broker/sys-snapshot';
import type {
	SeriesOverview,
	SeriesOverviewQuery,
	SeriesPage,
	SeriesQuery
} from './charts/series-query';
import type {
	FilteredPage,
	FilteredPageQuery,
	HistoryHead,
	HistoryPageQuery,
	TopicQuery
} from './history/history-query';
import type { ExportSink, ExportSpec, TransferResult } from './history/transfer';
import type { LatestBackfill, LatestSpec, LiveSpec, LiveUpdate } from './live/live-spec';
import type { ConnectionStatus, SubscribeResult } from './mqtt/connection-status';
import type { MessageRecord, PublishRequest, PublishState } from './mqtt/message';
import type { RequestResult, RequestSpec } from './mqtt/request-spec';
import type { RetainedScan } from './mqtt/retained-scan';
import type {
	DecodeResult,
	ProtoSchemaSpec,
	ProtoTypesResult,
	SparkplugResult
} from './payload/decode-result';
import type { Profile, SubscriptionSpec } from './profile/profile';
import type { TopicSearchBy, TopicTreePage } from './topics/topic-tree-page';

// ── Events ────────────────────────────────────────────────────────────────────────────────
// Every event names the profile it concerns at the top level (`profileId`), or null when it
// concerns the whole app, so the page can route events without knowing each event's shape.

/** Events about a profile's connection, subscriptions, publishes and broker. */
export type ConnectionEvent =
	| { type: 'status'; profileId: string; status: ConnectionStatus }
	| {
			type: 'publish-state';
			profileId: string;
			id: number;
			state: PublishState;
			reason?: string;
	  }
	| { type: 'subscriptions'; profileId: string; results: SubscribeResult[] }
	| { type: 'sys'; profileId: string; snapshot: SysSnapshot }
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
	  };

/** Events about a profile's stored history and its topic tree. */
export type HistoryEvent =
	| {
			/** Records just committed to IndexedDB (at most a few times a second). */
			type: 'messages';
			profileId: string;
			head: HistoryHead;
			/**
			 * The newest records of this batch (capped; older ones are read from history), only
			 * while the page shows the profile's live list (`showLiveRows`); empty otherwise.
			 */
			newest: MessageRecord[];
	  }
	| {
			/** The oldest history was removed: by the retention policy, or because storage was full. */
			type: 'history-pruned';
			profileId: string;
			head: HistoryHead;
			removed: number;
			/** 'import' also changes the history: the UI starts its window over the same way. */
			reason: 'retention' | 'quota' | 'import' | 'cleared';
	  }
	| { type: 'topic-tree'; profileId: string }
	| {
			/** Saving failed; null when no one profile is to blame. */
			type: 'storage-error';
			profileId: string | null;
			message: string;
	  };

/** Events about alert rules. */
export type AlertEvent = {
	/** An alert fired (no `clearedAt`) or cleared; the entry is already in the alert log. */
	type: 'alert';
	profileId: string;
	entry: AlertLogEntry;
};

/** Events about what views follow live (see shared/live/live-spec.ts). */
export type LiveEvent = {
	/** One committed batch, matched against every registration of the profile once. */
	type: 'live';
	profileId: string;
	/** Ids of the batch's first and last record: a view drops a batch its history read covered. */
	firstId: number;
	lastId: number;
	/** One update per registration the batch concerns. */
	updates: LiveUpdate[];
};

/** Events the engine emits; the UI receives them in arrays, coalesced. */
export type EngineEvent = ConnectionEvent | HistoryEvent | AlertEvent | LiveEvent;

/** The `type` names of engine events. */
export type EngineEventType = EngineEvent['type'];

/** The event of one type. */
export type EngineEventOf<T extends EngineEventType> = Extract<EngineEvent, { type: T }>;

/** Receives coalesced engine events. */
export type EngineListener = (events: EngineEvent[]) => void;

// ── Commands ──────────────────────────────────────────────────────────────────────────────

/** Connecting, subscribing, publishing and looking at the broker. */
export interface ConnectionCommands {
	/**
	 * Opens a session for the profile; the password is passed separately (never stored unless
	 * remembered). `offlineSince`: when an engine worker that stopped last recorded for it, so
	 * the first message carries the gap marker from then.
	 */
	connect(profile: Profile, password: string, offlineSince?: number): Promise<void>;
	/** Ends the session cleanly (DISCONNECT) and stops reconnecting. */
	disconnect(profileId: string): Promise<void>;
	/** Profiles with a session (connected or trying to be), so a restarted page can tell. */
	connectedProfiles(): Promise<string[]>;
	/** Skips the reconnect wait and tries again now. */
	retryNow(profileId: string): Promise<void>;
	/**
	 * Checks the connection now (page visible again, network back) and replaces it if dead.
	 * `awaySince`: when the page was hidden or frozen, for a quick check, an immediate reconnect
	 * and a gap marker from when the app stopped receiving.
	 */
	checkAlive(profileId: string, awaySince?: number): Promise<void>;
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
}

/** A profile as a whole. */
export interface ProfileCommands {
	/**
	 * Deletes a profile: ends its session, drops everything the engine holds for it and removes
	 * every row keyed by it from every store (profile, history, publishes, in-flight packets,
	 * dashboard, alert log, and any store added later), all or nothing.
	 */
	deleteProfile(profileId: string): Promise<void>;
}

/** Reading and clearing a profile's stored history and its topic tree. */
export interface HistoryCommands {
	/** Current size of a profile's history. */
	historyHead(profileId: string): Promise<HistoryHead>;
	/** A page of history, newest first. */
	readPage(query: HistoryPageQuery): Promise<MessageRecord[]>;
	/**
	 * Names the profile whose live message list is on screen (null: none). Only that profile's
	 * `messages` events carry the batch's newest records: a hidden list reads its rows from
	 * history when it shows again, instead of the page taking rows nobody sees on every batch.
	 * While none is on screen, batch events (`messages`, `live`) come together every 250 ms.
	 */
	showLiveRows(profileId: string | null): Promise<void>;
	/**
	 * Position from the oldest (0-based) of the newest record at or before a time (ms since the
	 * epoch); the oldest's when all are later; undefined for an empty history.
	 */
	positionAtTime(profileId: string, time: number): Promise<number | undefined>;
	/** Records of one topic after an id, oldest first. */
	readTopic(query: TopicQuery): Promise<MessageRecord[]>;
	/** A page of history matching a filter, newest first. */
	readFiltered(query: FilteredPageQuery): Promise<FilteredPage>;
	/** Deletes a profile's whole history. */
	clearHistory(profileId: string): Promise<void>;
	/** Deletes every stored message of one topic; returns how many. */
	clearTopic(profileId: string, topic: string): Promise<number>;
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
}

/** Points for charts and tiles. */
export interface ChartCommands {
	/** Points of series from history (newest records first), paged by `nextBeforeId`. */
	readSeries(query: SeriesQuery): Promise<SeriesPage>;
	/** A bounded, bucketed look at series over a long range, drawn before the full read. */
	readSeriesOverview(query: SeriesOverviewQuery): Promise<SeriesOverview>;
}

/** What charts, tiles and lists follow live, matched by the engine after each commit. */
export interface LiveCommands {
	/**
	 * Starts following `spec` in the profile's committed batches ('live' events); returns the
	 * registration's id. What history held before is read separately, once.
	 */
	watchLive(profileId: string, spec: LiveSpec): Promise<string>;
	/** Ends a registration. */
	unwatchLive(profileId: string, id: string): Promise<void>;
	/**
	 * A tile's backfill: its values from history up to and including record `upToId`, read the
	 * same way as its live updates, so the page never parses a payload.
	 */
	readLatest(profileId: string, spec: LatestSpec, upToId: number): Promise<LatestBackfill>;
}

/** Alert rules and their log. */
export interface AlertCommands {
	/** Replaces the alert rules the engine watches for a profile (while it is connected). */
	setAlerts(profileId: string, rules: AlertRule[]): Promise<void>;
	/** The profile's alert log, newest first. */
	alertLog(profileId: string, limit: number): Promise<AlertLogEntry[]>;
	/** Empties the profile's alert log. */
	clearAlertLog(profileId: string): Promise<void>;
}

/** History files in and out. */
export interface TransferCommands {
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
}

/** Payload decoders that need the worker (schemas, history lookups). */
export interface DecodeCommands {
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

/** Commands the UI sends to the engine worker. */
export interface EngineApi
	extends
		ConnectionCommands,
		ProfileCommands,
		HistoryCommands,
		ChartCommands,
		LiveCommands,
		AlertCommands,
		TransferCommands,
		DecodeCommands {
	/** Registers the single listener that receives every event. */
	listen(listener: EngineListener): void;
	/** Answers at once: the page's heartbeat, to notice a worker that stopped. */
	ping(): Promise<true>;
	/**
	 * Loads the code a chart or a tile first asks of the worker (a profile's runtime, the series
	 * and latest-value readers), so the dashboard opened later waits for its data alone.
	 */
	warmUp(): Promise<void>;
}
