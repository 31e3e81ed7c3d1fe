// Home-screen shortcuts open `?profile=last` or `?profile=demo`. With the manifest's
// launch_handler (focus-existing), a launch brings the open window forward and hands the URL to
// window.launchQueue instead of loading a new page; both paths select the profile here.
import { LOCAL_DEMO_ID } from '$lib/shared/profile/demo-profile';
import {
	parseProfileTarget,
	resolveProfileTarget,
	withoutProfileParam
} from '$lib/shared/app/launch-target';
import { profiles } from './profiles.svelte';

/** The Launch Handler API's parameters (not in TypeScript's DOM types yet). */
interface LaunchParams {
	readonly targetURL?: string;
}

/** The Launch Handler API's queue on window, where the browser supports it. */
type LaunchWindow = Window & {
	launchQueue?: { setConsumer(consumer: (params: LaunchParams) => void): void };
};

/**
 * Selects the profile this page's URL asks for, and the one of each later launch that the
 * browser routes into this window. Call once, when the page starts.
 */
export function watchLaunchTarget(): void {
	void selectTarget(location.href);
	(window as LaunchWindow).launchQueue?.setConsumer((params) => {
		if (params.targetURL) void selectTarget(params.targetURL);
	});
}

async function selectTarget(href: string): Promise<void> {
	const target = parseProfileTarget(new URL(href).search);
	if (!target) return;
	// Reading the profiles again is cheap, and it settles the remembered selection first.
	await profiles.load();
	const ids = profiles.list.map((p) => p.id);
	// "last": the profile used last is the one selected on start (or still selected here).
	const id = resolveProfileTarget(target, ids, LOCAL_DEMO_ID, profiles.selected?.id);
	if (id) profiles.select(id);
	// Keep the address clean: a reload should not select the shortcut's profile again.
	if (new URL(href).href === location.href) {
		history.replaceState(history.state, '', withoutProfileParam(location.href));
	}
}
