import type { Database, InflightRow } from './db';

/** The QoS 1/2 packets one profile left in flight in one direction, by packet id. */
export function loadInflight(
	db: Database,
	profileId: string,
	direction: InflightRow['direction']
): Promise<InflightRow[]> {
	const range = IDBKeyRange.bound([profileId, direction, 0], [profileId, direction, 65535]);
	return db.getAll('inflight', range);
}

/**
 * Stores the changes of one profile's in-flight packets in one direction in one transaction: a
 * row puts the packet of its id, null deletes it. Rejects when the transaction fails (and throws
 * when one cannot start, as IndexedDB does).
 */
export function saveInflight(
	db: Database,
	profileId: string,
	direction: InflightRow['direction'],
	changes: [messageId: number, row: InflightRow | null][]
): Promise<void> {
	const tx = db.transaction('inflight', 'readwrite');
	const ops = changes.map(([messageId, row]) =>
		row ? tx.store.put(row) : tx.store.delete([profileId, direction, messageId])
	);
	return Promise.all([...ops, tx.done]).then(() => undefined);
}
