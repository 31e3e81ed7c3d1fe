// Preferences of this device (not of a profile): how times are written. Kept in localStorage,
// like the selected profile, because they belong to the screen in hand, not to a broker.
import { DEFAULT_TIME_STYLE, isTimeStyle, type TimeStyle } from '$lib/shared/history/time-format';

/** Where the time style is kept. */
const TIME_STYLE_KEY = 'mqtt-scope:time-style';

/** The device's display settings. */
export class SettingsState {
	#time = $state.raw<TimeStyle>(readTimeStyle());

	/** How clock times are written everywhere in the app. */
	get time(): TimeStyle {
		return this.#time;
	}

	/** Changes (part of) the time style and remembers it on this device. */
	setTime(change: Partial<TimeStyle>): void {
		const next = { ...this.#time, ...change };
		if (!isTimeStyle(next)) return;
		this.#time = next;
		try {
			localStorage.setItem(TIME_STYLE_KEY, JSON.stringify(next));
		} catch {
			// Storage disabled: the choice lasts for this page only.
		}
	}
}

function readTimeStyle(): TimeStyle {
	try {
		const stored: unknown = JSON.parse(localStorage.getItem(TIME_STYLE_KEY) ?? 'null');
		return isTimeStyle(stored) ? stored : DEFAULT_TIME_STYLE;
	} catch {
		// No storage (server render, disabled) or a damaged value: the default style.
		return DEFAULT_TIME_STYLE;
	}
}

/** The app's settings. */
export const settings = new SettingsState();
