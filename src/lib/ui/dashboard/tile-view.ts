// Small helpers the dashboard tiles share.

/** A number as shown in a tile: fixed decimals when set, else at most 3 significant decimals. */
export function formatValue(value: number | undefined, decimals?: number): string {
	if (value === undefined) return '—';
	if (decimals !== undefined) return value.toFixed(decimals);
	return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(3)));
}
