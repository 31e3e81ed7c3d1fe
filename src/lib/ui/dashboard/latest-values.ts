/**
 * The latest values of each topic matching a tile's filter. The engine reads them, from history
 * once at the start and then from its live updates, parsing each payload in the worker: the
 * page only keeps each topic's newest and renders it. History cleared or imported starts it
 * over; retention pruning (nearly every batch at the cap) keeps what it has.
 */
import type { Latest, LatestSpec } from '$lib/shared/live/live-spec';
import { engine } from '$lib/state/engine';
import { LiveQuery } from '$lib/state/live-query.svelte';

/**
 * Most often a tile shows new live values, in ms. A number changing ten times a second cannot be
 * read, and each change costs the page a style, layout and paint pass: on a busy dashboard (a
 * batch every 100 ms, eight tiles) that was most of its main thread. Values in between are not
 * lost: the next refresh shows each topic's newest.
 */
export const TILE_REFRESH_MS = 250;

/** Starts following a tile's latest values; `onchange` gets them sorted by topic. Returns stop. */
export function watchLatest(
	profileId: string,
	spec: LatestSpec,
	onchange: (latest: Latest[]) => void
): () => void {
	const byTopic = new Map<string, Latest>();

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

	let lastLive = -Infinity;
	let due: ReturnType<typeof setTimeout> | undefined;
	const publish = () => {
		clearTimeout(due);
		due = undefined;
		onchange([...byTopic.values()].sort((a, b) => (a.topic < b.topic ? -1 : 1)));
	};
	/** Publishes live changes at once, or at the next refresh when one was shown lately. */
	const publishLive = () => {
		if (due !== undefined) return;
		const wait = lastLive + TILE_REFRESH_MS - performance.now();
		const run = () => {
			lastLive = performance.now();
			publish();
		};
		if (wait <= 0) run();
		else due = setTimeout(run, wait);
	};

	const query = new LiveQuery(profileId, spec, {
		async backfill(cut, current) {
			const { latest } = await engine().readLatest(profileId, spec, cut);
			if (!current()) return;
			take(latest);
			publish();
		},
		apply(update) {
			if (take(update.latest)) publishLive();
		},
		reset() {
			byTopic.clear();
			publish();
		}
	});
	query.start();
	return () => {
		clearTimeout(due);
		query.stop();
	};
}

/** How long ago a time was, in short words: "3 s ago", "5 min ago", "2 h ago", "4 d ago". */
export function ago(time: number, now: number): string {
	const s = Math.max(0, Math.round((now - time) / 1000));
	if (s < 60) return `${s} s ago`;
	if (s < 3600) return `${Math.floor(s / 60)} min ago`;
	if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
	return `${Math.floor(s / 86_400)} d ago`;
}
