import type { IDBPDatabase } from 'idb';
import { spreadPick } from '$lib/shared/charts/overview';
import type { ScopeDB, Segment } from './db';
import { profileRange } from './segment-append';

/** Segments spread over a time range, and what the heads of the range say about it. */
export interface SegmentSpread {
	segments: Segment[];
	/** Connection gaps of every head in the range, oldest first. */
	gaps: { from: number; to: number }[];
	/** The range clamped to the history's first and last times (from > to: no history). */
	from: number;
	to: number;
	/** Heads in the range that are candidates (before the spread picks among them). */
	inRange: number;
}

/** Which segments a spread is read from. */
export interface SpreadQuery {
	/** First ids of the segments that may be picked; all when undefined. */
	ids?: readonly number[];
	/** The range: this many ms back from the newest record (arrival time); 0 for all of it. */
	span: number;
	/** Most segments picked. */
	slots: number;
	/** None is read when the candidates hold at most this many records. */
	skipUpTo: number;
}

/**
 * At most `slots` segments spread over a range of history, among candidates: one read of the
 * profile's heads (small rows, linear in the number of segments) and one of each picked
 * segment, all in one transaction.
 */
export async function readSpread(
	db: IDBPDatabase<ScopeDB>,
	profileId: string,
	{ ids, span, slots, skipUpTo }: SpreadQuery
): Promise<SegmentSpread> {
	const tx = db.transaction(['segment-heads', 'segments']);
	const heads = await tx.objectStore('segment-heads').getAll(profileRange(profileId));
	const first = heads[0]?.firstTime ?? heads[0]?.lastTime ?? Infinity;
	const hi = heads.at(-1)?.lastTime ?? -Infinity;
	const lo = span > 0 ? Math.max(first, hi - span) : first;
	const inRange = heads.filter((h) => (h.firstTime ?? h.lastTime) <= hi && h.lastTime >= lo);
	const gaps = inRange.flatMap((h) => h.gaps ?? []);
	const wanted = ids ? new Set(ids) : undefined;
	const candidates = wanted ? inRange.filter((h) => wanted.has(h.firstId)) : inRange;
	const records = candidates.reduce((sum, h) => sum + h.count, 0);
	const picked = records > skipUpTo ? spreadPick(candidates, (h) => h.lastTime, lo, hi, slots) : [];
	// All gets issued before any await: IndexedDB answers them in one go.
	const segments = await Promise.all(
		picked.map((h) => tx.objectStore('segments').get([profileId, h.firstId]))
	);
	return {
		segments: segments.filter((s): s is Segment => s !== undefined),
		gaps,
		from: lo,
		to: hi,
		inRange: candidates.length
	};
}
