/**
 * Shortens a topic to at most `max` characters for a narrow row, cutting from the middle: the
 * first level and the last levels (where devices differ: `…/device01/telemetry`) stay readable.
 */
export function shortenTopic(topic: string, max: number): string {
	if (topic.length <= max || max < 5) return topic;
	const levels = topic.split('/');
	const head = levels[0];
	// Keep as many trailing levels as fit after the head and the ellipsis.
	let tail = '';
	for (let i = levels.length - 1; i > 0; i--) {
		const candidate = `/${levels[i]}${tail}`;
		if (head.length + 1 + candidate.length > max) break;
		tail = candidate;
	}
	if (tail && head.length + 1 + tail.length <= max) return `${head}…${tail}`;
	// Levels too long to keep whole: keep both ends of the string.
	const keep = max - 1;
	const front = Math.ceil(keep / 3);
	return `${topic.slice(0, front)}…${topic.slice(topic.length - (keep - front))}`;
}
