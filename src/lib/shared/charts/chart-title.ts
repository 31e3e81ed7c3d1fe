/**
 * The name a newly plotted chart suggests: the topic's distinguishing level and the field,
 * "device01 · temperature", instead of the raw path (`["room 1"].temps[0]`). The user can edit
 * it in the plot dialog; this only has to be a good first guess.
 */
import { parsePath } from '../payload/numeric-fields';
import { hasWildcard } from '../mqtt/topic';

/** A JSON path as a person reads it: `["room 1"].temps[0]` → "room 1.temps[0]"; "" for a bare value. */
export function readableField(path: string): string {
	if (path === 'value') return '';
	const segments = parsePath(path);
	if (!segments) return path;
	return segments
		.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`))
		.join('');
}

/**
 * The level that tells one device from another: the last after the first that mixes letters
 * and digits ("device01", "sensor19", "shelly1-ab"), else the one before a last "what" level
 * (home/kitchen/temperature → kitchen), else the only one.
 */
export function distinguishingLevel(topic: string): string {
	const levels = topic.split('/').filter((l) => l !== '');
	if (levels.length === 0) return topic;
	// Not the first level of several: that names the system ("zigbee2mqtt"), not a device.
	const named = levels
		.slice(levels.length > 1 ? 1 : 0)
		.findLast((l) => /\p{L}/u.test(l) && /\d/.test(l));
	if (named) return named;
	return levels.length >= 3 ? levels[levels.length - 2] : levels[levels.length - 1];
}

/**
 * The suggested title of a new chart of `path` in messages on `topicFilter`. A wildcard filter
 * draws one line per device (named by the wildcard level), so its title is the field alone.
 */
export function suggestChartTitle(topicFilter: string, path: string): string {
	const field = readableField(path);
	const levels = topicFilter.split('/');
	if (hasWildcard(topicFilter)) {
		const fixed = levels.filter((l) => l !== '+' && l !== '#' && l !== '');
		return field || fixed[fixed.length - 1] || topicFilter;
	}
	const level = distinguishingLevel(topicFilter);
	// A bare number is named by its topic's last level ("kitchen · temperature").
	const what = field || levels[levels.length - 1];
	return what && what !== level ? `${level} · ${what}` : level;
}
