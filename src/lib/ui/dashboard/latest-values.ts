/**
 * The latest values of each topic matching a tile's filter. The engine reads them, from history
 * once at the start and then from its live updates, parsing each payload in the worker: the
 * page only keeps each topic's newest and renders it. History cleared or imported starts it
 * over; retention pruning (nearly every batch at the cap) keeps what it has.
 */
import type { Latest, LatestSpec } from '$lib/shared/live/live-spec';
import { engine } from '$lib/state/engine';
import { LiveQuery } from '$lib/state/live-query.svelte';
import { pageRefresh, type RefreshSchedule } from '$lib/ui/app/refresh-schedule';

/**
 * Starts following a tile's latest values; `onchange` gets them sorted by topic, live changes at
 * the `refresh`'s pace (the page's, shared by every tile). Returns stop.
 */
export function watchLatest(
	profileId: string,
	spec: LatestSpec,
	onchange: (latest: Latest[]) => void,
	refresh: RefreshSchedule = pageRefresh
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

	const publish = () => {
		refresh.cancel(publish);
		onchange([...byTopic.values()].sort((a, b) => (a.topic < b.topic ? -1 : 1)));
	};

	const query = new LiveQuery(profileId, spec, {
		async backfill(cut, current) {
			const { latest } = await engine().readLatest(profileId, spec, cut);
			if (!current()) return;
			take(latest);
			publish();
		},
		apply(update) {
			if (take(update.latest)) refresh.request(publish);
		},
		reset() {
			byTopic.clear();
			publish();
		}
	});
	query.start();
	return () => {
		refresh.cancel(publish);
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
