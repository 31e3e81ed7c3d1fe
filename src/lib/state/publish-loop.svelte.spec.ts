import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '$lib/shared/engine-api';
import { PublishLoop, type LoopTimers, type StatusListen } from './publish-loop.svelte';

/** Timers that fire only when the test says so. */
function manualTimers() {
	let callback: (() => void) | undefined;
	let ms = 0;
	const timers: LoopTimers = {
		setInterval(cb, interval) {
			callback = cb;
			ms = interval;
			return 1;
		},
		clearInterval() {
			callback = undefined;
		}
	};
	return { timers, fire: () => callback?.(), interval: () => ms, active: () => !!callback };
}

/** An event source the test can push status events into. */
function eventSource() {
	let listener: ((event: EngineEvent) => void) | undefined;
	const listen: StatusListen = (profileId, handler) => {
		listener = (event) => {
			if (event.type === 'status' && event.profileId === profileId) handler(event.status);
		};
		return () => (listener = undefined);
	};
	return {
		listen,
		emit: (events: EngineEvent[]) => events.forEach((event) => listener?.(event)),
		listening: () => !!listener
	};
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('PublishLoop', () => {
	it('publishes at once and on every tick, counting, until stopped', async () => {
		const clock = manualTimers();
		const events = eventSource();
		const loop = new PublishLoop(clock.timers, events.listen);
		let sent = 0;
		expect(loop.start('p', 0.5, async () => sent++)).toBeUndefined();
		expect(clock.interval()).toBe(500);
		await flush();
		clock.fire();
		await flush();
		clock.fire();
		await flush();
		expect([sent, loop.count, loop.running]).toEqual([3, 3, true]);
		loop.stop();
		expect([loop.running, loop.stopReason, clock.active(), events.listening()]).toEqual([
			false,
			undefined,
			false,
			false
		]);
	});

	it('refuses an interval under 0.1 s', () => {
		const loop = new PublishLoop(manualTimers().timers, eventSource().listen);
		expect(loop.start('p', 0.05, async () => undefined)).toMatch(/at least 0.1 seconds/);
		expect(loop.running).toBe(false);
	});

	it('skips a tick while the previous publish is still on its way', async () => {
		const clock = manualTimers();
		const loop = new PublishLoop(clock.timers, eventSource().listen);
		let release: () => void = () => undefined;
		let calls = 0;
		loop.start('p', 1, () => {
			calls++;
			return new Promise<void>((resolve) => (release = resolve));
		});
		clock.fire();
		clock.fire();
		expect(calls).toBe(1);
		release();
		await flush();
		clock.fire();
		expect(calls).toBe(2);
		loop.stop();
	});

	it('stops by itself when its connection drops, and says so', async () => {
		const clock = manualTimers();
		const events = eventSource();
		const loop = new PublishLoop(clock.timers, events.listen);
		loop.start('p', 1, async () => undefined);
		await flush();
		events.emit([
			{ type: 'status', profileId: 'other', status: { profileId: 'other', state: 'reconnecting' } }
		]);
		expect(loop.running).toBe(true);
		events.emit([
			{ type: 'status', profileId: 'p', status: { profileId: 'p', state: 'reconnecting' } }
		]);
		expect(loop.running).toBe(false);
		expect(loop.stopReason).toBe('Stopped after 1 message: the connection dropped.');
		expect(clock.active()).toBe(false);
	});

	it('stops when a publish fails, with the reason', async () => {
		const clock = manualTimers();
		const loop = new PublishLoop(clock.timers, eventSource().listen);
		loop.start('p', 1, () => Promise.reject(new Error('Not connected')));
		await flush();
		expect(loop.running).toBe(false);
		expect(loop.stopReason).toBe('Stopped after 0 messages: Not connected');
	});
});
