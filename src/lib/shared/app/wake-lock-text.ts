// What the "Keep screen awake" toggle says about the Screen Wake Lock, in the user's words.

/** Where the screen wake lock stands. */
export type WakeLockStatus =
	/** The user has not asked for it. */
	| 'off'
	/** Asked for, waiting on the browser. */
	| 'requesting'
	/** The screen is kept awake. */
	| 'held'
	/** Released while the page is hidden; taken again when it is visible. */
	| 'paused'
	/** The browser refused (battery saver, a policy, no permission). */
	| 'refused'
	/** The browser has no Screen Wake Lock. */
	| 'unsupported';

/** The sentence under the toggle; `problem` is the browser's reason for a refusal. */
export function wakeLockText(status: WakeLockStatus, problem?: string): string {
	switch (status) {
		case 'off':
			return 'The screen may turn off as usual.';
		case 'requesting':
			return 'Asking the browser…';
		case 'held':
			return 'Screen kept awake.';
		case 'paused':
			return 'Paused while the app is in the background; on again when you return.';
		case 'refused':
			return `The browser refused to keep the screen awake${problem ? `: ${problem}` : ''}. Battery saver may be on.`;
		case 'unsupported':
			return 'This browser cannot keep the screen awake.';
	}
}
