import type { EngineEvent, EngineListener } from '$lib/shared/engine-api';

/**
 * Queues engine events and delivers them as one array per task, so a burst of status and
 * state changes crosses the worker boundary as one postMessage.
 */
export class EventChannel {
	#listener: EngineListener | undefined;
	#queue: EngineEvent[] = [];
	#scheduled = false;

	/** Sets the listener that receives every later event. */
	listen(listener: EngineListener): void {
		this.#listener = listener;
		this.#schedule();
	}

	/** Queues an event for the next delivery. */
	emit(event: EngineEvent): void {
		this.#queue.push(event);
		this.#schedule();
	}

	#schedule(): void {
		if (this.#scheduled || !this.#listener || !this.#queue.length) return;
		this.#scheduled = true;
		setTimeout(() => {
			this.#scheduled = false;
			const events = this.#queue;
			this.#queue = [];
			this.#listener?.(events);
		}, 0);
	}
}
