import type { AlertCondition } from '$lib/shared/alert-rules';
import type { SeriesSpec } from '$lib/shared/series';

/** What a new alert rule starts from: a series and, optionally, the kind of condition. */
export interface AlertDraft {
	series: SeriesSpec;
	kind?: AlertCondition['kind'];
}

/** The main views of a profile's workspace. */
export type MainView = 'messages' | 'dashboard' | 'alerts';

/** Which main view is on screen; any component may switch it (e.g. "Open dashboard"). */
export class ViewState {
	#current = $state<MainView>('messages');
	#alertDraft = $state.raw<AlertDraft | undefined>(undefined);

	/** The view on screen. */
	get current(): MainView {
		return this.#current;
	}

	/** Puts a view on screen. */
	show(view: MainView): void {
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
