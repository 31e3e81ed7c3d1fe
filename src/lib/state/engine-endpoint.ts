import type { Endpoint } from 'comlink';

type MessageListener = (event: MessageEvent) => void;

/**
 * The engine worker as Comlink's endpoint, keeping the ids of commands not yet answered so
 * that, when the worker stops, each can be answered with an error instead of waiting forever.
 */
export class EngineEndpoint implements Endpoint {
	#worker: Worker;
	#pending = new Set<string>();
	#listeners = new Set<MessageListener>();

	constructor(worker: Worker) {
		this.#worker = worker;
		worker.addEventListener('message', (event: MessageEvent) => {
			const id = (event.data as { id?: unknown } | null)?.id;
			if (typeof id === 'string') this.#pending.delete(id);
			for (const listener of this.#listeners) listener(event);
		});
	}

	/** Sends a message, noting its id when it is a command awaiting an answer. */
	postMessage(message: unknown, transfer?: Transferable[]): void {
		const id = (message as { id?: unknown } | null)?.id;
		if (typeof id === 'string') this.#pending.add(id);
		this.#worker.postMessage(message, transfer ?? []);
	}

	/** Comlink's listener for answers. */
	addEventListener(_type: string, listener: EventListenerOrEventListenerObject): void {
		this.#listeners.add(listener as MessageListener);
	}

	/** Removes a listener added above. */
	removeEventListener(_type: string, listener: EventListenerOrEventListenerObject): void {
		this.#listeners.delete(listener as MessageListener);
	}

	/** Answers every command still waiting with an error (Comlink's wire form of a throw). */
	failPending(message: string): void {
		const ids = [...this.#pending];
		this.#pending.clear();
		for (const id of ids) {
			const data = {
				id,
				type: 'HANDLER',
				name: 'throw',
				value: { isError: true, value: { name: 'Error', message } }
			};
			for (const listener of this.#listeners) listener(new MessageEvent('message', { data }));
		}
	}
}
