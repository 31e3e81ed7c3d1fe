import mqtt from 'mqtt';
import type { IDBPDatabase } from 'idb';
import type { Packet } from 'mqtt';
import type { InflightRow, ScopeDB } from '$lib/storage/db';
import type { Timers } from './ingest';

type Direction = InflightRow['direction'];

/**
 * An MQTT.js Store that survives the tab: MQTT.js reads and streams from the in-memory store
 * it extends, and every put and del is mirrored to IndexedDB in batched transactions. On the
 * next connect of the profile, the stored packets are loaded back and MQTT.js resends them.
 */
export class PersistentStore extends mqtt.Store {
	#db: IDBPDatabase<ScopeDB>;
	#profileId: string;
	#direction: Direction;
	#timers: Timers;
	#pending = new Map<number, InflightRow | null>();
	/** History record of each publish in flight, kept through its PUBREL stage. */
	#recordIds = new Map<number, number>();
	/** Records of publishes loaded from an earlier page: no MQTT.js callback will report them. */
	#resent = new Map<number, number>();
	#timer: unknown;
	#writing: Promise<void> = Promise.resolve();
	/** Which history record the next stored publish belongs to (set around client.publish). */
	recordIdForNextPut: number | undefined;

	constructor(db: IDBPDatabase<ScopeDB>, profileId: string, direction: Direction, timers: Timers) {
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
		const range = IDBKeyRange.bound(
			[this.#profileId, this.#direction, 0],
			[this.#profileId, this.#direction, 65535]
		);
		const rows = await this.#db.getAll('inflight', range);
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
		super.put(packet, cb);
		const messageId = (packet as { messageId?: number }).messageId;
		if (messageId === undefined) return this;
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
		return this;
	}

	override del(
		packet: Pick<Packet, 'messageId'>,
		cb: (error?: Error, packet?: Packet) => void
	): this {
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

	#queue(messageId: number, row: InflightRow | null): void {
		this.#pending.set(messageId, row);
		this.#timer ??= this.#timers.setTimeout(() => {
			this.#timer = undefined;
			void this.#write();
		}, 20);
	}

	#write(): Promise<void> {
		this.#writing = this.#writing.then(async () => {
			if (!this.#pending.size) return;
			const batch = [...this.#pending];
			this.#pending.clear();
			const tx = this.#db.transaction('inflight', 'readwrite');
			const ops = batch.map(([messageId, row]) =>
				row ? tx.store.put(row) : tx.store.delete([this.#profileId, this.#direction, messageId])
			);
			// A failed write (quota) must not break MQTT.js's flow; the memory store still works,
			// only reload-safety is lost for this batch.
			await Promise.all([...ops, tx.done]).catch(() => undefined);
		});
		return this.#writing;
	}
}
