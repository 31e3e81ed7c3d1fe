// Live messages come from a few topics over and over: what a topic maps to (the series or rules
// whose filters match it) is worked out once per topic, not once per message. Bounded, because a
// device can invent topics without end: past the limit the cache starts over.

/** Most topics a TopicCache remembers by default before it starts over. */
export const REMEMBERED_TOPICS = 4096;

/** What each topic maps to, computed on a topic's first lookup and remembered (bounded). */
export class TopicCache<T> {
	readonly #compute: (topic: string) => T;
	readonly #limit: number;
	readonly #known = new Map<string, T>();

	/** `compute` says what a topic maps to; at most `limit` topics are remembered at once. */
	constructor(compute: (topic: string) => T, limit = REMEMBERED_TOPICS) {
		this.#compute = compute;
		this.#limit = limit;
	}

	/** What `topic` maps to. */
	get(topic: string): T {
		if (this.#known.has(topic)) return this.#known.get(topic) as T;
		const value = this.#compute(topic);
		if (this.#known.size >= this.#limit) this.#known.clear();
		this.#known.set(topic, value);
		return value;
	}

	/** Forgets every topic (what they map to has changed). */
	clear(): void {
		this.#known.clear();
	}
}
