import { spreadPick } from '$lib/shared/charts/overview';
import type { Database, SegmentHead } from './db';
import type { RecordRun } from './history-runs';
import { TopicRunsRead, type TopicQuery } from './topic-runs';

/** Runs (segments) spread over a time range, and what the heads of the range say about it. */
export interface SegmentSpread {
	runs: RecordRun[];
	/** Connection gaps of every head in the range, oldest first. */
	gaps: { from: number; to: number }[];
	/** The range clamped to the history's first and last times (from > to: no history). */
	from: number;
	to: number;
	/**
	 * Heads in the range that are candidates (before the spread picks among them): for topics
	 * few enough to walk, every head of the range (see readSpread).
	 */
	inRange: number;
	/**
	 * Whether the runs are a sample of the candidates (fewer picked than there are): if not, every
	 * run of the range holding the query's topics was read, and read whole.
	 */
	sampled: boolean;
}

/** Which runs a spread is read from. */
export interface SpreadQuery {
	/** Only runs the topic index lists for these; every run when undefined. */
	topics?: TopicQuery;
	/** The range: this many ms back from the newest record (arrival time); 0 for all of it. */
	span: number;
	/** Most runs picked. */
	slots: number;
	/** None is read when the candidates hold at most this many records. */
	skipUpTo: number;
}

/** The heads keyed `ids` (each one of `heads`, which are in key order), in their order. */
function headsOf(heads: readonly SegmentHead[], ids: readonly number[]): SegmentHead[] {
	const byId = new Map(heads.map((head) => [head.firstId, head]));
	return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * At most `slots` runs spread over a range of a profile's history, among those holding a topic
 * of the query, in one transaction: the topic index, the profile's heads (small rows, linear in
 * the number of runs) and each picked run, so the work is bounded by `slots`, not the range.
 * When the picks are a sample of the range's runs, each is read as its sample where it has one
 * (a full run's few records a topic, a small share of it: see SegmentSample).
 *
 * For a few topics (a chart of one device, or of the devices a "+" matches) the spread is picked
 * among all the range's heads and each pick moves on to the first run holding one of them before
 * the next pick: the index is sought once a pick and topic instead of listing every run of the
 * topics, which over a month took longer than reading the picked runs.
 */
export async function readSpread(
	db: Database,
	profileId: string,
	{ topics, span, slots, skipUpTo }: SpreadQuery
): Promise<SegmentSpread> {
	const read = new TopicRunsRead(db, profileId);
	const [heads, walked] = await Promise.all([
		read.heads(),
		topics ? read.walkableTopics(topics) : undefined
	]);
	const ids = topics && !walked ? await read.runIdsFor(topics.prefixes) : undefined;
	const first = heads[0]?.firstTime ?? heads[0]?.lastTime ?? Infinity;
	const hi = heads.at(-1)?.lastTime ?? -Infinity;
	const lo = span > 0 ? Math.max(first, hi - span) : first;
	const inRange = heads.filter((h) => (h.firstTime ?? h.lastTime) <= hi && h.lastTime >= lo);
	const gaps = inRange.flatMap((h) => h.gaps ?? []);
	const wanted = ids ? new Set(ids) : undefined;
	const candidates = wanted ? inRange.filter((h) => wanted.has(h.firstId)) : inRange;
	const records = candidates.reduce((sum, h) => sum + h.count, 0);
	const picked = records > skipUpTo ? spreadPick(candidates, (h) => h.lastTime, lo, hi, slots) : [];
	const keys = walked
		? await read.firstRunIdsIn(
				walked,
				picked.map((h, i): [number, number] => [h.firstId, picked[i + 1]?.firstId ?? Infinity])
			)
		: picked.map((h) => h.firstId);
	// Only a spread that is a sample already reads samples: one of every run keeps the true
	// lowest and highest of the range.
	const sampled = picked.length < candidates.length;
	const runs = sampled ? await read.sampledRuns(headsOf(heads, keys)) : await read.runs(keys);
	return {
		runs: runs.filter((run): run is RecordRun => run !== undefined),
		gaps,
		from: lo,
		to: hi,
		inRange: candidates.length,
		sampled
	};
}
