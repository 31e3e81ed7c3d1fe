/**
 * A virtual list's fixed pool of row slots. Each slot is one DOM node that shows one row; a row
 * keeps its slot (and so its node) for as long as it stays in the drawn range, however its index
 * moves, and a slot freed by a row leaving the range is handed to a row entering it. Nodes are
 * updated in place instead of created and destroyed while scrolling or while rows arrive.
 */

/** One slot: its fixed id, and the row (index and key) it shows; index -1 when it is idle. */
export interface RowSlot<K> {
	id: number;
	index: number;
	key: K | undefined;
}

/**
 * Assigns the rows `first`..`last` to slots. A row whose key had a slot keeps it; the other rows
 * take the freed slots in their previous order (so nodes move as little as possible), and new
 * slots only when the pool is too small. Returns every slot, in row order, idle ones last.
 */
export function assignSlots<K>(
	slots: readonly RowSlot<K>[],
	first: number,
	last: number,
	keyAt: (index: number) => K
): RowSlot<K>[] {
	const byKey = new Map<K, RowSlot<K>>();
	for (const slot of slots) if (slot.index >= 0) byKey.set(slot.key as K, slot);
	const kept = new Set<number>();
	const rows: { index: number; key: K; slot?: RowSlot<K> }[] = [];
	for (let index = first; index <= last; index++) {
		const key = keyAt(index);
		const slot = byKey.get(key);
		byKey.delete(key);
		if (slot) kept.add(slot.id);
		rows.push({ index, key, slot });
	}
	const free = slots
		.filter((slot) => !kept.has(slot.id))
		.sort((a, b) => rank(a) - rank(b) || a.id - b.id);
	let nextId = slots.reduce((max, slot) => Math.max(max, slot.id + 1), 0);
	const assigned = rows.map(({ index, key, slot }) => ({
		id: slot?.id ?? free.shift()?.id ?? nextId++,
		index,
		key
	}));
	const idle = free.map(({ id }) => ({ id, index: -1, key: undefined }));
	return [...assigned, ...idle];
}

/** Where a slot sat: rows in their order, idle slots after them. */
function rank(slot: RowSlot<unknown>): number {
	return slot.index >= 0 ? slot.index : Number.MAX_SAFE_INTEGER;
}
