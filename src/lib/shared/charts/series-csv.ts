/**
 * A chart's loaded points as CSV in long format — one row per point: time (ISO 8601, UTC),
 * series, topic, value — the shape spreadsheets and pandas pivot easily. Built in chunks so a
 * million points never become one giant string (a Blob takes the chunks as they are).
 */
import { csvCell } from '../history/csv';
import { isoTime } from '../history/time-format';

/** One line's points to export. */
export interface CsvLine {
	label: string;
	topic: string;
	times: ArrayLike<number>;
	values: ArrayLike<number>;
}

/** Header of the CSV. */
export const CSV_HEADER = 'time,series,topic,value\r\n';
/** Rows per chunk. */
const CHUNK_ROWS = 10_000;

/** The CSV as chunks of text (header first), lines one after the other, each oldest first. */
export function seriesCsv(lines: readonly CsvLine[]): string[] {
	const chunks = [CSV_HEADER];
	for (const line of lines) {
		const prefix = `,${csvCell(line.label)},${csvCell(line.topic)},`;
		let rows: string[] = [];
		for (let i = 0; i < line.times.length; i++) {
			rows.push(`${isoTime(line.times[i]) ?? ''}${prefix}${line.values[i]}\r\n`);
			if (rows.length === CHUNK_ROWS) {
				chunks.push(rows.join(''));
				rows = [];
			}
		}
		if (rows.length) chunks.push(rows.join(''));
	}
	return chunks;
}

/** A file name for a chart export: profile, local time, extension; safe on every OS. */
export function exportFileName(profile: string, at: Date, extension: string): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	const stamp =
		`${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}-` +
		`${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
	const safe = profile.replace(/[^\w.-]+/g, '_').slice(0, 60) || 'chart';
	return `chart-${safe}-${stamp}.${extension}`;
}
