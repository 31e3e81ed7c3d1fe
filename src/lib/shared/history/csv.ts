/**
 * The one CSV writer every export uses (history export, chart data): RFC 4180 quoting, and
 * neutralised formulas. A device controls topics and payloads; a spreadsheet that opens the file
 * must not run `=HYPERLINK(…)` or `@SUM(…)` from them (OWASP "CSV injection").
 */

/** A plain number (optionally signed, decimal, exponent): safe as it is, even with a leading "-". */
const PLAIN_NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Characters a spreadsheet reads as the start of a formula (tab and CR too: some strip them first). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell: a cell a spreadsheet would read as a formula gets a leading apostrophe (shown
 * as text, the formula never runs), plain numbers stay numbers; then quoted as RFC 4180 §2 asks
 * when it holds a comma, quote or line break.
 */
export function csvCell(text: string): string {
	const safe = FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
	return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV line (CRLF ended, RFC 4180 §2.1) from cells. */
export function csvLine(cells: readonly string[]): string {
	return cells.map(csvCell).join(',') + '\r\n';
}
