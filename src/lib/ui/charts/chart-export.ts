// Saving a chart: PNG of the canvas (its background painted by backgroundPlugin) and CSV of
// every loaded point, as files that src/lib/pwa/share-file.ts downloads or shares.
import type { ExportFile } from '$lib/pwa/share-file';
import { exportFileName, seriesCsv, type CsvLine } from '$lib/shared/charts/series-csv';

/** What a chart's PNG is called for the share check before one is made. */
export const PNG_SAMPLE = { name: 'chart.png', type: 'image/png' };
/** What a chart's CSV is called for the share check before one is made. */
export const CSV_SAMPLE = { name: 'chart.csv', type: 'text/csv' };

/** A chart's PNG image (drawn by its drawer) as a file named for the profile and the time. */
export function chartPngFile(blob: Blob, profile: string): ExportFile {
	return { blob, name: exportFileName(profile, new Date(), 'png') };
}

/** The lines' points as a CSV file (long format, see series-csv.ts). */
export function chartCsvFile(lines: CsvLine[], profile: string): ExportFile {
	const blob = new Blob(seriesCsv(lines), { type: 'text/csv' });
	return { blob, name: exportFileName(profile, new Date(), 'csv') };
}
