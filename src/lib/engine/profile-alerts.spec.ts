import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { AlertLogEntry, AlertRule } from '$lib/shared/alerts/alert-rules';
import type { EngineEvent } from '$lib/shared/engine-api';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { openScopeDB } from '$lib/storage/db';
import { ProfileAlerts } from './profile-alerts';

let dbCount = 0;

const hot: AlertRule = {
	id: 'hot',
	name: 'Too warm',
	series: { topicFilter: 'dev/+/t', path: 'temperature' },
	condition: { kind: 'above', value: 30 },
	enabled: true
};

function reading(topic: string, temperature: number): MessageRecord {
	return {
		profileId: 'p',
		id: 0,
		direction: 'in',
		topic,
		payload: new TextEncoder().encode(JSON.stringify({ temperature })),
		qos: 0,
		retain: false,
		dup: false,
		time: Date.now()
	};
}

async function setup() {
	const db = await openScopeDB(`profile-alerts-${++dbCount}`);
	const entries: AlertLogEntry[] = [];
	const watches = new ProfileAlerts(db, 'p', (event: EngineEvent) => {
		if (event.type === 'alert') entries.push(event.entry);
	});
	watches.set([hot], true);
	/** Waits until the log writer has emitted `count` events. */
	const settle = async (count: number) => {
		for (let i = 0; i < 100 && entries.length < count; i++) {
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
		expect(entries).toHaveLength(count);
	};
	return { watches, entries, settle };
}

describe('ProfileAlerts', () => {
	it('logs a firing and its clearing, and emits each once stored', async () => {
		const { watches, entries, settle } = await setup();
		watches.observe(reading('dev/1/t', 31));
		await settle(1);
		expect(entries[0].topic).toBe('dev/1/t');
		expect(entries[0].clearedAt).toBeUndefined();
		watches.observe(reading('dev/1/t', 20));
		await settle(2);
		expect(entries[1].id).toBe(entries[0].id);
		expect(entries[1].clearedAt).toBeTypeOf('number');
		expect(await watches.log(10)).toEqual([entries[1]]);
	});

	it('keeps active alerts when the log is cleared, and still reports when they clear', async () => {
		const { watches, entries, settle } = await setup();
		watches.observe(reading('dev/1/t', 31));
		watches.observe(reading('dev/2/t', 32));
		watches.observe(reading('dev/2/t', 20));
		await settle(3);
		await watches.clearLog();
		// dev/1 is still too warm: its entry stays; dev/2's finished one goes.
		expect((await watches.log(10)).map((e) => e.topic)).toEqual(['dev/1/t']);
		watches.observe(reading('dev/1/t', 25));
		await settle(4);
		expect(entries[3]).toMatchObject({ topic: 'dev/1/t' });
		expect(entries[3].clearedAt).toBeTypeOf('number');
	});
});
