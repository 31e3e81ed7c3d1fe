import { validateTopicFilter } from '$lib/shared/mqtt/topic';
import type { Latest, LatestSpec } from '$lib/shared/live/live-spec';
import { watchLatest } from './latest-values';

/**
 * The latest values of each topic matching a tile's spec, kept live as reactive state (call
 * while a component initialises: the watch ends with the component or a new spec).
 */
export function latestMessages(
	profileId: () => string,
	spec: () => LatestSpec
): { readonly list: Latest[] } {
	let list = $state.raw<Latest[]>([]);
	$effect(() => {
		const { topicFilter, path, statusPath } = spec();
		const profile = profileId();
		list = [];
		if (validateTopicFilter(topicFilter)) return;
		return watchLatest(
			profile,
			{ kind: 'latest', topicFilter, path, statusPath },
			(next) => (list = next)
		);
	});
	return {
		get list() {
			return list;
		}
	};
}
