// How views follow a profile's history without knowing the engine's events: the state layer
// turns them into what changed for the reader.
import type { HistoryHead } from '$lib/shared/history/history-query';
import { historyReplaced } from '$lib/shared/history/history-events';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { on } from './engine';

/** What a reader of a profile's history wants to hear about. */
export interface HistoryFollower {
	/** Records were committed: the newest of the batch, and the new head. */
	appended?(newest: MessageRecord[], head: HistoryHead): void;
	/** Only the oldest records went (retention, full storage): what is newer is unchanged. */
	trimmed?(head: HistoryHead): void;
	/** History was cleared or imported: everything read before is stale, ids may restart. */
	replaced?(head: HistoryHead): void;
}

/** Follows a profile's history until the returned function is called. */
export function followHistory(profileId: string, follower: HistoryFollower): () => void {
	const offAppended = on('messages', profileId, (event) =>
		follower.appended?.(event.newest, event.head)
	);
	const offPruned = on('history-pruned', profileId, (event) => {
		if (historyReplaced(event.reason)) follower.replaced?.(event.head);
		else follower.trimmed?.(event.head);
	});
	return () => {
		offAppended();
		offPruned();
	};
}

/** Calls `changed` when a profile's topic tree may have changed, until the returned function is called. */
export function followTopicTree(profileId: string, changed: () => void): () => void {
	const offTree = on('topic-tree', profileId, () => changed());
	const offPruned = on('history-pruned', profileId, () => changed());
	return () => {
		offTree();
		offPruned();
	};
}
