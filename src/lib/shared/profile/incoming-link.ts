/**
 * Links that open a connection, whether they arrive in the address bar or are pasted into
 * "Import from link": a share link (`#share=…`, read by share-link.ts) or a `?url=…` deep link.
 */
import { parseDeepLink, type DeepLink } from './deep-link';
import { readShareToken, shareTokenIn } from './share-link';

/** A link's connection to confirm, or why the link cannot be opened. */
export type IncomingLinkResult = DeepLink | { error: string };

/** Whether text holds a share link's payload (a `#share=` fragment). */
export function hasShareFragment(text: string): boolean {
	return text.includes('#share=');
}

/** Reads a pasted or opened link into the connection it describes, or says why it cannot. */
export async function readIncomingLink(text: string): Promise<IncomingLinkResult> {
	const trimmed = text.trim();
	if (hasShareFragment(trimmed)) {
		const result = await readShareToken(shareTokenIn(trimmed) ?? '');
		if ('error' in result) return result;
		const { draft, dashboard } = result.shared;
		return { draft, ignored: [], shared: { dashboard } };
	}
	const query = /\?[^#]*/.exec(trimmed)?.[0];
	const deepLink = query ? parseDeepLink(query) : undefined;
	if (deepLink) return deepLink;
	if (!trimmed) return { error: 'Paste a link first.' };
	return {
		error:
			'This is not an mqtt-scope connection link. A shared connection’s link contains “#share=”: copy it from the Share dialog.'
	};
}
