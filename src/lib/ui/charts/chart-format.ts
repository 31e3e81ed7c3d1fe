// Texts of the series chart: window choices, axis titles from units, the tooltip's full time.
import { formatTime, isShowableTime, type TimeStyle } from '$lib/shared/time-format';

/** Window choices of the series chart (ms; 0 shows all loaded history). */
export const WINDOWS: readonly { ms: number; label: string }[] = [
	{ ms: 5 * 60_000, label: '5 min' },
	{ ms: 60 * 60_000, label: '1 h' },
	{ ms: 6 * 60 * 60_000, label: '6 h' },
	{ ms: 24 * 60 * 60_000, label: '24 h' },
	{ ms: 7 * 24 * 60 * 60_000, label: '7 d' },
	{ ms: 0, label: 'All' }
];

/** A window as a user reads it: "15 min", "2 h", "3 d" (windows from imported files may be any). */
export function windowLabel(ms: number): string {
	const known = WINDOWS.find((w) => w.ms === ms);
	if (known) return known.label;
	const round = (n: number) => String(Math.round(n * 10) / 10);
	if (ms < 60 * 60_000) return `${round(ms / 60_000)} min`;
	if (ms < 24 * 60 * 60_000) return `${round(ms / (60 * 60_000))} h`;
	return `${round(ms / (24 * 60 * 60_000))} d`;
}

/** A chart.js axis title listing the distinct units of the axis's series; hidden when none. */
export function axisTitle(units: (string | undefined)[], color: string) {
	const distinct = [...new Set(units.filter((u): u is string => !!u))];
	return { display: distinct.length > 0, text: distinct.join(', '), color };
}

/** "14:03:07.250 · Nov 25, 2026": the exact time of a point, for the hover read-out. */
export function formatFullTime(ms: number, style: TimeStyle): string {
	if (!isShowableTime(ms)) return '';
	// Always with milliseconds: the read-out is where the exact time is looked up.
	const time = formatTime(ms, style, { milliseconds: true });
	return `${time} · ${formatTime(ms, style, { date: 'year', clock: false })}`;
}
