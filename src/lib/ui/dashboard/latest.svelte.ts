import { validateTopicFilter } from '$lib/shared/topic';
import { watchLatest, type Latest } from './latest-values';

/**
 * The latest message of each topic matching a tile's filter, kept live as reactive state
 * (call while a component initialises: the watch ends with the component or a new filter).
 */
export function latestMessages(
	profileId: () => string,
	topicFilter: () => string
): { readonly list: Latest[] } {
	let list = $state.raw<Latest[]>([]);
	$effect(() => {
		const filter = topicFilter();
		const profile = profileId();
		list = [];
		if (validateTopicFilter(filter)) return;
		return watchLatest(profile, filter, (next) => (list = next));
	});
	return {
		get list() {
			return list;
		}
	};
}
