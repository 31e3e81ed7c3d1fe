/** The main views of a profile's workspace. */
export type MainView = 'messages' | 'dashboard' | 'alerts';

/** Which main view is on screen; any component may switch it (e.g. "Open dashboard"). */
export class ViewState {
	#current = $state<MainView>('messages');

	/** The view on screen. */
	get current(): MainView {
		return this.#current;
	}

	/** Puts a view on screen. */
	show(view: MainView): void {
		this.#current = view;
	}
}

/** The app's one view state. */
export const view = new ViewState();
