// Small helpers the dashboard tiles share.
import { lineName } from '$lib/shared/series';

/** Whether a topic filter has a wildcard (and so may match several devices). */
export function hasWildcard(topicFilter: string): boolean {
	return /(^|\/)[+#](\/|$)/.test(topicFilter);
}

/** A number as shown in a tile: fixed decimals when set, else at most 3 significant decimals. */
export function formatValue(value: number | undefined, decimals?: number): string {
	if (value === undefined) return '—';
	if (decimals !== undefined) return value.toFixed(decimals);
	return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(3)));
}

/** The short name of a topic under a filter: the wildcard levels ("device01"), else the topic. */
export function deviceName(topicFilter: string, topic: string): string {
	return lineName(topicFilter, topic);
}
