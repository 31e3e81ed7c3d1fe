import type { AlertCondition } from '$lib/shared/alerts/alert-rules';
import type { SeriesSpec } from '$lib/shared/charts/series';

/** What a new alert rule starts from: a series and, optionally, the kind of condition. */
export interface AlertDraft {
	series: SeriesSpec;
	kind?: AlertCondition['kind'];
}

/** The main views of a profile's workspace on a desktop (its view tabs). */
export type MainView = 'messages' | 'dashboard' | 'alerts';

/**
 * The tools a phone shows one at a time (a desktop shows them in its tool tabs beside the
 * messages): the bottom navigation's Topics and Publish, and the views listed under More.
 */
export type ToolView =
	'topics' | 'publish' | 'subscriptions' | 'request' | 'retained' | 'broker' | 'transfer';

/** Every view a phone can show, one at a time. */
export type AppView = MainView | ToolView;

const MAIN_VIEWS: readonly AppView[] = ['messages', 'dashboard', 'alerts'];

/** Which view is on screen; any component may switch it (e.g. "Open dashboard"). */
export class ViewState {
	#current = $state<AppView>('messages');
	#alertDraft = $state.raw<AlertDraft | undefined>(undefined);

	/** The view on screen (on a phone: any view; on a desktop a tool view means Messages). */
	get current(): AppView {
		return this.#current;
	}

	/** The desktop's view tab: a tool view chosen on a phone lives beside Messages there. */
	get main(): MainView {
		return MAIN_VIEWS.includes(this.#current) ? (this.#current as MainView) : 'messages';
	}

	/** Puts a view on screen. */
	show(view: AppView): void {
		this.#current = view;
	}

	/** Opens the Alerts view with a new rule's form started from a series ("Alert…" on a tile). */
	newAlertFor(series: SeriesSpec, kind?: AlertCondition['kind']): void {
		this.#alertDraft = { series, kind };
		this.#current = 'alerts';
	}

	/** The series a new rule was asked for, once: the Alerts view takes it when it opens. */
	takeAlertDraft(): AlertDraft | undefined {
		const draft = this.#alertDraft;
		this.#alertDraft = undefined;
		return draft;
	}
}

/** The app's one view state. */
export const view = new ViewState();
