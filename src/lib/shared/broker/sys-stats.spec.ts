import { describe, expect, it } from 'vitest';
import {
	formatRate,
	formatUptime,
	SYS_FIGURES,
	SysStatsTracker,
	unpublishedFigures
} from './sys-stats';

describe('SysStatsTracker', () => {
	it('reads Mosquitto version, uptime and connected clients', () => {
		const stats = new SysStatsTracker().update(
			{
				'$SYS/broker/version': 'mosquitto version 2.0.11',
				'$SYS/broker/uptime': '3725 seconds',
				'$SYS/broker/clients/connected': '4'
			},
			0
		);
		expect(stats.version).toBe('mosquitto version 2.0.11');
		expect(stats.uptime).toBe(3725);
		expect(stats.clientsConnected).toBe(4);
		expect(stats.messagesInPerSecond).toBeUndefined();
	});

	it('prefers the 1-minute load averages, which are per minute', () => {
		const stats = new SysStatsTracker().update(
			{
				'$SYS/broker/load/messages/received/1min': '120.00',
				'$SYS/broker/load/bytes/sent/1min': '6000',
				'$SYS/broker/messages/received': '999'
			},
			0
		);
		expect(stats.messagesInPerSecond).toBe(2);
		expect(stats.bytesOutPerSecond).toBe(100);
	});

	it('derives rates from running totals between readings that changed', () => {
		const tracker = new SysStatsTracker();
		expect(tracker.update({ '$SYS/broker/messages/received': '100' }, 0).messagesInPerSecond).toBe(
			undefined
		);
		// Unchanged for a while: no rate yet (the broker publishes totals every ~10 s).
		expect(
			tracker.update({ '$SYS/broker/messages/received': '100' }, 5000).messagesInPerSecond
		).toBe(undefined);
		expect(
			tracker.update({ '$SYS/broker/messages/received': '150' }, 10_000).messagesInPerSecond
		).toBe(5);
		// Between publications the last rate stands.
		expect(
			tracker.update({ '$SYS/broker/messages/received': '150' }, 11_000).messagesInPerSecond
		).toBe(5);
		// Long without change: idle.
		expect(
			tracker.update({ '$SYS/broker/messages/received': '150' }, 80_000).messagesInPerSecond
		).toBe(0);
	});

	it('starts over when the totals go down (broker restarted)', () => {
		const tracker = new SysStatsTracker();
		tracker.update({ '$SYS/broker/bytes/received': '5000' }, 0);
		expect(tracker.update({ '$SYS/broker/bytes/received': '10' }, 1000).bytesInPerSecond).toBe(
			undefined
		);
		expect(tracker.update({ '$SYS/broker/bytes/received': '110' }, 2000).bytesInPerSecond).toBe(
			100
		);
	});

	it('finds EMQX-style $SYS/brokers/<node>/ values', () => {
		const stats = new SysStatsTracker().update(
			{
				'$SYS/brokers/emqx@127.0.0.1/version': '5.3.0',
				'$SYS/brokers/emqx@127.0.0.1/uptime': '42'
			},
			0
		);
		expect(stats.version).toBe('5.3.0');
		expect(stats.uptime).toBe(42);
	});
});

describe('formatUptime', () => {
	it('shows the two largest units', () => {
		expect(formatUptime(5)).toBe('5 s');
		expect(formatUptime(725)).toBe('12 min 5 s');
		expect(formatUptime(4 * 3600 + 12 * 60)).toBe('4 h 12 min');
		expect(formatUptime(3 * 86400 + 4 * 3600 + 59)).toBe('3 d 4 h');
	});
});

describe('formatRate', () => {
	it('keeps one decimal for small rates only', () => {
		expect(formatRate(3.44)).toBe('3.4');
		expect(formatRate(1234.6)).toBe('1,235');
		expect(formatRate(undefined)).toBe('—');
	});
});

describe('unpublishedFigures', () => {
	it('names every figure for a broker that publishes only client events (Aedes)', () => {
		const aedes = {
			'$SYS/90827a3d/new/clients': 'mqttjs_6481dcae',
			'$SYS/90827a3d/new/subscribes': '{"clientId":"x","subs":[]}'
		};
		expect(unpublishedFigures(aedes)).toEqual(SYS_FIGURES);
		expect(unpublishedFigures({})).toEqual(SYS_FIGURES);
	});

	it('names only what a broker leaves out, and counts a rate with one reading as published', () => {
		const partial = {
			'$SYS/broker/version': 'mosquitto version 2.0.11',
			'$SYS/broker/clients/connected': '2',
			// A running total: its rate needs a second reading, but it is published.
			'$SYS/broker/messages/received': '10',
			'$SYS/broker/load/messages/sent/1min': '6.0'
		};
		expect(unpublishedFigures(partial)).toEqual([
			'uptime',
			'bytesInPerSecond',
			'bytesOutPerSecond'
		]);
	});

	it('finds EMQX-style figures under $SYS/brokers/<node>/', () => {
		const emqx = {
			'$SYS/brokers/emqx@127.0.0.1/version': '5.0.0',
			'$SYS/brokers/emqx@127.0.0.1/uptime': '10 seconds'
		};
		expect(unpublishedFigures(emqx)).not.toContain('version');
		expect(unpublishedFigures(emqx)).not.toContain('uptime');
	});
});
