import type { IDBPDatabase } from 'idb';
import type {
	EngineApi,
	EngineListener,
	HistoryHead,
	HistoryPageQuery,
	MessageRecord,
	PublishRequest,
	SubscribeResult,
	TopicQuery
} from '$lib/shared/engine-api';
import type { Profile, SubscriptionSpec } from '$lib/shared/profile';
import type { ScopeDB } from '$lib/storage/db';
import * as messages from '$lib/storage/messages';
import { EventChannel } from './event-channel';
import { Ingest } from './ingest';
import { Session } from './session';

/** The engine behind the worker boundary: one session per connected profile. */
export class Engine implements EngineApi {
	#db: Promise<IDBPDatabase<ScopeDB>>;
	#events = new EventChannel();
	#sessions = new Map<string, Session>();
	#pageProtocol: string;

	constructor(db: Promise<IDBPDatabase<ScopeDB>>, pageProtocol: string) {
		this.#db = db;
		this.#pageProtocol = pageProtocol;
	}

	listen(listener: EngineListener): void {
		this.#events.listen(listener);
	}

	async connect(profile: Profile, password: string): Promise<void> {
		await this.#sessions.get(profile.id)?.stop();
		const db = await this.#db;
		const ingest = new Ingest({
			head: await messages.readHead(db, profile.id),
			persist: (records) => messages.putBatch(db, records),
			committed: (head, newest) =>
				this.#events.emit({ type: 'messages', profileId: profile.id, head, newest }),
			failed: (error) =>
				this.#events.emit({
					type: 'storage-error',
					message: `Messages could not be saved: ${describeStorageError(error)}`
				})
		});
		const session = new Session({
			profile,
			password,
			ingest,
			pageProtocol: this.#pageProtocol,
			hooks: {
				status: (status) => this.#events.emit({ type: 'status', status }),
				publishState: (record) =>
					this.#events.emit({
						type: 'publish-state',
						profileId: profile.id,
						id: record.id,
						state: record.state ?? 'sent',
						reason: record.reason
					}),
				subscriptions: (results) =>
					this.#events.emit({ type: 'subscriptions', profileId: profile.id, results })
			}
		});
		this.#sessions.set(profile.id, session);
		session.start();
	}

	async disconnect(profileId: string): Promise<void> {
		const session = this.#sessions.get(profileId);
		this.#sessions.delete(profileId);
		await session?.stop();
	}

	/** Skips the reconnect wait of a profile's session. */
	async retryNow(profileId: string): Promise<void> {
		this.#sessions.get(profileId)?.retryNow();
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
		const session = this.#sessions.get(profileId);
		if (!session) throw new Error('Not connected: connect before publishing.');
		return session.publish(request);
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
		await messages.clearHistory(await this.#db, profileId);
	}
}

/** Explains a failed IndexedDB write in words. */
function describeStorageError(error: unknown): string {
	const name = (error as { name?: string } | undefined)?.name;
	if (name === 'QuotaExceededError') return 'the browser’s storage for this site is full.';
	return error instanceof Error ? error.message : String(error);
}
