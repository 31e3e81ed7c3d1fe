// Phones freeze background tabs and networks come and go: when the page is back in view or
// the network returns, ask the engine to check each live connection now rather than wait
// out the keepalive (which can be minutes).
import { watchPageReturn } from '$lib/shared/mqtt/page-return';
import { engine } from './engine';
import { connections } from './connection.svelte';

/** Starts watching page visibility, freezing and network changes; returns a function that stops it. */
export function watchLifecycle(): () => void {
	const check = (awaySince?: number) => {
		for (const profileId of connections.liveProfileIds()) {
			void engine().checkAlive(profileId, awaySince);
		}
	};
	return watchPageReturn(
		{ document, window },
		{ returned: (awaySince) => check(awaySince), online: () => check() }
	);
}
