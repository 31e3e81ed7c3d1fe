// How views follow a profile's topic tree without knowing the engine's events (what charts,
// tiles and lists show follows through live-query.svelte.ts).
import { on } from './engine';

/** Calls `changed` when a profile's topic tree may have changed, until the returned function is called. */
export function followTopicTree(profileId: string, changed: () => void): () => void {
	const offTree = on('topic-tree', profileId, () => changed());
	const offPruned = on('history-pruned', profileId, () => changed());
	return () => {
		offTree();
		offPruned();
	};
}
