import type { IDBPDatabase } from 'idb';
import type { EngineApi, EngineListener } from '$lib/shared/engine-api';
import type { ExportSink, ExportSpec, TransferResult } from '$lib/shared/history/transfer';
import type {
	FilteredPage,
	FilteredPageQuery,
	HistoryHead,
	HistoryPageQuery,
	TopicQuery
} from '$lib/shared/history/history-query';
import type { MessageRecord, PublishRequest } from '$lib/shared/mqtt/message';
import type { RequestResult, RequestSpec } from '$lib/shared/mqtt/request-spec';
import type { RetainedScan } from '$lib/shared/mqtt/retained-scan';
import type { SubscribeResult } from '$lib/shared/mqtt/connection-status';
import type { TopicSearchBy, TopicTreePage } from '$lib/shared/topics/topic-tree-page';
import type {
	DecodeResult,
	ProtoSchemaSpec,
	ProtoTypesResult,
	SparkplugResult
} from '$lib/shared/payload/decode-result';
import type { SeriesPage, SeriesQuery } from '$lib/shared/charts/series-query';
import type { AlertLogEntry, AlertRule } from '$lib/shared/alerts/alert-rules';
import { loadDashboard } from '$lib/storage/dashboards';
import { AlertWatches } from './alert-watches';
import { describeStorageError } from './storage-error';
import { readSeries } from './series-read';
import { birthTopicsFor, parseSparkplugTopic } from '$lib/shared/payload/sparkplug-topic';
import type { Profile, SubscriptionSpec } from '$lib/shared/profile/profile';
import type { ScopeDB } from '$lib/storage/db';
import * as messages from '$lib/storage/messages';
import { acquireClientLock } from './client-lock';
import { EventChannel } from './event-channel';
import { exportHistory } from './export';
import { HistoryKeeper } from './history-keeper';
import { importHistory } from './import';
import { readFiltered } from './query';
import { TopicIndex } from './topic-index';
import { Ingest } from './ingest';
import type { Session } from './session';

/** The MQTT side of the engine, fetched on first use (see live.ts). */
const live = () => import('./live');

/** Protobuf and Sparkplug decoding (and protobufjs), fetched only when a payload needs them. */
const protobuf = () => import('./protobuf');
const sparkplug = () => import('./sparkplug');

/** Birth certificates looked at per topic when resolving aliases (the newest first). */
const BIRTHS_SCANNED = 16;

/** Retained topics are cleared this many at a time, so progress moves and memory stays flat. */
const CLEAR_CHUNK = 50;

/** The engine behind the worker boundary: one session per connected profile. */
export class Engine implements EngineApi {
	#db: Promise<IDBPDatabase<ScopeDB>>;
	#events = new EventChannel();
	#sessions = new Map<string, Session>();
	#locks = new Map<string, () => void>();
	#sysWatchers = new Map<string, () => void>();
	#pageProtocol: string;
	#exports = new Map<string, AbortController>();
	/** Topic trees, per profile, built on first request. */
	#topics = new Map<string, TopicIndex>();
	/** The live ingest of each connected profile, whose head must follow deletions. */
	#ingests = new Map<string, Ingest>();
	/** Alert rules being watched, per profile (whether connected or not). */
	#alerts: AlertWatches;

	constructor(db: Promise<IDBPDatabase<ScopeDB>>, pageProtocol: string) {
		this.#db = db;
		this.#pageProtocol = pageProtocol;
		this.#alerts = new AlertWatches(db, (event) => this.#events.emit(event));
	}

	listen(listener: EngineListener): void {
		this.#events.listen(listener);
	}

	async connect(profile: Profile, password: string): Promise<void> {
		await this.disconnect(profile.id);
		const release = await acquireClientLock(profile.url, profile.clientId);
		if (!release) {
			this.#events.emit({
				type: 'status',
				profileId: profile.id,
				status: {
					profileId: profile.id,
					state: 'disconnected',
					reason: `Client ID “${profile.clientId}” is already connected to this broker from another mqtt-scope tab.`,
					hint: 'Close that connection first, or give this profile another client ID: a broker drops the older of two clients with the same ID.'
				}
			});
			return;
		}
		this.#locks.set(profile.id, release);
		const db = await this.#db;
		const keeper = new HistoryKeeper(db, profile.id, profile.retention, (removed, reason) => {
			const head = ingest.removed(removed);
			this.#events.emit({ type: 'history-pruned', profileId: profile.id, head, removed, reason });
		});
		const ingest: Ingest = new Ingest({
			head: await messages.readHead(db, profile.id),
			persist: (records, rewrites) => keeper.persist(records, rewrites),
			committed: (head, newest) => {
				this.#events.emit({ type: 'messages', profileId: profile.id, head, newest });
				keeper.check(Date.now(), head.total);
			},
			observe: (record) => {
				this.#topics.get(profile.id)?.live(record);
				this.#alerts.observe(profile.id, record);
			},
			failed: (error) =>
				this.#events.emit({
					type: 'storage-error',
					profileId: profile.id,
					message: `Messages could not be saved: ${describeStorageError(error)}`
				})
		});
		const { PersistentStore, Session } = await live();
		const stores = {
			incoming: new PersistentStore(db, profile.id, 'in', globalThis),
			outgoing: new PersistentStore(db, profile.id, 'out', globalThis)
		};
		await Promise.all([stores.incoming.load(), stores.outgoing.load()]);
		const session = new Session({
			profile,
			password,
			ingest,
			stores,
			pageProtocol: this.#pageProtocol,
			hooks: {
				status: (status) => {
					// Silence is counted only while connected: a profile never connected is not silent.
					// …and not while the connection is down: an outage is not every device falling
					// silent. Counting starts again once reconnected.
					if (status.state === 'connected') this.#alerts.connected(profile.id);
					else if (status.state !== 'connecting') this.#alerts.disconnected(profile.id);
					this.#events.emit({ type: 'status', profileId: profile.id, status });
				},
				publishState: (record) => this.#emitPublishState(record),
				subscriptions: (results) =>
					this.#events.emit({ type: 'subscriptions', profileId: profile.id, results }),
				resentAcknowledged: (recordId) =>
					void this.#markResentAcknowledged(ingest, profile.id, recordId)
			}
		});
		this.#sessions.set(profile.id, session);
		this.#ingests.set(profile.id, ingest);
		// A connected profile is watched for alerts whether or not the UI shows it: the rules
		// come from its saved dashboard unless the UI has already handed them over.
		if (!this.#alerts.has(profile.id)) {
			await this.setAlerts(profile.id, (await loadDashboard(db, profile.id)).alerts);
		}
		session.start();
	}

	async disconnect(profileId: string): Promise<void> {
		const session = this.#sessions.get(profileId);
		this.#sessions.delete(profileId);
		this.#ingests.delete(profileId);
		this.#sysWatchers.get(profileId)?.();
		this.#sysWatchers.delete(profileId);
		this.#alerts.disconnected(profileId);
		await session?.stop();
		this.#locks.get(profileId)?.();
		this.#locks.delete(profileId);
	}

	async connectedProfiles(): Promise<string[]> {
		return [...this.#sessions.keys()];
	}

	async ping(): Promise<true> {
		return true;
	}

	async retryNow(profileId: string): Promise<void> {
		this.#sessions.get(profileId)?.retryNow();
	}

	async checkAlive(profileId: string, awaySince?: number): Promise<void> {
		this.#sessions.get(profileId)?.checkAlive(awaySince);
	}

	async subscribe(profileId: string, spec: SubscriptionSpec): Promise<SubscribeResult> {
		const session = this.#sessions.get(profileId);
		if (!session) return { filter: spec.filter, granted: null, reason: 'Not connected.' };
		return session.subscribe(spec);
	}

	async unsubscribe(profileId: string, filter: string): Promise<void> {
		await this.#sessions.get(profileId)?.unsubscribe(filter);
	}

	async publish(profileId: string, request: PublishRequest): Promise<number> {
		return this.#session(profileId).publish(request).id;
	}

	async request(profileId: string, spec: RequestSpec): Promise<RequestResult> {
		const session = this.#sessions.get(profileId);
		if (!session) return { ok: false, reason: 'Not connected.' };
		return (await live()).sendRequest(session, spec);
	}

	async scanRetained(profileId: string, filter: string): Promise<RetainedScan> {
		const session = this.#session(profileId);
		return (await live()).scanRetained(session.profile, session.password, filter);
	}

	async clearRetained(profileId: string, topics: string[]): Promise<number> {
		const session = this.#session(profileId);
		let cleared = 0;
		const progress = () =>
			this.#events.emit({
				type: 'progress',
				profileId,
				task: 'clear-retained',
				done: cleared,
				total: topics.length
			});
		progress();
		for (let i = 0; i < topics.length; i += CLEAR_CHUNK) {
			// An empty retained message deletes the retained one (MQTT 5 §3.3.1.3); QoS 1 so that
			// "cleared" means the broker confirmed it.
			const chunk = topics
				.slice(i, i + CLEAR_CHUNK)
				.map(
					(topic) =>
						new Promise<MessageRecord>((resolve) =>
							session.publish({ topic, payload: new Uint8Array(0), qos: 1, retain: true }, resolve)
						)
				);
			const results = await Promise.all(chunk);
			cleared += results.filter((r) => r.state === 'acknowledged').length;
			progress();
			if (session.status.state !== 'connected') break;
		}
		return cleared;
	}

	async watchSys(profileId: string, on: boolean): Promise<void> {
		this.#sysWatchers.get(profileId)?.();
		this.#sysWatchers.delete(profileId);
		if (!on) return;
		const session = this.#session(profileId);
		const stop = (await live()).watchSys(session.profile, session.password, {
			snapshot: (snapshot) => this.#events.emit({ type: 'sys', profileId, snapshot }),
			unavailable: (reason) => this.#events.emit({ type: 'sys-unavailable', profileId, reason })
		});
		this.#sysWatchers.set(profileId, stop);
	}

	async historyHead(profileId: string): Promise<HistoryHead> {
		return messages.readHead(await this.#db, profileId);
	}

	async readPage(query: HistoryPageQuery): Promise<MessageRecord[]> {
		return messages.readPage(await this.#db, query);
	}

	async readTopic(query: TopicQuery): Promise<MessageRecord[]> {
		return messages.readTopic(await this.#db, query);
	}

	async clearHistory(profileId: string): Promise<void> {
		const { total } = await this.historyHead(profileId);
		await messages.clearHistory(await this.#db, profileId);
		this.#topics.delete(profileId);
		// Charts, tiles and lists start over; a live session's ids go on from where they were.
		const ingest = this.#ingests.get(profileId);
		const head = ingest ? ingest.removed(total) : await this.historyHead(profileId);
		this.#events.emit({
			type: 'history-pruned',
			profileId,
			head,
			removed: total,
			reason: 'cleared'
		});
	}

	async topicTree(
		profileId: string,
		expanded: string[],
		offset: number,
		limit: number,
		closed: string[] = []
	): Promise<TopicTreePage> {
		return (await this.#topicIndex(profileId)).page(expanded, offset, limit, closed);
	}

	async searchTopics(profileId: string, text: string, by: TopicSearchBy): Promise<string[]> {
		const { tree } = await this.#topicIndex(profileId);
		return by === 'payload' ? tree.searchPayloads(text) : tree.search(text);
	}

	async #topicIndex(profileId: string): Promise<TopicIndex> {
		let index = this.#topics.get(profileId);
		if (!index) {
			index = new TopicIndex(await this.#db, profileId, () =>
				this.#events.emit({ type: 'topic-tree', profileId })
			);
			this.#topics.set(profileId, index);
		}
		return index;
	}

	async readSeries(query: SeriesQuery): Promise<SeriesPage> {
		return readSeries(await this.#db, query);
	}

	async setAlerts(profileId: string, rules: AlertRule[]): Promise<void> {
		const connected = this.#sessions.get(profileId)?.status.state === 'connected';
		this.#alerts.set(profileId, rules, connected);
	}

	async alertLog(profileId: string, limit: number): Promise<AlertLogEntry[]> {
		return this.#alerts.log(profileId, limit);
	}

	async clearAlertLog(profileId: string): Promise<void> {
		await this.#alerts.clearLog(profileId);
	}

	async clearTopic(profileId: string, topic: string): Promise<number> {
		const removed = await messages.clearTopic(await this.#db, profileId, topic);
		this.#topics.delete(profileId); // rebuilt from what history still holds
		const ingest = this.#ingests.get(profileId);
		const head = ingest ? ingest.removed(removed) : await this.historyHead(profileId);
		this.#events.emit({ type: 'history-pruned', profileId, head, removed, reason: 'cleared' });
		return removed;
	}

	async readFiltered(query: FilteredPageQuery): Promise<FilteredPage> {
		return readFiltered(await this.#db, query);
	}

	async exportHistory(spec: ExportSpec, sink: ExportSink): Promise<TransferResult> {
		const cancel = new AbortController();
		this.#exports.set(spec.id, cancel);
		try {
			return await exportHistory(await this.#db, spec, sink, cancel.signal);
		} finally {
			this.#exports.delete(spec.id);
		}
	}

	async cancelExport(id: string): Promise<void> {
		this.#exports.get(id)?.abort();
	}

	async importHistory(
		profileId: string,
		file: Blob,
		progress: (done: number, total: number) => void
	): Promise<TransferResult> {
		// A live session owns the profile's ids: import only into a profile that is not connected.
		if (this.#sessions.has(profileId)) {
			throw new Error('Disconnect this connection before importing into it.');
		}
		const result = await importHistory(await this.#db, profileId, file, progress);
		this.#topics.delete(profileId);
		const head = await messages.readHead(await this.#db, profileId);
		this.#events.emit({ type: 'history-pruned', profileId, head, removed: 0, reason: 'import' });
		return result;
	}

	async protoTypes(text: string): Promise<ProtoTypesResult> {
		return (await protobuf()).protoTypes(text);
	}

	async decodeProtobuf(schema: ProtoSchemaSpec, payload: Uint8Array): Promise<DecodeResult> {
		return (await protobuf()).decodeProtobuf(schema, payload);
	}

	async decodeSparkplug(
		profileId: string,
		message: Pick<MessageRecord, 'id' | 'topic' | 'payload'>
	): Promise<SparkplugResult> {
		const topic = parseSparkplugTopic(message.topic);
		if (!topic) return { error: 'Not a Sparkplug B topic (spBv1.0/group/type/edge[/device]).' };
		const births = async () => {
			const db = await this.#db;
			const found: Uint8Array[] = [];
			for (const birthTopic of birthTopicsFor(topic)) {
				const records = await messages.readTopic(db, {
					profileId,
					topic: birthTopic,
					afterId: 0,
					limit: BIRTHS_SCANNED
				});
				// The birth in force when the message arrived: the newest one before it.
				const before = records.filter((r) => r.id < message.id).at(-1) ?? records.at(-1);
				if (before) found.push(before.payload);
			}
			return found;
		};
		return (await sparkplug()).decodeSparkplug(topic, message.payload, births);
	}

	#session(profileId: string): Session {
		const session = this.#sessions.get(profileId);
		if (!session) throw new Error('Not connected: connect first.');
		return session;
	}

	#emitPublishState(record: MessageRecord): void {
		this.#events.emit({
			type: 'publish-state',
			profileId: record.profileId,
			id: record.id,
			state: record.state ?? 'sent',
			reason: record.reason
		});
	}

	async #markResentAcknowledged(ingest: Ingest, profileId: string, recordId: number) {
		const record = await messages.readRecord(await this.#db, profileId, recordId);
		if (!record) return;
		record.state = 'acknowledged';
		record.reason = 'Resent after a reload and acknowledged.';
		ingest.rewrite(record);
		this.#emitPublishState(record);
	}
}
