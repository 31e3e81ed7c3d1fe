import type { ConnectionStatus } from '$lib/shared/mqtt/connection-status';
import { on } from './engine';

/** The shortest interval a loop may use, in seconds: faster is a flood, not a sensor. */
export const MIN_LOOP_SECONDS = 0.1;

/** The timer functions a loop uses; passed in so tests can drive time. */
export interface LoopTimers {
	setInterval(callback: () => void, ms: number): unknown;
	clearInterval(handle: unknown): void;
}

/** Follows a profile's connection status until the returned function is called. */
export type StatusListen = (
	profileId: string,
	handler: (status: ConnectionStatus) => void
) => () => void;

const defaultListen: StatusListen = (profileId, handler) =>
	on('status', profileId, (event) => handler(event.status));

const realTimers: LoopTimers = {
	setInterval: (callback, ms) => globalThis.setInterval(callback, ms),
	clearInterval: (handle) => globalThis.clearInterval(handle as ReturnType<typeof setInterval>)
};

/**
 * Publishes the same message every N seconds, like a sensor, until stopped. It stops by itself
 * when the connection drops (queuing a loop's output while offline would replay a burst later)
 * or a publish fails, and says why.
 */
export class PublishLoop {
	#running = $state(false);
	#count = $state(0);
	#stopReason = $state<string | undefined>(undefined);
	#profileId: string | undefined;
	#timer: unknown;
	#busy = false;
	#unlisten: (() => void) | undefined;
	#timers: LoopTimers;
	#listen: StatusListen;

	constructor(timers: LoopTimers = realTimers, listen: StatusListen = defaultListen) {
		this.#timers = timers;
		this.#listen = listen;
	}

	/** Whether the loop is publishing. */
	get running(): boolean {
		return this.#running;
	}

	/** How many messages the current (or last) run has handed to the engine. */
	get count(): number {
		return this.#count;
	}

	/** Why the last run stopped by itself; undefined while running or after a manual stop. */
	get stopReason(): string | undefined {
		return this.#stopReason;
	}

	/** The profile the loop publishes for, while running. */
	get profileId(): string | undefined {
		return this.#running ? this.#profileId : undefined;
	}

	/**
	 * Publishes now and then every `seconds`; returns why it cannot start, if so. A tick is
	 * skipped while the previous publish is still on its way, so a slow link does not pile up.
	 */
	start(profileId: string, seconds: number, send: () => Promise<unknown>): string | undefined {
		if (!Number.isFinite(seconds) || seconds < MIN_LOOP_SECONDS) {
			return `The interval must be at least ${MIN_LOOP_SECONDS} seconds.`;
		}
		this.stop();
		this.#profileId = profileId;
		this.#count = 0;
		this.#stopReason = undefined;
		this.#running = true;
		this.#unlisten = this.#listen(profileId, (status) => {
			if (status.state !== 'connected') {
				this.stop(`Stopped after ${this.#sent()}: the connection dropped.`);
			}
		});
		const tick = async (): Promise<void> => {
			if (this.#busy || !this.#running) return;
			this.#busy = true;
			try {
				await send();
				if (this.#running) this.#count++;
			} catch (error) {
				const why = error instanceof Error ? error.message : String(error);
				this.stop(`Stopped after ${this.#sent()}: ${why}`);
			} finally {
				this.#busy = false;
			}
		};
		this.#timer = this.#timers.setInterval(() => void tick(), seconds * 1000);
		void tick();
		return undefined;
	}

	/** Stops the loop; `reason` says why when it was not the user's choice. */
	stop(reason?: string): void {
		if (this.#timer !== undefined) this.#timers.clearInterval(this.#timer);
		this.#timer = undefined;
		this.#unlisten?.();
		this.#unlisten = undefined;
		if (this.#running) this.#stopReason = reason;
		this.#running = false;
	}

	#sent(): string {
		return this.#count === 1 ? '1 message' : `${this.#count.toLocaleString('en')} messages`;
	}
}
