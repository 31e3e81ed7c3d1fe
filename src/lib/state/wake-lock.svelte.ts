// Keeps a phone's screen on while the user watches live data (Screen Wake Lock API). The browser
// drops the lock whenever the page is hidden; while the user wants it, it is taken again each
// time the page is visible.

import type { WakeLockStatus } from '$lib/shared/app/wake-lock-text';

/** The screen wake lock the user can turn on, and what became of it. */
export class WakeLockState {
	#wanted = $state(false);
	#status = $state<WakeLockStatus>('off');
	#problem = $state<string | undefined>(undefined);
	#sentinel: WakeLockSentinel | undefined;
	#requesting = false;
	#stopWatching: (() => void) | undefined;

	/** Whether the user asked to keep the screen awake. */
	get wanted(): boolean {
		return this.#wanted;
	}

	/** Where the lock stands. */
	get status(): WakeLockStatus {
		return this.#status;
	}

	/** The browser's reason when it refused. */
	get problem(): string | undefined {
		return this.#problem;
	}

	/** Whether this browser has the Screen Wake Lock API at all. */
	get supported(): boolean {
		return typeof navigator !== 'undefined' && 'wakeLock' in navigator;
	}

	/**
	 * Turns keeping the screen awake on or off. Not remembered across visits: a screen that stays
	 * on drains the battery, so the user asks for it each time.
	 */
	async setWanted(on: boolean): Promise<void> {
		this.#wanted = on;
		if (!on) {
			this.#stopWatching?.();
			this.#stopWatching = undefined;
			this.#problem = undefined;
			this.#status = 'off';
			await this.#release();
			return;
		}
		if (!this.supported) {
			this.#status = 'unsupported';
			return;
		}
		this.#watchVisibility();
		await this.#acquire();
	}

	async #acquire(): Promise<void> {
		if (!this.#wanted || this.#sentinel || this.#requesting) return;
		if (document.visibilityState !== 'visible') {
			this.#status = 'paused';
			return;
		}
		this.#status = 'requesting';
		this.#requesting = true;
		try {
			const sentinel = await navigator.wakeLock.request('screen');
			if (!this.#wanted) {
				// Turned off while the request was pending.
				await sentinel.release();
				return;
			}
			this.#sentinel = sentinel;
			this.#problem = undefined;
			this.#status = 'held';
			sentinel.addEventListener('release', () => {
				if (this.#sentinel === sentinel) this.#sentinel = undefined;
				if (this.#wanted) this.#status = 'paused';
			});
		} catch (error) {
			this.#status = 'refused';
			this.#problem = error instanceof Error ? error.message : String(error);
		} finally {
			this.#requesting = false;
		}
	}

	async #release(): Promise<void> {
		const sentinel = this.#sentinel;
		this.#sentinel = undefined;
		await sentinel?.release();
	}

	#watchVisibility(): void {
		if (this.#stopWatching) return;
		// The browser releases the lock itself when the page is hidden; release it here too so
		// the state never claims a lock the page no longer has, and take it again on return.
		const onChange = () => {
			if (document.visibilityState === 'visible') void this.#acquire();
			else {
				this.#status = 'paused';
				void this.#release();
			}
		};
		document.addEventListener('visibilitychange', onChange);
		this.#stopWatching = () => document.removeEventListener('visibilitychange', onChange);
	}
}

/** The app's screen wake lock. */
export const wakeLock = new WakeLockState();
