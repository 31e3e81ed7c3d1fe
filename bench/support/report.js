// @ts-check
/** Statistics and the printed table of bench/ingest.js. */

/**
 * Median of the finite numbers in `values` (undefined when there are none).
 * @param {(number | null | undefined)[]} values
 * @returns {number | undefined}
 */
export function median(values) {
	const sorted = /** @type {number[]} */ (values.filter((v) => Number.isFinite(v))).sort(
		(a, b) => a - b
	);
	if (sorted.length === 0) return undefined;
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Formats a number for the table: thousands separators, `digits` decimals, '–' when missing.
 * @param {number | null | undefined} value
 * @param {number} [digits]
 * @returns {string}
 */
export function fmt(value, digits = 0) {
	if (value === null || value === undefined || !Number.isFinite(value)) return '–';
	return value.toLocaleString('en-US', {
		minimumFractionDigits: digits,
		maximumFractionDigits: digits
	});
}

/**
 * Renders rows as a plain-text table, first row = header, numbers right-aligned.
 * @param {string[][]} rows
 * @returns {string}
 */
export function table(rows) {
	const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length)));
	const line = (/** @type {string[]} */ row) =>
		row
			.map((cell, col) =>
				col === 0 || !/^[-\d,.–]+$/.test(cell)
					? cell.padEnd(widths[col])
					: cell.padStart(widths[col])
			)
			.join('  ')
			.trimEnd();
	const rule = widths.map((w) => '-'.repeat(w)).join('  ');
	return [line(rows[0]), rule, ...rows.slice(1).map(line)].join('\n');
}

/**
 * The same rows as a Markdown table, for README.
 * @param {string[][]} rows
 */
export function markdown(rows) {
	const line = (/** @type {string[]} */ row) => `| ${row.join(' | ')} |`;
	return [line(rows[0]), line(rows[0].map(() => '---')), ...rows.slice(1).map(line)].join('\n');
}
