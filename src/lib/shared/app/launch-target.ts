// What a home-screen shortcut (or any link) asks the app to open: `?profile=last`,
// `?profile=demo` or `?profile=<id>`. The manifest's shortcuts point at these URLs.

/** Which profile a launch URL selects. */
export type ProfileTarget = { kind: 'last' } | { kind: 'demo' } | { kind: 'id'; id: string };

/** The query parameter the shortcuts use. */
export const PROFILE_PARAM = 'profile';

/** Longest profile id accepted from a URL (ids are UUIDs; anything longer is not one of ours). */
const MAX_ID_LENGTH = 100;

/** Reads the profile a launch URL's query asks for; undefined when it asks for none. */
export function parseProfileTarget(search: string): ProfileTarget | undefined {
	const value = new URLSearchParams(search).get(PROFILE_PARAM)?.trim();
	if (!value || value.length > MAX_ID_LENGTH) return undefined;
	if (value === 'last') return { kind: 'last' };
	if (value === 'demo') return { kind: 'demo' };
	return { kind: 'id', id: value };
}

/** The URL without the profile parameter, so a reload does not select it again. */
export function withoutProfileParam(href: string): string {
	const url = new URL(href);
	url.searchParams.delete(PROFILE_PARAM);
	return url.pathname + url.search + url.hash;
}

/**
 * The id of the profile to select for a target, given the stored ids, the demo's id and the one
 * used last; undefined when the target names none of them (the selection stays as it is).
 */
export function resolveProfileTarget(
	target: ProfileTarget,
	ids: readonly string[],
	demoId: string,
	lastUsedId: string | undefined
): string | undefined {
	const wanted = target.kind === 'demo' ? demoId : target.kind === 'last' ? lastUsedId : target.id;
	return wanted !== undefined && ids.includes(wanted) ? wanted : undefined;
}
