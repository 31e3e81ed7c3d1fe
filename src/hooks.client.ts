// Runs as the app's scripts start, before the router loads the page's own modules.
//
// The first screen waits on three things that do not wait on each other: the layout's script,
// the stored profiles (which say what to show) and the newest history of the profile shown.
// They start here together instead of one after the other as the page renders (the layout as
// the page draws, the profiles once it is mounted, the history once a profile is selected).
import type { ClientInit } from '@sveltejs/kit';
import { holdUntilRead } from '$lib/state/first-screen';
import { phone, twoPane } from '$lib/state/layout.svelte';
import { messages } from '$lib/state/messages.svelte';
import { profiles, rememberedProfileId } from '$lib/state/profiles.svelte';
import { loadShell } from '$lib/ui/app/shell';
import { warmUpViews } from '$lib/ui/app/warm-up';
import { pageDB } from '$lib/state/page-db';

/**
 * Starts loading the current device's layout, reading the profiles and opening the history of
 * the profile selected when the app last ran (the selection usually stays; if the profiles say
 * otherwise, the page opens that one's history instead). Each marks `first-screen:<what>` in
 * the performance timeline when done (`start` as this begins, `db` once the page's database
 * connection is open), so a trace or bench/first-screen.js can tell them apart;
 * what the first screen does not show waits for the history (state/first-screen.ts).
 */
export const init: ClientInit = () => {
	performance.mark('first-screen:start');
	marked('db', pageDB());
	const layout = loadShell(phone.current || twoPane.current);
	marked('layout', layout);
	marked('profiles', profiles.loadOnStart());
	const remembered = rememberedProfileId();
	if (remembered) {
		const read = messages.open(remembered);
		marked('history', read);
		holdUntilRead(read);
	}
	// After holdUntilRead: it waits for the first screen that call records.
	warmUpViews(layout);
};

function marked(what: string, work: Promise<unknown>): void {
	const mark = () => void performance.mark(`first-screen:${what}`);
	// A failure is the page's to report where it uses the result (the same promise).
	work.then(mark, mark);
}
