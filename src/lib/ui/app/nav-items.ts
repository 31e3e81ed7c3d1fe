// The views a phone's navigation offers: the four most used in the bottom bar, the rest under
// More. One list, so the bar, the More sheet and the tablet's rail name them the same way.
import type { AppView } from '$lib/state/view.svelte';

/** A view the navigation can switch to. */
export interface NavItem {
	id: AppView;
	label: string;
}

/** The views in the bottom navigation bar, before More. */
export const PRIMARY_VIEWS: readonly NavItem[] = [
	{ id: 'messages', label: 'Messages' },
	{ id: 'topics', label: 'Topics' },
	{ id: 'dashboard', label: 'Dashboard' },
	{ id: 'publish', label: 'Publish' }
];

/** The views listed under More. */
export const MORE_VIEWS: readonly NavItem[] = [
	{ id: 'subscriptions', label: 'Subscriptions' },
	{ id: 'alerts', label: 'Alerts' },
	{ id: 'request', label: 'Request' },
	{ id: 'retained', label: 'Retained' },
	{ id: 'broker', label: 'Broker' },
	{ id: 'transfer', label: 'Export / import' }
];
