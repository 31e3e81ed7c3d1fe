import type { AlertRule } from '$lib/shared/alerts/alert-rules';
import type { EngineEvent } from '$lib/shared/engine-api';
import type { LiveUpdate } from '$lib/shared/live/live-spec';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import type { Profile } from '$lib/shared/profile/profile';
import type { Database } from '$lib/storage/db';
import { loadDashboard } from '$lib/storage/dashboards';
import { settleJournal } from '$lib/storage/journal-settle';
import * as messages from '$lib/storage/messages';
import { acquireClientLock } from './client-lock';
import { HistoryKeeper } from './history-keeper';
import { Ingest } from './ingest';
import { LiveRegistry } from './live-registry';
import { ProfileAlerts } from './profile-alerts';
import type { Session } from './session';
import { describeUnsavedMessages } from './storage-error';
import { TopicIndex } from './topic-index';

/**
 * How long a connect after an engine restart waits for the client-ID lock: the ended worker
 * lets go of it only a moment after it was terminated.
 */
const RESTART_LOCK_WAIT_MS = 5000;

/** The MQTT side of the engine (mqtt.js and what needs it), loaded on the first connect. */
export type LiveModule = typeof import('./live');

/** What a profile runtime needs from the engine around it. */
export interface ProfileRuntimeOptions {
	db: Database;
	profileId: string;
	emit: (event: EngineEvent) => void;
	/** The page's protocol (http: or https:), for the connection hints. */
	pageProtocol: string;
	/** Loads mqtt.js and the session (passed in so tests can count what is started). */
	live?: () => Promise<LiveModule>;
	/** Takes the broker + client ID lock; undefined when another tab holds it. */
	lock?: typeof acquireClientLock;
	/** Whether the page shows this profile's live list, so `messages` events carry rows. */
	rowsWanted?: () => boolean;
}

/** A connection's parts, which live and end together. */
interface Connection {
	session: Session;
	ingest: Ingest;
	keeper: HistoryKeeper;
	releaseLock: () => void;
}

/**
 * Everything the engine holds for one profile: its connection (session, ingest, history
 * keeper, client-ID lock), its $SYS watch, its topic index and its alert watch. The engine keeps
 * one per profile it has anything for; `stop()` ends the connection, `dispose()` lets go of
 * everything, so no cleanup path has to remember a part.
 */
export class ProfileRuntime {
	readonly profileId: string;
	#options: Required<ProfileRuntimeOptions>;
	#connection: Connection | undefined;
	#stopSys: (() => void) | undefined;
	#topics: TopicIndex | undefined;
	readonly alerts: ProfileAlerts;
	/** What the profile's charts, tiles and lists follow live; kept across connections. */
	readonly live = new LiveRegistry();

	constructor(options: ProfileRuntimeOptions) {
		this.#options = {
			live: () => import('./live'),
			lock: acquireClientLock,
			rowsWanted: () => true,
			...options
		};
		this.profileId = options.profileId;
		this.alerts = new ProfileAlerts(options.db, options.profileId, options.emit);
	}

	/** The live session, while connected or trying to be. */
	get session(): Session | undefined {
		return this.#connection?.session;
	}

	/** The live ingest, whose head must follow deletions. */
	get ingest(): Ingest | undefined {
		return this.#connection?.ingest;
	}

	/** Whether the $SYS watch runs. */
	get watchingSys(): boolean {
		return this.#stopSys !== undefined;
	}

	/** The topic index, built from history on first use and fed by the live session. */
	topics(): TopicIndex {
		this.#topics ??= new TopicIndex(this.#options.db, this.profileId, () =>
			this.#options.emit({ type: 'topic-tree', profileId: this.profileId })
		);
		return this.#topics;
	}

	/** Drops the topic index, to be rebuilt from what history still holds. */
	resetTopics(): void {
		this.#topics?.dispose();
		this.#topics = undefined;
	}

	/** Replaces the alert rules watched. */
	setAlerts(rules: AlertRule[]): void {
		this.alerts.set(rules, this.session?.status.state === 'connected');
	}

	/**
	 * Opens the session; says why in a status event when another tab holds the client ID.
	 * `offlineSince`: when an engine that stopped last recorded for the profile (the gap marker).
	 */
	async connect(profile: Profile, password: string, offlineSince?: number): Promise<void> {
		await this.stop();
		const { db, emit } = this.#options;
		const profileId = this.profileId;
		const lockWait = offlineSince === undefined ? undefined : RESTART_LOCK_WAIT_MS;
		const releaseLock = await this.#options.lock(profile.url, profile.clientId, lockWait);
		if (!releaseLock) {
			emit({
				type: 'status',
				profileId,
				status: {
					profileId,
					state: 'disconnected',
					inAnotherTab: true,
					reason: `Client ID “${profile.clientId}” is already connected to this broker from another mqtt-scope tab.`,
					hint: 'Close that connection first, or give this profile another client ID: a broker drops the older of two clients with the same ID.'
				}
			});
			return;
		}
		const { AckGate, PersistentStore, Session } = await this.#options.live();
		const stores = {
			incoming: new PersistentStore(db, profileId, 'in', globalThis),
			outgoing: new PersistentStore(db, profileId, 'out', globalThis)
		};
		await Promise.all([stores.incoming.load(), stores.outgoing.load()]);
		const acks = new AckGate(stores.incoming);
		const keeper = new HistoryKeeper(db, profileId, profile.retention, (removed, reason) => {
			const head = ingest.removed(removed);
			emit({ type: 'history-pruned', profileId, head, removed, reason });
		});
		await keeper.openJournal();
		const ingest: Ingest = new Ingest({
			head: await messages.readHead(db, profileId),
			persist: async (records, rewrites) => {
				await keeper.persist(records, rewrites, acks.receiptsOf(records));
				this.#emitLive(records);
			},
			settled: (records, saved) => acks.settled(records, saved),
			committed: (head, newest) => {
				// Rows nobody sees would be cloned to the page and cached there on every batch.
				const rows = this.#options.rowsWanted() ? newest : [];
				emit({ type: 'messages', profileId, head, newest: rows });
				keeper.check(Date.now(), head.total);
			},
			observe: (record) => {
				this.#topics?.live(record);
				this.alerts.observe(record);
			},
			failed: (error) =>
				emit({ type: 'storage-error', profileId, message: describeUnsavedMessages(error) })
		});
		const session = new Session({
			profile,
			password,
			ingest,
			stores,
			acks,
			pageProtocol: this.#options.pageProtocol,
			offlineSince,
			hooks: {
				status: (status) => {
					// Silence is counted only while connected: a profile never connected is not silent.
					// …and not while the connection is down: an outage is not every device falling
					// silent. Counting starts again once reconnected.
					if (status.state === 'connected') this.alerts.connected();
					else if (status.state !== 'connecting') this.alerts.disconnected();
					emit({ type: 'status', profileId, status });
				},
				publishState: (record) => this.#emitPublishState(record),
				subscriptions: (results) => emit({ type: 'subscriptions', profileId, results }),
				resentAcknowledged: (recordId) => void this.#markResentAcknowledged(ingest, recordId)
			}
		});
		this.#connection = { session, ingest, keeper, releaseLock };
		// A connected profile is watched for alerts whether or not the UI shows it: the rules
		// come from its saved dashboard unless the UI has already handed them over.
		if (!this.alerts.hasRules) this.setAlerts((await loadDashboard(db, profileId)).alerts);
		session.start();
	}

	/** Starts or stops watching $SYS/# on a side connection (needs a session). */
	async watchSys(on: boolean): Promise<void> {
		this.#stopSys?.();
		this.#stopSys = undefined;
		if (!on) return;
		const session = this.session;
		if (!session) throw new Error('Not connected: connect first.');
		const { emit } = this.#options;
		const profileId = this.profileId;
		this.#stopSys = (await this.#options.live()).watchSys(session.nodeProfile, session.password, {
			snapshot: (snapshot) => emit({ type: 'sys', profileId, snapshot }),
			unavailable: (reason) => emit({ type: 'sys-unavailable', profileId, reason })
		});
	}

	/** Ends the connection (DISCONNECT, pending writes flushed) and the $SYS watch. */
	async stop(): Promise<void> {
		const connection = this.#connection;
		this.#connection = undefined;
		this.#stopSys?.();
		this.#stopSys = undefined;
		this.alerts.disconnected();
		if (!connection) return;
		try {
			await connection.session.stop();
		} finally {
			// Its last batches are written: what the journal holds moves into IndexedDB.
			await connection.keeper.close();
			connection.releaseLock();
		}
	}

	/** Lets go of everything: connection, $SYS watch, lock, topic index and alert timers. */
	async dispose(): Promise<void> {
		await this.stop();
		this.resetTopics();
		await this.alerts.dispose();
	}

	/** Hands a committed batch to the live registry: one event carries every view's update. */
	#emitLive(records: MessageRecord[]): void {
		let updates: LiveUpdate[];
		try {
			updates = this.live.collect(records);
		} catch (error) {
			// The batch is saved: a fault in matching must not be reported as a failed save.
			console.error('Live updates failed for a batch', error);
			return;
		}
		if (!updates.length) return;
		this.#options.emit({
			type: 'live',
			profileId: this.profileId,
			firstId: records[0].id,
			lastId: records[records.length - 1].id,
			updates
		});
	}

	#emitPublishState(record: MessageRecord): void {
		this.#options.emit({
			type: 'publish-state',
			profileId: record.profileId,
			id: record.id,
			state: record.state ?? 'sent',
			reason: record.reason
		});
	}

	async #markResentAcknowledged(ingest: Ingest, recordId: number): Promise<void> {
		await settleJournal(this.#options.db, this.profileId);
		const record = await messages.readRecord(this.#options.db, this.profileId, recordId);
		if (!record) return;
		record.state = 'acknowledged';
		record.reason = 'Resent after a reload and acknowledged.';
		ingest.rewrite(record);
		this.#emitPublishState(record);
	}
}
