// The ack gate on a real MQTT.js client against a real broker (the Aedes demo broker, in
// process) and IndexedDB (fake-indexeddb): what leaves the client, and when.
import 'fake-indexeddb/auto';
import mqtt from 'mqtt';
import type { MqttClient, Packet } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { openScopeDB } from '$lib/storage/db';
import { putBatch, readHead } from '$lib/storage/messages';
import { startDemoBroker } from '../../../scripts/demo-broker.js';
import { AckGate } from './ack-gate';
import { PersistentStore } from './inflight-store';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
	while (cleanups.length) await cleanups.pop()!();
});

let dbCount = 0;

/** A subscriber with the gate in place, a publisher, and what the subscriber sent and got. */
async function setup() {
	const broker = await startDemoBroker({ wsPort: 0, mqttPort: 0 });
	cleanups.push(() => broker.stop());
	const db = await openScopeDB(`ack-gate-${++dbCount}`);
	const incoming = new PersistentStore(db, 'p', 'in', globalThis);
	const gate = new AckGate(incoming);
	const sent: Packet[] = [];
	const records: MessageRecord[] = [];
	let nextId = 1;
	const subscriber = mqtt.connect(broker.mqttUrl, {
		clientId: `sub-${dbCount}`,
		clean: false,
		reconnectPeriod: 0,
		incomingStore: incoming
	});
	gate.attach(subscriber);
	subscriber.on('packetsend', (packet) => sent.push(packet));
	subscriber.on('message', (topic, payload, packet) => {
		const record: MessageRecord = {
			profileId: 'p',
			id: nextId++,
			direction: 'in',
			topic,
			payload: new Uint8Array(payload),
			qos: packet.qos,
			retain: packet.retain,
			dup: packet.dup,
			time: Date.now()
		};
		gate.expect(packet, record);
		records.push(record);
	});
	const publisher = mqtt.connect(broker.mqttUrl, {
		clientId: `pub-${dbCount}`,
		reconnectPeriod: 0
	});
	cleanups.push(
		() => close(publisher),
		() => close(subscriber)
	);
	await Promise.all([connected(subscriber), connected(publisher)]);
	await subscriber.subscribeAsync('t/#', { qos: 2 });
	const acks = (cmd: string) => sent.filter((p) => p.cmd === cmd).length;
	return { db, incoming, gate, sent, records, publisher, acks };
}

function connected(client: MqttClient): Promise<void> {
	return new Promise((resolve) => client.once('connect', () => resolve()));
}

function close(client: MqttClient): Promise<void> {
	return new Promise((resolve) => client.end(true, {}, () => resolve()));
}

/** Lets packets cross the loopback (a fixed wait is fine: the asserts are about absence). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('AckGate', () => {
	it('sends a QoS 1 PUBACK only once the batch holding the message is saved', async () => {
		const { gate, records, publisher, acks } = await setup();
		const published = publisher.publishAsync('t/1', 'one', { qos: 1 });
		await expect.poll(() => records.length).toBe(1);
		await settle();
		expect(acks('puback')).toBe(0);

		gate.settled(records, true);
		await expect.poll(() => acks('puback')).toBe(1);
		await published;
	});

	it('never acknowledges a message whose batch failed to save (the broker keeps it)', async () => {
		const { gate, records, publisher, acks } = await setup();
		void publisher.publishAsync('t/1', 'one', { qos: 1 }).catch(() => undefined);
		void publisher.publishAsync('t/2', 'two', { qos: 1 }).catch(() => undefined);
		await expect.poll(() => records.length).toBe(2);

		gate.settled(records.slice(0, 1), false);
		gate.settled(records.slice(1), true);
		await expect.poll(() => acks('puback')).toBe(1);
		await settle();
		expect(acks('puback')).toBe(1);
	});

	it('sends PUBREC once the QoS 2 receipt is stored, PUBCOMP once the record is, and the record write ends the receipt', async () => {
		const { db, incoming, gate, sent, records, publisher, acks } = await setup();
		const receiptRows = () => db.count('inflight');
		const published = publisher.publishAsync('t/2', 'exactly once', { qos: 2 });
		// The receipt write comes first (the store batches for 20 ms), then PUBREC.
		await expect.poll(() => acks('pubrec')).toBe(1);
		expect(await receiptRows()).toBe(1);
		await expect.poll(() => records.length).toBe(1);
		await settle();
		expect(acks('pubcomp')).toBe(0);

		const receipts = gate.receiptsOf(records);
		const pubrec = sent.find((p) => p.cmd === 'pubrec') as { messageId: number };
		expect(receipts).toEqual([pubrec.messageId]);
		await putBatch(db, records, [], receipts);
		gate.settled(records, true);
		await expect.poll(() => acks('pubcomp')).toBe(1);
		await published;
		expect(await receiptRows()).toBe(0);
		expect(await readHead(db, 'p')).toEqual({ total: 1, lastId: 1 });
		await incoming.flush();
		expect(await receiptRows()).toBe(0);
	});

	it('keeps the QoS 2 receipt when the record could not be saved, and sends no PUBCOMP', async () => {
		const { db, incoming, gate, records, publisher, acks } = await setup();
		void publisher.publishAsync('t/2', 'kept', { qos: 2 }).catch(() => undefined);
		await expect.poll(() => records.length).toBe(1);

		gate.settled(records, false);
		await incoming.flush();
		await settle();
		expect(acks('pubcomp')).toBe(0);
		expect(await db.count('inflight')).toBe(1);
	});
});
