import 'fake-indexeddb/auto';
import mqtt from 'mqtt';
import type { IPublishPacket, Packet } from 'mqtt';
import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { openScopeDB } from '$lib/storage/db';
import { putBatch } from '$lib/storage/messages';
import { PersistentStore } from './inflight-store';

let dbCount = 0;

function publish(messageId: number, text = `m${messageId}`): IPublishPacket {
	return {
		cmd: 'publish',
		messageId,
		topic: 't',
		payload: new TextEncoder().encode(text) as Buffer,
		qos: 1,
		retain: false,
		dup: false
	};
}

/** Reads a store's stream to the end, as MQTT.js does when it resends after CONNACK. */
function drain(store: InstanceType<typeof mqtt.Store>): Promise<Packet[]> {
	return new Promise((resolve, reject) => {
		const packets: Packet[] = [];
		const stream = store.createStream();
		stream.on('data', (packet: Packet) => packets.push(packet));
		stream.on('end', () => resolve(packets));
		stream.on('error', reject);
	});
}

type StoreFactory = () => Promise<InstanceType<typeof mqtt.Store>>;

/** The behaviour MQTT.js relies on, run against its own memory store and against ours. */
function storeContract(name: string, create: StoreFactory) {
	describe(`${name}: the MQTT.js Store contract`, () => {
		it('gets what was put, by message id', async () => {
			const store = await create();
			await new Promise<void>((done) => store.put(publish(7), () => done()));
			const got = await new Promise<Packet | undefined>((resolve) =>
				store.get({ messageId: 7 } as Packet, (_e, packet) => resolve(packet))
			);
			expect((got as IPublishPacket).topic).toBe('t');
		});

		it('streams every packet and then ends', async () => {
			const store = await create();
			for (const id of [1, 2, 3]) store.put(publish(id), () => undefined);
			const packets = await drain(store);
			expect(packets.map((p) => (p as IPublishPacket).messageId)).toEqual([1, 2, 3]);
		});

		it('deletes and reports a missing packet', async () => {
			const store = await create();
			store.put(publish(1), () => undefined);
			const deleted = await new Promise<Packet | undefined>((resolve) =>
				store.del({ messageId: 1 }, (_e, packet) => resolve(packet))
			);
			expect(deleted).toBeDefined();
			const missing = await new Promise<Error | undefined>((resolve) =>
				store.del({ messageId: 1 }, (error) => resolve(error ?? undefined))
			);
			expect(missing).toBeInstanceOf(Error);
			expect(await drain(store)).toEqual([]);
		});
	});
}

storeContract('mqtt.Store', async () => new mqtt.Store());
storeContract('PersistentStore', async () => {
	const db = await openScopeDB(`inflight-${++dbCount}`);
	return new PersistentStore(db, 'p', 'out', globalThis);
});

describe('PersistentStore across page loads', () => {
	it('gives the next page the packets still in flight, with their history record', async () => {
		const db = await openScopeDB(`inflight-${++dbCount}`);
		const first = new PersistentStore(db, 'p', 'out', globalThis);
		first.recordIdForNextPut = 41;
		first.put(publish(1, 'kept'), () => undefined);
		first.recordIdForNextPut = 42;
		first.put(publish(2, 'acknowledged'), () => undefined);
		first.del({ messageId: 2 }, () => undefined);
		// QoS 2: the PUBREL stage replaces the publish but keeps its history record.
		first.put({ cmd: 'pubrel', messageId: 1 } as Packet, () => undefined);
		await first.flush();

		const next = new PersistentStore(db, 'p', 'out', globalThis);
		const rows = await next.load();
		expect(rows.map((r) => [r.messageId, r.packet.cmd, r.recordId])).toEqual([[1, 'pubrel', 41]]);
		expect((await drain(next)).map((p) => p.cmd)).toEqual(['pubrel']);
		expect(next.resentRecordId(1)).toBe(41);
	});

	it('keeps profiles and directions apart', async () => {
		const db = await openScopeDB(`inflight-${++dbCount}`);
		const outA = new PersistentStore(db, 'a', 'out', globalThis);
		const inA = new PersistentStore(db, 'a', 'in', globalThis);
		outA.put(publish(1), () => undefined);
		inA.put(publish(1), () => undefined);
		await Promise.all([outA.flush(), inA.flush()]);
		expect(await new PersistentStore(db, 'b', 'out', globalThis).load()).toEqual([]);
		expect(await new PersistentStore(db, 'a', 'in', globalThis).load()).toHaveLength(1);
	});
});

describe('PersistentStore as the QoS 2 receipt store', () => {
	const qos2 = (messageId: number, text: string, dup = false): IPublishPacket => ({
		...publish(messageId, text),
		qos: 2,
		dup
	});
	const found = (store: PersistentStore, messageId: number) =>
		new Promise<boolean>((resolve) =>
			store.get({ messageId } as Packet, (error) => resolve(!error))
		);

	it('resolves saved() once the receipts queued so far are written, the same promise until then', async () => {
		const db = await openScopeDB(`inflight-${++dbCount}`);
		const store = new PersistentStore(db, 'p', 'in', globalThis);
		store.put(qos2(1, 'a'), () => undefined);
		const saved = store.saved();
		store.put(qos2(2, 'b'), () => undefined);
		expect(store.saved()).toBe(saved);
		expect(await saved).toBe(true);
		expect(await db.count('inflight')).toBe(2);
	});

	it('answers a resent copy of a recorded message with nothing to deliver, and a new message reusing its id normally', async () => {
		const db = await openScopeDB(`inflight-${++dbCount}`);
		const store = new PersistentStore(db, 'p', 'in', globalThis);
		store.put(qos2(7, 'reading 1'), () => undefined);
		await store.flush();
		store.settleWithRecord(qos2(7, 'reading 1'));
		store.del({ messageId: 7 }, () => undefined);
		// The record's history write deletes the row; the memory copy goes once it committed.
		const record: MessageRecord = {
			profileId: 'p',
			id: 1,
			direction: 'in',
			topic: 't',
			payload: new TextEncoder().encode('reading 1'),
			qos: 2,
			retain: false,
			dup: false,
			time: 0
		};
		await putBatch(db, [record], [], [7]);
		store.recorded(7, true);
		expect(await found(store, 7)).toBe(false);

		// Mosquitto after a restart: the same PUBLISH again, DUP set.
		store.put(qos2(7, 'reading 1', true), () => undefined);
		await store.flush();
		expect(await found(store, 7)).toBe(false);
		expect(await db.count('inflight')).toBe(0);

		// The broker got our PUBCOMP and uses the id for the next message.
		store.put(qos2(7, 'reading 2'), () => undefined);
		await store.flush();
		expect(await found(store, 7)).toBe(true);
		expect(await db.count('inflight')).toBe(1);
	});

	it('keeps the receipt of a message whose record could not be saved, to deliver it again', async () => {
		const db = await openScopeDB(`inflight-${++dbCount}`);
		const store = new PersistentStore(db, 'p', 'in', globalThis);
		store.put(qos2(3, 'x'), () => undefined);
		store.settleWithRecord(qos2(3, 'x'));
		store.del({ messageId: 3 }, () => undefined);
		store.recorded(3, false);
		await store.flush();
		expect(await found(store, 3)).toBe(true);
		expect(await db.count('inflight')).toBe(1);
	});
});
