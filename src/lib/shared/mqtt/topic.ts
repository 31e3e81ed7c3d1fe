/**
 * Topic names, topic filters and matching, per MQTT 5 §4.7 (the same rules hold for 3.1.1 §4.7).
 * Validators return a sentence a user can act on, or undefined when the input is fine.
 */

/** Topic names and filters are UTF-8 strings of at most 65,535 bytes (MQTT 5 §1.5.4). */
const MAX_BYTES = 65535;

const SHARE_PREFIX = '$share/';

/** Explains why a topic cannot be published to, or returns undefined when it can. */
export function validateTopicName(topic: string): string | undefined {
	// MQTT 5 §4.7.3: a topic name is at least one character long.
	if (topic.length === 0) return 'Enter a topic to publish to, e.g. "home/kitchen/light".';
	const common = validateUtf8String(topic, 'topic');
	if (common) return common;
	// MQTT 5 §4.7.1: wildcards are for subscriptions only, never in a topic name.
	if (topic.includes('+') || topic.includes('#')) {
		return (
			'A topic you publish to cannot contain the wildcards "+" or "#": they are only for ' +
			'subscribing. Use the exact topic, e.g. "home/kitchen/light".'
		);
	}
	return undefined;
}

/** Explains why a subscription filter is invalid, or returns undefined when it is valid. */
export function validateTopicFilter(filter: string): string | undefined {
	if (filter.length === 0) return 'Enter a topic filter, e.g. "home/#" or "sensors/+/temperature".';
	const common = validateUtf8String(filter, 'topic filter');
	if (common) return common;
	let rest = filter;
	if (filter.startsWith(SHARE_PREFIX)) {
		// MQTT 5 §4.8.2: $share/{ShareName}/{filter}; the share name has no "/", "+" or "#".
		const slash = filter.indexOf('/', SHARE_PREFIX.length);
		const group =
			slash === -1 ? filter.slice(SHARE_PREFIX.length) : filter.slice(SHARE_PREFIX.length, slash);
		if (group.length === 0) {
			return 'A shared subscription needs a group name: "$share/group/topic/filter".';
		}
		if (group.includes('+') || group.includes('#')) {
			return `The shared subscription group name "${group}" cannot contain "+" or "#".`;
		}
		if (slash === -1 || slash === filter.length - 1) {
			return `A shared subscription needs a topic filter after the group: "$share/${group}/topic/#".`;
		}
		rest = filter.slice(slash + 1);
	}
	const levels = rest.split('/');
	for (let i = 0; i < levels.length; i++) {
		const level = levels[i];
		// MQTT 5 §4.7.1.2: "#" occupies a whole level and must be the last character.
		if (level.includes('#')) {
			if (level !== '#') {
				return `A "#" must fill a whole topic level, like "a/#", not "${example(levels, i)}".`;
			}
			if (i !== levels.length - 1) {
				return 'A "#" matches everything below it, so it can only be the last level, like "a/b/#".';
			}
		}
		// MQTT 5 §4.7.1.3: "+" occupies a whole level.
		if (level.includes('+') && level !== '+') {
			return `A "+" must fill a whole topic level, like "a/+/c", not "${example(levels, i)}".`;
		}
	}
	return undefined;
}

/**
 * Whether a topic name matches a subscription filter (MQTT 5 §4.7). Assumes both are valid.
 * A "$share/group/" prefix is stripped first, since the broker matches the inner filter.
 */
export function topicMatches(filter: string, topic: string): boolean {
	const inner = stripSharePrefix(filter);
	const f = inner.split('/');
	const t = topic.split('/');
	// MQTT 5 §4.7.2: a filter starting with a wildcard does not match topics starting with "$".
	if (topic.startsWith('$') && (f[0] === '+' || f[0] === '#')) return false;
	for (let i = 0; i < f.length; i++) {
		const level = f[i];
		// "#" also matches the parent level: "a/#" matches "a" (MQTT 5 §4.7.1.2).
		if (level === '#') return true;
		if (i >= t.length) return false;
		if (level !== '+' && level !== t[i]) return false;
	}
	return f.length === t.length;
}

/** Whether a topic filter has a + or # level, and so may match many topics. */
export function hasWildcard(filter: string): boolean {
	return filter.split('/').some((level) => level === '+' || level === '#');
}

/** The filter without a "$share/group/" prefix, as the broker matches it (MQTT 5 §4.8.2). */
export function stripSharePrefix(filter: string): string {
	if (!filter.startsWith(SHARE_PREFIX)) return filter;
	const slash = filter.indexOf('/', SHARE_PREFIX.length);
	return slash === -1 ? filter : filter.slice(slash + 1);
}

/** Rules shared by names and filters: no U+0000, well-formed UTF-16, at most 65,535 bytes. */
function validateUtf8String(text: string, what: string): string | undefined {
	// MQTT 5 §1.5.4: U+0000 must not appear in a UTF-8 encoded string.
	if (text.includes('\u0000'))
		return `The ${what} contains a null character (U+0000), which MQTT forbids.`;
	// A lone surrogate cannot be encoded as UTF-8 at all (MQTT 5 §1.5.4 forbids U+D800..U+DFFF).
	if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)) {
		return `The ${what} contains a broken character (an unpaired surrogate).`;
	}
	const bytes = new TextEncoder().encode(text).length;
	if (bytes > MAX_BYTES) {
		return `The ${what} is too long: ${bytes.toLocaleString('en')} bytes, at most 65,535 allowed.`;
	}
	return undefined;
}

/** The offending level, quoted with its neighbours for context, e.g. "a/b+". */
function example(levels: string[], index: number): string {
	const start = Math.max(0, index - 1);
	const shown = levels.slice(start, index + 1).join('/');
	return start > 0 ? `…/${shown}` : shown;
}
