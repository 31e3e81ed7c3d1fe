/**
 * Colours that tell subscriptions apart in the message list. Hex "#rrggbb" only, because
 * `<input type="color">` accepts nothing else.
 */

/** Distinct hues that stay readable on the app's dark background, most distinct first. */
export const PALETTE: readonly string[] = [
	'#2dd4bf',
	'#f472b6',
	'#60a5fa',
	'#fbbf24',
	'#a78bfa',
	'#4ade80',
	'#fb923c',
	'#f87171',
	'#22d3ee',
	'#e879f9',
	'#a3e635',
	'#94a3b8'
];

/**
 * The first palette colour none of `used` has; when all are taken, the palette repeats in
 * order so the n-th subscription still gets a predictable colour.
 */
export function pickColor(used: readonly (string | undefined)[]): string {
	const taken = new Set(used.filter((c): c is string => !!c).map((c) => c.toLowerCase()));
	const free = PALETTE.find((c) => !taken.has(c));
	return free ?? PALETTE[used.length % PALETTE.length];
}

/** The same specs, each missing colour filled with one not yet used by the others. */
export function assignColors<T extends { color?: string }>(specs: readonly T[]): T[] {
	const used: (string | undefined)[] = specs.map((s) => s.color);
	return specs.map((spec, i) => {
		if (isHexColor(spec.color)) return spec;
		const color = pickColor(used.filter((_, j) => j !== i));
		used[i] = color;
		return { ...spec, color };
	});
}

/** Whether a value is a "#rrggbb" colour. */
export function isHexColor(value: unknown): value is string {
	return typeof value === 'string' && /^#[0-9a-f]{6}$/i.test(value);
}
