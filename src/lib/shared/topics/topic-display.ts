/** The mark that stands for hidden characters or levels. */
export const ELLIPSIS = '…';

/**
 * Shortens the topics in view (the rows on screen) to fit `budget` characters each, hiding only
 * what all of them share, so the level that tells them apart (`device01` vs `device02`) stays.
 * Returns each distinct topic's display text.
 *
 * For each topic that is too long, in this order and only as far as needed:
 * 1. Middle levels (neither the first nor the last) that are the same in every topic in view, at
 *    the same position, are hidden whole from the first level onwards; each run of hidden levels
 *    shows as one `…` (`smart_env/…/device01/telemetry`).
 * 2. Then the first level, if it too is the same in every topic in view, is cut inside, keeping
 *    its start (`smart…/device01/telemetry`).
 *
 * The last level and every level where the topics in view differ are never hidden or cut. When
 * even they do not fit, the text stays longer than the budget (the row clips its end) rather
 * than lose what tells topics apart; the full topic is always one hover or long-press away.
 * With a single topic in view every level counts as shared.
 *
 * Work is linear in the total length of the topics.
 */
export function elideTopics(topics: Iterable<string>, budget: number): Map<string, string> {
	const distinct = [...new Set(topics)];
	const split = distinct.map((topic) => topic.split('/'));
	const shared = sharedLevels(split);
	const shown = new Map<string, string>();
	for (let i = 0; i < distinct.length; i++) {
		shown.set(distinct[i], elideOne(distinct[i], split[i], shared, budget));
	}
	return shown;
}

/** Which positions hold the same level in every topic (a topic without that level differs). */
function sharedLevels(split: string[][]): boolean[] {
	if (split.length === 0) return [];
	const reference = split[0];
	const shared = reference.map(() => true);
	for (let t = 1; t < split.length; t++) {
		const levels = split[t];
		for (let i = 0; i < reference.length; i++) {
			// A topic without this level differs from the others there.
			if (shared[i] && (i >= levels.length || levels[i] !== reference[i])) shared[i] = false;
		}
	}
	return shared;
}

/** One topic's display text; see `elideTopics` for the order of what is hidden. */
function elideOne(topic: string, levels: string[], shared: boolean[], budget: number): string {
	let length = topic.length;
	if (length <= budget) return topic;
	const last = levels.length - 1;
	const hidden = levels.map(() => false);
	for (let i = 1; i < last && length > budget; i++) {
		if (!shared[i]) continue;
		// Joining the run on the left also drops a separator and that run's own `…`.
		const saved = hidden[i - 1] ? levels[i].length + 1 : levels[i].length - ELLIPSIS.length;
		if (saved <= 0) continue;
		hidden[i] = true;
		length -= saved;
	}
	let first = levels[0];
	if (length > budget && last > 0 && shared[0]) {
		// Keep at least one character of the first level, so the row still says where it starts.
		const keep = Math.max(1, first.length - (length - budget) - ELLIPSIS.length);
		if (keep + ELLIPSIS.length < first.length) first = first.slice(0, keep) + ELLIPSIS;
	}
	const parts = [first];
	for (let i = 1; i <= last; i++) {
		if (!hidden[i]) parts.push(levels[i]);
		else if (!hidden[i - 1]) parts.push(ELLIPSIS);
	}
	return parts.join('/');
}
