// Phones freeze background tabs and networks come and go: when the page is back in view or
// the network returns, ask the engine to check each live connection now rather than wait
// out the keepalive (which can be minutes).
import { engine } from './engine';
import { connections } from './connection.svelte';

/** Starts watching page visibility and network changes; returns a function that stops it. */
export function watchLifecycle(): () => void {
	const check = () => {
		if (document.visibilityState !== 'visible') return;
		for (const profileId of connections.liveProfileIds()) void engine().checkAlive(profileId);
	};
	document.addEventListener('visibilitychange', check);
	window.addEventListener('pageshow', check);
	window.addEventListener('online', check);
	return () => {
		document.removeEventListener('visibilitychange', check);
		window.removeEventListener('pageshow', check);
		window.removeEventListener('online', check);
	};
}
