/**
 * The latest message of each topic matching a filter, read from history and kept live: the
 * loader behind the number, gauge and status tiles. One read of the newest history at the
 * start, then only what is new after each committed batch. History cleared or imported starts
 * it over; retention pruning (nearly every batch at the cap) keeps what it has.
 */
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { parsePath, parsePayload, readAtPath } from '$lib/shared/payload/numeric-fields';
import { readSeriesValue } from '$lib/shared/charts/series';
import { hasWildcard } from '$lib/shared/mqtt/topic';
import { engine } from '$lib/state/engine';
import { followHistory } from '$lib/state/history-follow';

/** The newest message of one topic, parsed once. */
export interface Latest {
	topic: string;
	id: number;
	/** Arrival time, ms since the epoch. */
	time: number;
	/** The payload as JSON (or a bare number); undefined when it is neither. */
	payload: unknown;
	/** The payload as UTF-8 text. */
	text: string;
}

/** Matches read per request. */
const PAGE = 500;
/** A wildcard filter reads at most this many records of history for its first values. */
const FIRST_READ_BUDGET = 200_000;

const decoder = new TextDecoder('utf-8');

/**
 * Starts following a filter's latest values; `onchange` gets them sorted by topic. With `accept`,
 * a topic keeps its newest message that `accept` takes (e.g. one with a number at the tile's
 * path), so messages of another shape on the same topic do not blank the tile. Returns stop.
 */
export function watchLatest(
	profileId: string,
	topicFilter: string,
	onchange: (latest: Latest[]) => void,
	accept?: (latest: Latest) => boolean
): () => void {
	const byTopic = new Map<string, Latest>();
	const exact = !hasWildcard(topicFilter);
	/** Every record up to this id has been looked at. */
	let watermark: number | undefined;
	/** The newest id a batch event announced (committed before the event was sent). */
	let announced = 0;
	let generation = 0;
	let running = false;
	let again = false;
	let stopped = false;

	const take = (records: MessageRecord[]): boolean => {
		let changed = false;
		for (const record of records) {
			const known = byTopic.get(record.topic);
			if (known && known.id >= record.id) continue;
			const latest: Latest = {
				topic: record.topic,
				id: record.id,
				time: record.time,
				payload: parsePayload(record.payload),
				text: decoder.decode(record.payload)
			};
			if (accept && !accept(latest)) continue;
			byTopic.set(record.topic, latest);
			changed = true;
		}
		return changed;
	};

	const publish = () =>
		onchange([...byTopic.values()].sort((a, b) => (a.topic < b.topic ? -1 : 1)));

	/** Reads history newest first: the start, or only what is newer than the watermark. */
	const read = async (): Promise<void> => {
		const mine = generation;
		const first = watermark === undefined;
		if (first) {
			const head = await engine().historyHead(profileId);
			if (mine !== generation || stopped) return;
			watermark = head.lastId;
		}
		const afterId = first ? undefined : watermark;
		// A read that starts now sees every record committed before the last batch event.
		const covered = announced;
		let beforeId = Infinity;
		let scanned = 0;
		let changed = false;
		for (;;) {
			const page = await engine().readFiltered({
				profileId,
				filter: { topicFilter },
				beforeId,
				afterId,
				limit: PAGE
			});
			if (mine !== generation || stopped) return;
			changed = take(page.records) || changed;
			for (const record of page.records) watermark = Math.max(watermark ?? 0, record.id);
			scanned += page.scanned;
			// The newest message of an exact topic is all a first read needs.
			const enough = first && exact && byTopic.size > 0;
			if (page.done || enough || (first && scanned >= FIRST_READ_BUDGET)) break;
			beforeId = page.nextBeforeId;
		}
		watermark = Math.max(watermark ?? 0, covered);
		if (changed || first) publish();
	};

	/** Runs reads one at a time; a batch arriving during a read asks for one more. */
	const refresh = async (): Promise<void> => {
		if (running) {
			again = true;
			return;
		}
		running = true;
		try {
			do {
				again = false;
				await read();
			} while (again && !stopped);
		} catch {
			// The worker can be restarting or the profile gone: the next batch tries again.
		} finally {
			running = false;
		}
	};

	// Trimmed history (only the oldest records went) leaves the newest of each topic right.
	const unlisten = followHistory(profileId, {
		appended: (_newest, head) => {
			announced = Math.max(announced, head.lastId);
			void refresh();
		},
		replaced: () => {
			// Ids may start at 1 again after a clear: no watermark or head survives it.
			generation++;
			byTopic.clear();
			watermark = undefined;
			announced = 0;
			void refresh();
		}
	});
	void refresh();
	return () => {
		stopped = true;
		unlisten();
	};
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
