// What the user reads after the engine worker stopped and a new one took its place.

/** Names joined as a person would say them: "A", "A and B", "A, B and C". */
export function sayList(names: readonly string[]): string {
	if (names.length <= 1) return names.join('');
	return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** How the reconnection of the profiles that were connected went. */
export interface RestartOutcome {
	/** Still being connected again. */
	reconnecting: readonly string[];
	reconnected: readonly string[];
	/** Each with the reason in words. */
	failed: readonly { name: string; reason: string }[];
}

/** The notice after an engine restart, e.g. "The engine stopped and was restarted; reconnected Demo." */
export function restartNotice({ reconnecting, reconnected, failed }: RestartOutcome): string {
	const parts = ['The engine stopped and was restarted'];
	if (reconnecting.length) parts.push(`reconnecting ${sayList(reconnecting)}…`);
	if (reconnected.length) parts.push(`reconnected ${sayList(reconnected)}`);
	if (failed.length) {
		parts.push(`could not reconnect ${sayList(failed.map((f) => `${f.name} (${f.reason})`))}`);
	}
	const text = parts.join('; ');
	return text.endsWith('…') ? text : `${text}.`;
}
