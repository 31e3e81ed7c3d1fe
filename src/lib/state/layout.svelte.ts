// Which layout the window calls for. Phones (≤ 640 px) show one view at a time with a bottom
// navigation; landscape phones and tablets get two panes; wider windows keep the desktop columns.
import { MediaQuery } from 'svelte/reactivity';

/** True on a phone held upright: one view at a time, details and forms as full-screen sheets. */
export const phone = new MediaQuery('max-width: 640px');

/** True between a phone and a desktop (landscape phones, tablets): two panes side by side. */
export const twoPane = new MediaQuery('(min-width: 641px) and (max-width: 1100px)');

/**
 * True where controls must take a finger (44 px): phones, and touch screens up to a tablet's
 * width. The same query as the touch-target block of app.css.
 */
export const touch = new MediaQuery(
	'(max-width: 640px), (pointer: coarse) and (max-width: 1100px)'
);
