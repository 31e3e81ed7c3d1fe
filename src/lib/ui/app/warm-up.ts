// The dashboard is where a user goes next in the field, and its first chart waited on two
// chunks fetched and compiled one after the other (the dashboard view, then the chart view with
// chart.js) before it could even ask for its data, and the worker then fetched the code that
// reads it (about 60-100 ms in all on a fresh page). That code is loaded while the page is idle
// after its first screen, on both sides of the worker, so opening the dashboard waits for the
// data alone. Nothing is drawn or read: only the modules are fetched (from the service worker's
// cache once installed) and compiled.
import { engine } from '$lib/state/engine';
import { afterFirstScreen, nextFrameDrawn } from '$lib/state/first-screen';

/** How long after the first screen the page may be busy before the views load anyway, in ms. */
const IDLE_TIMEOUT_MS = 3000;

/**
 * Loads the dashboard's and the charts' code (starting the chart worker), and the engine's readers for them, once the first screen and the `layout` are drawn
 * (what the layout loads as it mounts, such as the desktop's Pub/Sub tools, goes first) and the
 * page idles.
 */
export function warmUpViews(layout: Promise<unknown>): void {
	void Promise.all([afterFirstScreen(), layout.then(nextFrameDrawn, nextFrameDrawn)]).then(() =>
		whenIdle(() => {
			// bench/first-page.js counts what loads after this mark apart from the first page.
			performance.mark('warm-up');
			// A failed fetch (offline before the service worker cached it) is retried on open.
			void import('$lib/ui/dashboard/DashboardView.svelte').catch(() => undefined);
			void import('$lib/ui/charts/SeriesChart.svelte').catch(() => undefined);
			// The chart worker starts and loads chart.js, so the first chart waits for its data.
			void import('$lib/ui/charts/chart-surface').then(
				(m) => m.warmUpCharts(),
				() => undefined
			);
			void engine()
				.warmUp()
				.catch(() => undefined);
		})
	);
}

function whenIdle(work: () => void): void {
	// Safari has no requestIdleCallback: a timer stands in.
	if ('requestIdleCallback' in window) requestIdleCallback(work, { timeout: IDLE_TIMEOUT_MS });
	else setTimeout(work, 1000);
}
