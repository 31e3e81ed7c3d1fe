/**
 * Keyboard for a WAI-ARIA tablist (an attachment: `<div role="tablist" {@attach rovingTabs}>`):
 * the list is one Tab stop (only the selected tab has tabindex 0), the arrow keys move to the
 * previous/next tab and select it, Home and End to the first and last. Tabs are selected by
 * clicking them, so each component keeps its own onclick as the one way a tab is chosen.
 */
import type { Attachment } from 'svelte/attachments';

const TAB = '[role="tab"]:not([disabled])';

/** Makes `list`'s tabs one Tab stop with arrow keys, Home and End (see the module comment). */
export const rovingTabs: Attachment<HTMLElement> = (list) => {
	const tabs = () => [...list.querySelectorAll<HTMLElement>(TAB)];

	// Tabs come and go (a badge, a view that is not offered) and selection changes by click or
	// by code: follow aria-selected rather than our own idea of which tab is current.
	const syncTabStops = () => {
		const all = tabs();
		const selected = all.find((t) => t.getAttribute('aria-selected') === 'true') ?? all[0];
		for (const tab of all) tab.tabIndex = tab === selected ? 0 : -1;
	};

	const onkeydown = (event: KeyboardEvent) => {
		if (event.altKey || event.ctrlKey || event.metaKey) return;
		const all = tabs();
		const from = all.findIndex((t) => t === document.activeElement);
		if (from < 0) return;
		const vertical = list.getAttribute('aria-orientation') === 'vertical';
		const previous = vertical ? 'ArrowUp' : 'ArrowLeft';
		const next = vertical ? 'ArrowDown' : 'ArrowRight';
		let to: number;
		if (event.key === previous) to = (from - 1 + all.length) % all.length;
		else if (event.key === next) to = (from + 1) % all.length;
		else if (event.key === 'Home') to = 0;
		else if (event.key === 'End') to = all.length - 1;
		else return;
		event.preventDefault();
		all[to].focus();
		// Automatic activation: every panel here shows at once, so selection follows focus.
		all[to].click();
	};

	syncTabStops();
	const observer = new MutationObserver(syncTabStops);
	observer.observe(list, {
		subtree: true,
		childList: true,
		attributes: true,
		attributeFilter: ['aria-selected', 'disabled']
	});
	list.addEventListener('keydown', onkeydown);
	return () => {
		observer.disconnect();
		list.removeEventListener('keydown', onkeydown);
	};
};
