/**
 * The latest message of each topic matching a filter: the loader behind the number, gauge and
 * status tiles. History is read once, at the start; after that the engine's live updates carry
 * each topic's newest message, parsed in the worker. History cleared or imported starts it
 * over; retention pruning (nearly every batch at the cap) keeps what it has.
 */
import type { Latest } from '$lib/shared/live/live-spec';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { parsePath, parsePayload, readAtPath } from '$lib/shared/payload/numeric-fields';
import { readSeriesValue } from '$lib/shared/charts/series';
import { hasWildcard } from '$lib/shared/mqtt/topic';
import { engine } from '$lib/state/engine';
import { LiveQuery } from '$lib/state/live-query.svelte';

/** Matches read per request. */
const PAGE = 500;
/** A wildcard filter reads at most this many records of history for its first values. */
const FIRST_READ_BUDGET = 200_000;

const decoder = new TextDecoder('utf-8');

/**
 * Starts following a filter's latest values; `onchange` gets them sorted by topic. With
 * `numberPath`, a topic keeps its newest message that has a number at that path, so messages of
 * another shape on the same topic do not blank the tile. Returns stop.
 */
export function watchLatest(
	profileId: string,
	topicFilter: string,
	onchange: (latest: Latest[]) => void,
	numberPath?: string
): () => void {
	const byTopic = new Map<string, Latest>();
	const exact = !hasWildcard(topicFilter);

	/** Keeps each topic's newest; true when something changed. */
	const take = (candidates: Latest[]): boolean => {
		let changed = false;
		for (const latest of candidates) {
			const known = byTopic.get(latest.topic);
			if (known && known.id >= latest.id) continue;
			byTopic.set(latest.topic, latest);
			changed = true;
		}
		return changed;
	};

	const publish = () =>
		onchange([...byTopic.values()].sort((a, b) => (a.topic < b.topic ? -1 : 1)));

	/** Keeps, per topic, the first of the records (newest first) a tile can show. */
	const takeHistory = (records: MessageRecord[]): void => {
		for (const record of records) {
			if (byTopic.has(record.topic)) continue;
			const latest: Latest = {
				topic: record.topic,
				id: record.id,
				time: record.time,
				payload: parsePayload(record.payload),
				text: decoder.decode(record.payload)
			};
			if (numberPath !== undefined && numberOf(latest, numberPath) === undefined) continue;
			byTopic.set(record.topic, latest);
		}
	};

	const query = new LiveQuery(
		profileId,
		{ kind: 'latest', topicFilter, path: numberPath },
		{
			async backfill(cut, current) {
				let beforeId = cut + 1;
				let scanned = 0;
				for (;;) {
					const page = await engine().readFiltered({
						profileId,
						filter: { topicFilter },
						beforeId,
						limit: PAGE
					});
					if (!current()) return;
					takeHistory(page.records);
					scanned += page.scanned;
					// The newest message of an exact topic is all a first read needs.
					if (page.done || (exact && byTopic.size > 0) || scanned >= FIRST_READ_BUDGET) break;
					beforeId = page.nextBeforeId;
				}
				publish();
			},
			apply(update) {
				if (take(update.latest)) publish();
			},
			reset() {
				byTopic.clear();
				publish();
			}
		}
	);
	query.start();
	return () => query.stop();
}

/** A tile's number from a latest message: the value at the path (a boolean as 1/0). */
export function numberOf(latest: Latest, path: string): number | undefined {
	return latest.payload === undefined ? undefined : readSeriesValue(latest.payload, path);
}

/** A status as text: the whole payload (a JSON string unquoted) or the value at the path. */
export function statusOf(latest: Latest, path: string): string | undefined {
	if (path === '') {
		return typeof latest.payload === 'string' ? latest.payload : latest.text.trim();
	}
	const segments = parsePath(path);
	const node = segments ? readAtPath(latest.payload, segments) : undefined;
	if (node === undefined || node === null || typeof node === 'object') return undefined;
	return String(node);
}

/** How long ago a time was, in short words: "3 s ago", "5 min ago", "2 h ago", "4 d ago". */
export function ago(time: number, now: number): string {
	const s = Math.max(0, Math.round((now - time) / 1000));
	if (s < 60) return `${s} s ago`;
	if (s < 3600) return `${Math.floor(s / 60)} min ago`;
	if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
	return `${Math.floor(s / 86_400)} d ago`;
}
