import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '$lib/shared/engine-api';
import { EventChannel } from './event-channel';

const head = { total: 1, lastId: 1 };
const batch = (lastId: number): EngineEvent => ({
	type: 'messages',
	profileId: 'p',
	head: { ...head, lastId },
	newest: []
});
const live = (lastId: number): EngineEvent => ({
	type: 'live',
	profileId: 'p',
	firstId: lastId,
	lastId,
	updates: []
});
const status: EngineEvent = { type: 'topic-tree', profileId: 'p' };

/** A channel with a listener that records each delivery. */
function listened(batchDelayMs?: number) {
	const channel = new EventChannel(batchDelayMs);
	const deliveries: EngineEvent[][] = [];
	channel.listen((events) => deliveries.push(events));
	return { channel, deliveries };
}

describe('EventChannel', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('delivers what one task emits as one array, in the next task', () => {
		const { channel, deliveries } = listened();
		channel.emit(batch(1));
		channel.emit(status);
		expect(deliveries).toEqual([]);
		vi.advanceTimersByTime(0);
		expect(deliveries).toEqual([[batch(1), status]]);
	});

	it('keeps events emitted before a listener for it', () => {
		const channel = new EventChannel();
		channel.emit(status);
		const deliveries: EngineEvent[][] = [];
		channel.listen((events) => deliveries.push(events));
		vi.advanceTimersByTime(0);
		expect(deliveries).toEqual([[status]]);
	});

	it('paced: batch events of several tasks wait and go together', () => {
		const { channel, deliveries } = listened(250);
		channel.emit(batch(1));
		channel.emit(live(1));
		vi.advanceTimersByTime(100);
		channel.emit(batch(2));
		channel.emit(live(2));
		vi.advanceTimersByTime(149);
		expect(deliveries).toEqual([]);
		vi.advanceTimersByTime(1);
		expect(deliveries).toEqual([[batch(1), live(1), batch(2), live(2)]]);
	});

	it('paced: any other event goes at once and takes the waiting batches along, in order', () => {
		const { channel, deliveries } = listened(250);
		channel.emit(batch(1));
		vi.advanceTimersByTime(10);
		channel.emit(status);
		vi.advanceTimersByTime(0);
		expect(deliveries).toEqual([[batch(1), status]]);
		vi.advanceTimersByTime(1000);
		expect(deliveries).toHaveLength(1);
	});

	it('unpaced again: a batch waiting for the slow pace goes in the next task', () => {
		const { channel, deliveries } = listened(250);
		channel.emit(batch(1));
		channel.paceBatches(0);
		vi.advanceTimersByTime(0);
		expect(deliveries).toEqual([[batch(1)]]);
		channel.emit(batch(2));
		vi.advanceTimersByTime(0);
		expect(deliveries).toEqual([[batch(1)], [batch(2)]]);
	});
});
