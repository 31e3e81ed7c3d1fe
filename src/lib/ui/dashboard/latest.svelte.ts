import { validateTopicFilter } from '$lib/shared/mqtt/topic';
import type { Latest } from '$lib/shared/live/live-spec';
import { watchLatest } from './latest-values';

/**
 * The latest message of each topic matching a tile's filter, kept live as reactive state
 * (call while a component initialises: the watch ends with the component or a new filter).
 * With `numberPath`, the latest message of each topic that has a number at that path.
 */
export function latestMessages(
	profileId: () => string,
	topicFilter: () => string,
	numberPath?: () => string
): { readonly list: Latest[] } {
	let list = $state.raw<Latest[]>([]);
	$effect(() => {
		const filter = topicFilter();
		const profile = profileId();
		const path = numberPath?.();
		list = [];
		if (validateTopicFilter(filter)) return;
		return watchLatest(profile, filter, (next) => (list = next), path);
	});
	return {
		get list() {
			return list;
		}
	};
}
