// Saving a chart: PNG of the canvas (its background painted by backgroundPlugin) and CSV of
// every loaded point, offered as downloads through a blob URL.
import { exportFileName, seriesCsv, type CsvLine } from '$lib/shared/series-csv';

/** Offers a blob as a download named `name`. */
export function download(blob: Blob, name: string): void {
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = name;
	a.click();
	// The download has started by the next task; the URL is not needed after that.
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Downloads the chart's canvas as a PNG. */
export function downloadPng(canvas: HTMLCanvasElement, profile: string): void {
	canvas.toBlob((blob) => {
		if (blob) download(blob, exportFileName(profile, new Date(), 'png'));
	}, 'image/png');
}

/** Downloads the lines' points as CSV (long format, see series-csv.ts). */
export function downloadCsv(lines: CsvLine[], profile: string): void {
	const blob = new Blob(seriesCsv(lines), { type: 'text/csv' });
	download(blob, exportFileName(profile, new Date(), 'csv'));
}
