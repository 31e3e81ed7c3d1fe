import type { HistoryFilter } from './history-filter';

/** File formats history can be exported in. */
export type ExportFormat = 'ndjson' | 'csv' | 'json';

/** What to export: a profile's history, optionally filtered. */
export interface ExportSpec {
	/** Chosen by the UI, so it can cancel the export. */
	id: string;
	profileId: string;
	format: ExportFormat;
	filter?: HistoryFilter;
}

/** Receives an export as it is produced: file bytes in order, with progress. */
export type ExportSink = (chunk: Uint8Array, progress: { done: number; total: number }) => void;

/** How an export or import ended. */
export interface TransferResult {
	records: number;
	cancelled: boolean;
	/** Lines an import could not read, with the first problems in words. */
	skipped?: number;
	problems?: string[];
}
