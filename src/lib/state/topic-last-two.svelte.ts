import type { MessageRecord } from '$lib/shared/mqtt/message';
import { engine } from './engine';
import { LiveQuery } from './live-query.svelte';

/**
 * The newest two messages of one topic, oldest first (what the topic diff compares): read once,
 * then kept by the engine's live updates, with no history read per batch.
 */
export class TopicLastTwo {
	#records = $state.raw<MessageRecord[]>([]);
	#loaded = $state(false);
	readonly #query: LiveQuery<'topic'>;

	constructor(profileId: string, topic: string) {
		this.#query = new LiveQuery(
			profileId,
			{ kind: 'topic', topic },
			{
				backfill: async (_cut, current) => {
					const last = await engine().readTopic({ profileId, topic, afterId: 0, limit: 2 });
					if (!current()) return;
					this.#records = last;
					this.#loaded = true;
				},
				apply: (update) => {
					// The read may already hold a record the first live batch brings again.
					const newest = this.#records.at(-1)?.id ?? 0;
					const fresh = update.records.filter((r) => r.id > newest);
					if (fresh.length) this.#records = [...this.#records, ...fresh].slice(-2);
				},
				reset: () => {
					this.#records = [];
					this.#loaded = false;
				}
			}
		);
	}

	/** The topic's newest messages, at most two, oldest first. */
	get records(): MessageRecord[] {
		return this.#records;
	}

	/** Whether history has been read. */
	get loaded(): boolean {
		return this.#loaded;
	}

	/** Reads and starts following. */
	start(): void {
		this.#query.start();
	}

	/** Stops following. */
	stop(): void {
		this.#query.stop();
	}
}
