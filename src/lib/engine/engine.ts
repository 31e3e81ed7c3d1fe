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
import type {
	SeriesOverview,
	SeriesOverviewQuery,
	SeriesPage,
	SeriesQuery
} from '$lib/shared/charts/series-query';
import type { AlertLogEntry, AlertRule } from '$lib/shared/alerts/alert-rules';
import type { LatestBackfill, LatestSpec, LiveSpec } from '$lib/shared/live/live-spec';
import type { Profile, SubscriptionSpec } from '$lib/shared/profile/profile';
import type { Database } from '$lib/storage/db';
import * as messages from '$lib/storage/messages';
import { removeJournal, settleJournal } from '$lib/storage/journal-settle';
import { EventChannel } from './event-channel';
import type { ProfileRuntime } from './profile-runtime';
import type { TopicIndex } from './topic-index';
import type { Session } from './session';

/** The MQTT side of the engine, fetched on first use (see live.ts). */
const live = () => import('./live');

/** Protobuf and Sparkplug decoding (and protobufjs), fetched only when a payload needs them. */
const protobuf = () => import('./protobuf');
const sparkplug = () => import('./sparkplug');
const sparkplugTopics = () => import('$lib/shared/payload/sparkplug-topic');

/** Readers no first page uses (filtered list, tiles, jump to a time), fetched on first use. */
const filteredReader = () => import('./query');
const latestReader = () => import('./latest-read');
const timeFinder = () => import('$lib/storage/history-time');

/** Erasing a profile's rows, fetched when a profile is deleted. */
const eraser = () => import('$lib/storage/profile-erase');

/**
 * A profile's runtime (connection parts, topic index, alert watch, live registry), fetched on
 * the first command that needs one: the first page only reads history heads and hands over
 * alert rules, which wait in the engine until then.
 */
const runtimeModule = () => import('./profile-runtime');

/** The chart reader, fetched when the first chart opens. */
const seriesReader = () => import('./series-read');
const overviewReader = () => import('./series-overview');

/** Export and import (and their file formats), fetched when a transfer starts. */
const exporter = () => import('./export');
const importer = () => import('./import');

/** Birth certificates looked at per topic when resolving aliases (the newest first). */
const BIRTHS_SCANNED = 16;

/**
 * How long batch events may wait for the next while no live list is on screen. Charts, tiles
 * and counts then change four times a second, as fast as a tile shows values; ten deliveries
 * a second each cost the page a rendering pass and starved a busy dashboard's frames.
 */
const UNLISTED_BATCH_DELAY_MS = 250;

/** Retained topics are cleared this many at a time, so progress moves and memory stays flat. */
const CLEAR_CHUNK = 50;

/** The engine behind the worker boundary: one runtime per profile it holds anything for. */
export class Engine implements EngineApi {
	#db: Promise<Database>;
	#events = new EventChannel(UNLISTED_BATCH_DELAY_MS);
	#pageProtocol: string;
	#exports = new Map<string, AbortController>();
	/** Sessions, topic trees, alert watches and the rest, per profile (see profile-runtime.ts). */
	#runtimes = new Map<string, ProfileRuntime>();
	/** Alert rules handed over for a profile that has no runtime yet; its runtime takes them. */
	#pendingAlerts = new Map<string, AlertRule[]>();
	/** The profile whose live message list the page shows (see `showLiveRows`). */
	#liveRowsFor: string | null = null;

	constructor(db: Promise<Database>, pageProtocol: string) {
		this.#db = db;
		this.#pageProtocol = pageProtocol;
	}

	listen(listener: EngineListener): void {
		this.#events.listen(listener);
	}

	async ping(): Promise<true> {
		return true;
	}

	async warmUp(): Promise<void> {
		await Promise.all([runtimeModule(), seriesReader(), overviewReader(), latestReader()]);
		// e2e tests check that opening a chart after this fetches no more of the worker's code.
		performance.mark('engine-warm-up');
	}

	async connect(profile: Profile, password: string, offlineSince?: number): Promise<void> {
		await (await this.#runtime(profile.id)).connect(profile, password, offlineSince);
	}

	async disconnect(profileId: string): Promise<void> {
		await this.#runtimes.get(profileId)?.stop();
	}

	async connectedProfiles(): Promise<string[]> {
		return [...this.#runtimes.values()].filter((r) => r.session).map((r) => r.profileId);
	}

	async retryNow(profileId: string): Promise<void> {
		this.#runtimes.get(profileId)?.session?.retryNow();
	}

	async checkAlive(profileId: string, awaySince?: number): Promise<void> {
		this.#runtimes.get(profileId)?.session?.checkAlive(awaySince);
	}

	async subscribe(profileId: string, spec: SubscriptionSpec): Promise<SubscribeResult> {
		const session = this.#runtimes.get(profileId)?.session;
		if (!session) return { filter: spec.filter, granted: null, reason: 'Not connected.' };
		return session.subscribe(spec);
	}

	async unsubscribe(profileId: string, filter: string): Promise<void> {
		await this.#runtimes.get(profileId)?.session?.unsubscribe(filter);
	}

	async publish(profileId: string, request: PublishRequest): Promise<number> {
		return this.#session(profileId).publish(request).id;
	}

	async request(profileId: string, spec: RequestSpec): Promise<RequestResult> {
		const session = this.#runtimes.get(profileId)?.session;
		if (!session) return { ok: false, reason: 'Not connected.' };
		return (await live()).sendRequest(session, spec);
	}

	async scanRetained(profileId: string, filter: string): Promise<RetainedScan> {
		const session = this.#session(profileId);
		return (await live()).scanRetained(session.nodeProfile, session.password, filter);
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
		const runtime = this.#runtimes.get(profileId);
		if (!on && !runtime) return;
		await (await this.#runtime(profileId)).watchSys(on);
	}

	async deleteProfile(profileId: string): Promise<void> {
		const runtime = this.#runtimes.get(profileId);
		this.#runtimes.delete(profileId);
		this.#pendingAlerts.delete(profileId);
		// Its session's last writes (history, in-flight packets, alert log) land before the erase,
		// so none of them is left behind.
		await runtime?.dispose();
		const { eraseProfile } = await eraser();
		await eraseProfile(await this.#db, profileId);
		await removeJournal(profileId).catch((error) =>
			console.warn('The deleted profile’s journal file stays', error)
		);
	}

	async historyHead(profileId: string): Promise<HistoryHead> {
		return messages.readHead(await this.#history(profileId), profileId);
	}

	async readPage(query: HistoryPageQuery): Promise<MessageRecord[]> {
		return messages.readPage(await this.#history(query.profileId), query);
	}

	async showLiveRows(profileId: string | null): Promise<void> {
		this.#liveRowsFor = profileId;
		this.#events.paceBatches(profileId === null ? UNLISTED_BATCH_DELAY_MS : 0);
	}

	async positionAtTime(profileId: string, time: number): Promise<number | undefined> {
		const { positionAtTime } = await timeFinder();
		return positionAtTime(await this.#history(profileId), profileId, time);
	}

	async readTopic(query: TopicQuery): Promise<MessageRecord[]> {
		return messages.readTopic(await this.#history(query.profileId), query);
	}

	async clearHistory(profileId: string): Promise<void> {
		const { total } = await this.historyHead(profileId);
		await messages.clearHistory(await this.#history(profileId), profileId);
		const runtime = this.#runtimes.get(profileId);
		runtime?.resetTopics();
		// Charts, tiles and lists start over; a live session's ids go on from where they were.
		const ingest = runtime?.ingest;
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
		return (await this.#runtime(profileId)).topics();
	}

	async readSeries(query: SeriesQuery): Promise<SeriesPage> {
		const { readSeries } = await seriesReader();
		return readSeries(await this.#history(query.profileId), query);
	}

	async readSeriesOverview(query: SeriesOverviewQuery): Promise<SeriesOverview> {
		const { readSeriesOverview } = await overviewReader();
		return readSeriesOverview(await this.#history(query.profileId), query);
	}

	async watchLive(profileId: string, spec: LiveSpec): Promise<string> {
		return (await this.#runtime(profileId)).live.watch(spec);
	}

	async unwatchLive(profileId: string, id: string): Promise<void> {
		this.#runtimes.get(profileId)?.live.unwatch(id);
	}

	async readLatest(profileId: string, spec: LatestSpec, upToId: number): Promise<LatestBackfill> {
		const { readLatest } = await latestReader();
		return readLatest(await this.#history(profileId), profileId, spec, upToId);
	}

	async setAlerts(profileId: string, rules: AlertRule[]): Promise<void> {
		const runtime = this.#runtimes.get(profileId);
		if (runtime) runtime.setAlerts(rules);
		else this.#pendingAlerts.set(profileId, rules);
	}

	async alertLog(profileId: string, limit: number): Promise<AlertLogEntry[]> {
		return (await this.#runtime(profileId)).alerts.log(limit);
	}

	async clearAlertLog(profileId: string): Promise<void> {
		await (await this.#runtime(profileId)).alerts.clearLog();
	}

	async clearTopic(profileId: string, topic: string): Promise<number> {
		const removed = await messages.clearTopic(await this.#history(profileId), profileId, topic);
		const runtime = this.#runtimes.get(profileId);
		runtime?.resetTopics(); // rebuilt from what history still holds
		const ingest = runtime?.ingest;
		const head = ingest ? ingest.removed(removed) : await this.historyHead(profileId);
		this.#events.emit({ type: 'history-pruned', profileId, head, removed, reason: 'cleared' });
		return removed;
	}

	async readFiltered(query: FilteredPageQuery): Promise<FilteredPage> {
		const { readFiltered } = await filteredReader();
		return readFiltered(await this.#history(query.profileId), query);
	}

	async exportHistory(spec: ExportSpec, sink: ExportSink): Promise<TransferResult> {
		const cancel = new AbortController();
		this.#exports.set(spec.id, cancel);
		try {
			const { exportHistory } = await exporter();
			return await exportHistory(await this.#history(spec.profileId), spec, sink, cancel.signal);
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
		if (this.#runtimes.get(profileId)?.session) {
			throw new Error('Disconnect this connection before importing into it.');
		}
		const { importHistory } = await importer();
		const result = await importHistory(await this.#history(profileId), profileId, file, progress);
		this.#runtimes.get(profileId)?.resetTopics();
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
		const { birthTopicsFor, parseSparkplugTopic } = await sparkplugTopics();
		const topic = parseSparkplugTopic(message.topic);
		if (!topic) return { error: 'Not a Sparkplug B topic (spBv1.0/group/type/edge[/device]).' };
		const births = async () => {
			const db = await this.#history(profileId);
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

	/**
	 * The database, once the profile's journal (its newest small batches, see
	 * history-journal.ts) is in it: every read of a profile's history starts here.
	 */
	async #history(profileId: string): Promise<Database> {
		const db = await this.#db;
		await settleJournal(db, profileId);
		return db;
	}

	#session(profileId: string): Session {
		const session = this.#runtimes.get(profileId)?.session;
		if (!session) throw new Error('Not connected: connect first.');
		return session;
	}

	/** The profile's runtime, made on first need. */
	async #runtime(profileId: string): Promise<ProfileRuntime> {
		const [db, { ProfileRuntime }] = await Promise.all([this.#db, runtimeModule()]);
		let runtime = this.#runtimes.get(profileId);
		if (!runtime) {
			runtime = new ProfileRuntime({
				db,
				profileId,
				emit: (event) => this.#events.emit(event),
				pageProtocol: this.#pageProtocol,
				rowsWanted: () => this.#liveRowsFor === profileId
			});
			this.#runtimes.set(profileId, runtime);
			const rules = this.#pendingAlerts.get(profileId);
			this.#pendingAlerts.delete(profileId);
			if (rules) runtime.setAlerts(rules);
		}
		return runtime;
	}
}
