import type { MqttClient, Packet } from 'mqtt';
import type { MessageRecord } from '$lib/shared/mqtt/message';

/** MQTT.js's private packet writer, which every PUBACK, PUBREC and PUBCOMP goes through. */
type SendPacket = (packet: Packet, cb?: (error?: Error) => void, ...rest: unknown[]) => void;

/** The MQTT.js internals the gate reaches (private in its types). */
interface ClientInternals {
	_sendPacket: SendPacket;
	/** Ends MQTT.js's count of a QoS 2 exchange (its Receive Maximum check). */
	_releaseIncomingQoS2Publish?: (messageId: number) => void;
}

/** What the gate needs from the incoming in-flight store (see inflight-store.ts). */
export interface ReceiptStore {
	/**
	 * Resolves once every receipt queued so far is in IndexedDB, false if that write failed; the
	 * same promise until that write starts.
	 */
	saved(): Promise<boolean>;
	/** This QoS 2 message became a record: its receipt goes with the record's history write. */
	settleWithRecord(messageId: number): void;
	/** That history write finished: the receipt is gone if it committed, kept if not. */
	recorded(messageId: number, saved: boolean): void;
	/** Its PUBCOMP went out: the exchange is over. */
	completed(messageId: number): void;
	/** The broker kept no session: it sends nothing again, and may reuse every packet id. */
	sessionEnded(): void;
}

/**
 * Holds the acknowledgements of received QoS 1/2 messages until what they acknowledge is safe
 * in IndexedDB. MQTT.js acknowledges as soon as it has handed a message over; the broker then
 * forgets it, so a reload before the history write would lose it. Here a PUBACK (QoS 1) or
 * PUBCOMP (QoS 2) waits for the history batch holding its record, a PUBREC (QoS 2) for the
 * receipt in the in-flight store that a resent PUBREL is answered from. Acks are released a
 * batch at a time; when a write fails they are never sent, so the broker keeps the messages
 * and sends them again on the next connect.
 */
export class AckGate {
	#receipts: ReceiptStore | undefined;
	/** Record ids not yet committed, with the packet id their acknowledgement will carry. */
	#pending = new Map<number, number>();
	/** The newest uncommitted record per packet id (a PUBREL resent after a drop finds it here). */
	#byPacketId = new Map<number, number>();
	/** Acknowledgements waiting for their record's batch. */
	#held = new Map<number, Packet[]>();
	/** PUBRECs waiting for a receipt write, grouped by that write. */
	#pubrecs: { write: Promise<boolean>; packets: Packet[] } | undefined;
	/** Counts connections, so a release never sends on a later one what an earlier one held. */
	#connection = 0;
	#send: ((packet: Packet) => void) | undefined;

	/** `receipts`: the incoming in-flight store, which keeps QoS 2 messages until PUBREL. */
	constructor(receipts?: ReceiptStore) {
		this.#receipts = receipts;
	}

	/** Routes a client's acknowledgements through the gate (once per client). */
	attach(client: MqttClient): void {
		// `_sendPacket` is private in MQTT.js's types but the one place acks leave: wrapping it
		// holds the ack without holding MQTT.js's packet pump, whose next packet waits for `cb`.
		const target = client as unknown as ClientInternals;
		const send = target._sendPacket.bind(client);
		const sent = (packet: Packet) => {
			if (packet.cmd !== 'pubcomp' || packet.messageId === undefined) return;
			// MQTT.js skips this when it answers a PUBREL from nothing stored (see get()).
			target._releaseIncomingQoS2Publish?.call(client, packet.messageId);
			this.#receipts?.completed(packet.messageId);
		};
		this.#send = (packet) => {
			send(packet);
			sent(packet);
		};
		target._sendPacket = (packet, cb, ...rest) => {
			if (this.#hold(packet)) {
				cb?.();
				return;
			}
			send(packet, cb, ...rest);
			sent(packet);
		};
		// Held acks belong to the connection that closed: a kept session makes the broker send
		// those messages again, and the new copies are acknowledged in their turn.
		client.on('connect', (connack) => {
			if (!connack.sessionPresent) this.#receipts?.sessionEnded();
		});
		client.on('close', () => {
			this.#held.clear();
			this.#pubrecs = undefined;
			this.#connection++;
		});
	}

	/** Notes that a received QoS 1/2 message became this record (call before MQTT.js acks it). */
	expect(packet: { messageId?: number; qos: number }, record: MessageRecord): void {
		if (packet.qos === 0 || packet.messageId === undefined) return;
		this.#pending.set(record.id, packet.messageId);
		this.#byPacketId.set(packet.messageId, record.id);
		if (packet.qos === 2) this.#receipts?.settleWithRecord(packet.messageId);
	}

	/** The QoS 2 receipts a batch's history write deletes in its own transaction. */
	receiptsOf(records: readonly MessageRecord[]): number[] {
		const ids: number[] = [];
		for (const record of records) {
			const packetId = this.#pending.get(record.id);
			if (packetId !== undefined && record.qos === 2) ids.push(packetId);
		}
		return ids;
	}

	/** A batch's write finished: its acks go out if it committed, are dropped if not. */
	settled(records: readonly MessageRecord[], saved: boolean): void {
		for (const record of records) {
			const packetId = this.#pending.get(record.id);
			if (packetId === undefined) continue;
			this.#pending.delete(record.id);
			if (this.#byPacketId.get(packetId) === record.id) this.#byPacketId.delete(packetId);
			if (record.qos === 2) this.#receipts?.recorded(packetId, saved);
			const held = this.#held.get(record.id);
			if (!held) continue;
			this.#held.delete(record.id);
			if (saved) for (const packet of held) this.#send?.(packet);
		}
	}

	/** Whether to hold this outgoing packet; holding queues it for its release. */
	#hold(packet: Packet): boolean {
		if (packet.cmd === 'pubrec') return this.#holdPubrec(packet);
		if (packet.cmd !== 'puback' && packet.cmd !== 'pubcomp') return false;
		const recordId = this.#byPacketId.get(packet.messageId ?? -1);
		if (recordId === undefined) return false;
		const held = this.#held.get(recordId);
		if (held) held.push(packet);
		else this.#held.set(recordId, [packet]);
		return true;
	}

	#holdPubrec(packet: Packet): boolean {
		const receipts = this.#receipts;
		if (!receipts || (packet as { reasonCode?: number }).reasonCode) return false;
		const write = receipts.saved();
		let group = this.#pubrecs;
		if (group?.write !== write) {
			// One release per receipt write: PUBRECs whose receipts share it go out together.
			const released = { write, packets: [] as Packet[] };
			const connection = this.#connection;
			void write.then((saved) => {
				if (this.#pubrecs === released) this.#pubrecs = undefined;
				if (!saved || connection !== this.#connection) return;
				for (const p of released.packets) this.#send?.(p);
			});
			group = this.#pubrecs = released;
		}
		group.packets.push(packet);
		return true;
	}
}
