import mqtt from 'mqtt';
import type { IPublishPacket, Packet } from 'mqtt';
import type { Database, InflightRow } from '$lib/storage/db';
import { loadInflight, saveInflight } from '$lib/storage/inflight';
import type { ReceiptStore } from './ack-gate';
import type { Timers } from './ingest';

type Direction = InflightRow['direction'];

/**
 * An MQTT.js Store that survives the tab: MQTT.js reads and streams from the in-memory store
 * it extends, and every put and del is mirrored to IndexedDB in batched transactions. On the
 * next connect of the profile, the stored packets are loaded back and MQTT.js resends them.
 */
export class PersistentStore extends mqtt.Store implements ReceiptStore {
	#db: Database;
	#profileId: string;
	#direction: Direction;
	#timers: Timers;
	#pending = new Map<number, InflightRow | null>();
	/** History record of each publish in flight, kept through its PUBREL stage. */
	#recordIds = new Map<number, number>();
	/** Records of publishes loaded from an earlier page: no MQTT.js callback will report them. */
	#resent = new Map<number, number>();
	/**
	 * QoS 2 messages that became records, by packet id, with a fingerprint of topic and payload.
	 * The broker may send one again: a PUBREL while our PUBCOMP waits, or, after its own restart,
	 * Mosquitto 2.0 resends the whole PUBLISH (DUP set) even when our PUBCOMP had reached it
	 * just before. Such a copy must not become a record twice. An entry ends when the broker
	 * uses the id for a new message (DUP clear), or keeps no session.
	 */
	#recorded = new Map<number, number>();
	#timer: unknown;
	/** The last write started, and whether it committed. */
	#writing: Promise<boolean> = Promise.resolve(true);
	/** The write that will carry what is queued now, promised before it starts. */
	#nextWrite: { promise: Promise<boolean>; resolve: (saved: boolean) => void } | undefined;
	/** Which history record the next stored publish belongs to (set around client.publish). */
	recordIdForNextPut: number | undefined;

	constructor(db: Database, profileId: string, direction: Direction, timers: Timers) {
		super({ clean: false });
		this.#db = db;
		this.#profileId = profileId;
		this.#direction = direction;
		this.#timers = timers;
	}

	/** The history record of a publish an earlier page left in flight, once acknowledged. */
	resentRecordId(messageId: number): number | undefined {
		return this.#resent.get(messageId);
	}

	/** Loads the packets left by an earlier page, before the client connects. */
	async load(): Promise<InflightRow[]> {
		const rows = await loadInflight(this.#db, this.#profileId, this.#direction);
		for (const row of rows) {
			super.put(row.packet as unknown as Packet, () => undefined);
			if (row.recordId !== undefined) {
				this.#recordIds.set(row.messageId, row.recordId);
				this.#resent.set(row.messageId, row.recordId);
			}
		}
		return rows;
	}

	override put(packet: Packet, cb: () => void): this {
		const messageId = (packet as { messageId?: number }).messageId;
		if (messageId !== undefined && this.#recorded.has(messageId)) {
			const publish = packet as IPublishPacket;
			// A copy of a message already recorded: kept nowhere, so its PUBREL finds nothing and
			// is answered with PUBCOMP alone.
			if (publish.dup && this.#recorded.get(messageId) === fingerprint(publish)) {
				cb();
				return this;
			}
			this.#recorded.delete(messageId);
		}
		// Queued before MQTT.js hears back: its callback sends PUBREC, which waits for saved().
		if (messageId !== undefined) this.#mirror(messageId, packet);
		return super.put(packet, cb);
	}

	#mirror(messageId: number, packet: Packet): void {
		if (packet.cmd === 'publish' && this.recordIdForNextPut !== undefined) {
			this.#recordIds.set(messageId, this.recordIdForNextPut);
		}
		this.#queue(messageId, {
			profileId: this.#profileId,
			direction: this.#direction,
			messageId,
			// Structured clone keeps the packet as plain data (Buffers become Uint8Arrays).
			packet: { ...packet } as Record<string, unknown>,
			recordId: this.#recordIds.get(messageId)
		});
	}

	override get(packet: Pick<Packet, 'messageId'>, cb: (error?: Error, packet?: Packet) => void) {
		// Already a record: a PUBREL resent meanwhile must not deliver it twice. MQTT.js answers
		// a missing packet with PUBCOMP, which the ack gate holds until the record is stored.
		if (packet.messageId !== undefined && this.#recorded.has(packet.messageId)) {
			cb(new Error('missing packet'));
			return this;
		}
		return super.get(packet, cb);
	}

	override del(
		packet: Pick<Packet, 'messageId'>,
		cb: (error?: Error, packet?: Packet) => void
	): this {
		// Its history write deletes the receipt (or, failing, keeps it for the broker's resend).
		if (packet.messageId !== undefined && this.#recorded.has(packet.messageId)) {
			cb(undefined, packet as Packet);
			return this;
		}
		super.del(packet, cb);
		if (packet.messageId !== undefined) {
			this.#recordIds.delete(packet.messageId);
			this.#resent.delete(packet.messageId);
			this.#queue(packet.messageId, null);
		}
		return this;
	}

	/** Writes what is queued and waits for it. */
	async flush(): Promise<void> {
		this.#timers.clearTimeout(this.#timer);
		this.#timer = undefined;
		await this.#write();
	}

	/** Resolves once everything queued so far is written; false if that write failed. */
	saved(): Promise<boolean> {
		if (!this.#pending.size) return this.#writing;
		if (!this.#nextWrite) {
			let resolve: (saved: boolean) => void = () => undefined;
			const promise = new Promise<boolean>((r) => (resolve = r));
			this.#nextWrite = { promise, resolve };
		}
		return this.#nextWrite.promise;
	}

	/** This QoS 2 message became a history record: its receipt leaves with that write. */
	settleWithRecord(packet: IPublishPacket): void {
		if (packet.messageId !== undefined) this.#recorded.set(packet.messageId, fingerprint(packet));
	}

	/**
	 * The record's history write finished. Committed, it deleted the receipt's row in the same
	 * transaction, so only the memory copy goes. Failed, the receipt stays: the broker resends
	 * PUBREL on the next connect and the message is delivered from it again.
	 */
	recorded(messageId: number, saved: boolean): void {
		if (!this.#recorded.has(messageId)) return;
		if (saved) super.del({ messageId }, () => undefined);
		else this.#recorded.delete(messageId);
	}

	/** The broker kept no session: nothing recorded will come again. */
	sessionEnded(): void {
		this.#recorded.clear();
	}

	#queue(messageId: number, row: InflightRow | null): void {
		this.#pending.set(messageId, row);
		this.#timer ??= this.#timers.setTimeout(() => {
			this.#timer = undefined;
			void this.#write();
		}, 20);
	}

	#write(): Promise<boolean> {
		this.#writing = this.#writing.then(async () => {
			if (!this.#pending.size) return true;
			const batch = [...this.#pending];
			const promised = this.#nextWrite;
			this.#pending.clear();
			this.#nextWrite = undefined;
			// A failed write (quota) must not break MQTT.js's flow; the memory store still works,
			// only reload-safety is lost for this batch, and PUBRECs waiting on it are not sent.
			const saved = await saveInflight(this.#db, this.#profileId, this.#direction, batch).then(
				() => true,
				() => false
			);
			promised?.resolve(saved);
			return saved;
		});
		return this.#writing;
	}
}

/**
 * FNV-1a over a PUBLISH's topic and payload: tells a resent copy from a new message that
 * reuses its packet id. Linear in the payload, computed once per QoS 2 message.
 */
function fingerprint(packet: IPublishPacket): number {
	let hash = 0x811c9dc5;
	const mix = (byte: number) => (hash = Math.imul(hash ^ byte, 0x01000193));
	const topic = String(packet.topic);
	for (let i = 0; i < topic.length; i++) mix(topic.charCodeAt(i) & 0xff);
	mix(0);
	const payload = packet.payload;
	if (typeof payload === 'string')
		for (let i = 0; i < payload.length; i++) mix(payload.charCodeAt(i) & 0xff);
	else for (let i = 0; i < payload.length; i++) mix(payload[i]);
	return hash >>> 0;
}
