import type { EngineEvent, EngineEventType, EngineListener } from '$lib/shared/engine-api';

/** The events every committed batch brings: the ones `paceBatches` spaces out. */
const BATCH_EVENTS: ReadonlySet<EngineEventType> = new Set(['messages', 'live']);

/**
 * Queues engine events and delivers them as one array per task, so a burst of status and
 * state changes crosses the worker boundary as one postMessage. Batch events may wait longer
 * (`paceBatches`): each delivery costs the page a rendering pass, however little it changes.
 */
export class EventChannel {
	#listener: EngineListener | undefined;
	#queue: EngineEvent[] = [];
	#batchDelayMs: number;
	#timer: ReturnType<typeof setTimeout> | undefined;
	/** When the scheduled delivery runs (Date.now() clock). */
	#dueAt = 0;

	/** `batchDelayMs`: the pace of batch events until `paceBatches` sets another. */
	constructor(batchDelayMs = 0) {
		this.#batchDelayMs = batchDelayMs;
	}

	/** Sets the listener that receives every later event. */
	listen(listener: EngineListener): void {
		this.#listener = listener;
		this.#schedule(0);
	}

	/**
	 * Delivers batch events ('messages', 'live') up to `ms` after they come (0: in the next
	 * task), together; any other event goes at once and takes the queued ones with it, in order.
	 */
	paceBatches(ms: number): void {
		this.#batchDelayMs = ms;
		this.#schedule(ms);
	}

	/** Queues an event for the next delivery. */
	emit(event: EngineEvent): void {
		this.#queue.push(event);
		this.#schedule(BATCH_EVENTS.has(event.type) ? this.#batchDelayMs : 0);
	}

	/** Makes sure a delivery runs within `delayMs` (an earlier one already planned stands). */
	#schedule(delayMs: number): void {
		if (!this.#listener || !this.#queue.length) return;
		const dueAt = Date.now() + delayMs;
		if (this.#timer !== undefined) {
			if (this.#dueAt <= dueAt) return;
			clearTimeout(this.#timer);
		}
		this.#dueAt = dueAt;
		this.#timer = setTimeout(() => this.#deliver(), delayMs);
	}

	#deliver(): void {
		this.#timer = undefined;
		const events = this.#queue;
		this.#queue = [];
		this.#listener?.(events);
	}
}
