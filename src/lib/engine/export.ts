import type { ExportSink, ExportSpec, TransferResult } from '$lib/shared/history/transfer';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import {
	collectFields,
	csvHeader,
	csvRow,
	exportHeader,
	jsonElement,
	jsonEnd,
	ndjsonLine
} from '$lib/shared/history/export-format';
import { isEmptyFilter, matchesFilter } from '$lib/shared/history/history-filter';
import type { Database } from '$lib/storage/db';
import { runAfter } from '$lib/storage/history-runs';
import { readHead } from '$lib/storage/messages';

/** About how many characters are encoded and handed to the sink at once (~256 KB of ASCII). */
const CHUNK_CHARS = 256 * 1024;

/** Calls `visit` on every record (oldest first) until the end or a cancel; false when cancelled. */
async function eachRecord(
	db: Database,
	profileId: string,
	signal: AbortSignal,
	visit: (record: MessageRecord) => void,
	afterSegment: () => Promise<void>
): Promise<boolean> {
	let firstId = -Infinity;
	for (;;) {
		if (signal.aborted) return false;
		// One short read a segment (see runAfter): the sink is awaited in between.
		const segment = await runAfter(db, profileId, firstId);
		if (!segment) return true;
		firstId = segment.firstId;
		for (const record of segment.records) visit(record);
		await afterSegment();
	}
}

/**
 * Streams a profile's history (or the part a filter keeps) to a sink in a file format, one
 * segment in memory at a time, in chunks of about 256 KB; stops between segments when cancelled.
 * CSV reads history twice: its columns (the JSON payload fields) must be known before row one.
 */
export async function exportHistory(
	db: Database,
	spec: ExportSpec,
	sink: ExportSink,
	signal: AbortSignal
): Promise<TransferResult> {
	const { profileId, format } = spec;
	const filter = spec.filter && !isEmptyFilter(spec.filter) ? spec.filter : undefined;
	const keep = (record: MessageRecord) => !filter || matchesFilter(record, filter);
	const head = await readHead(db, profileId);
	const passes = format === 'csv' ? 2 : 1;
	const total = head.total * passes;
	let scanned = 0;
	let records = 0;
	let pending: string[] = [];
	let pendingChars = 0;
	const encoder = new TextEncoder();

	const write = (text: string) => {
		pending.push(text);
		pendingChars += text.length;
	};
	const flush = async (force: boolean) => {
		if (!force && pendingChars < CHUNK_CHARS) return;
		const chunk = encoder.encode(pending.join(''));
		pending = [];
		pendingChars = 0;
		// Awaited: through Comlink the sink is a round trip, which keeps a fast export from
		// queueing the whole file in messages to the UI thread.
		await sink(chunk, { done: Math.min(scanned, total), total });
	};
	const cancelled = (): TransferResult => ({ records, cancelled: true });

	let fields: string[] = [];
	if (format === 'csv') {
		const found = new Set<string>();
		const finished = await eachRecord(
			db,
			profileId,
			signal,
			(record) => {
				scanned++;
				if (keep(record)) collectFields(record, found);
			},
			async () => {}
		);
		if (!finished) return cancelled();
		fields = [...found];
		write(csvHeader(fields));
	} else if (format === 'ndjson') {
		write(exportHeader(profileId, Date.now()) + '\n');
	}

	const finished = await eachRecord(
		db,
		profileId,
		signal,
		(record) => {
			scanned++;
			if (!keep(record)) return;
			if (format === 'csv') write(csvRow(record, fields));
			else if (format === 'json') write(jsonElement(record, records === 0));
			else write(ndjsonLine(record));
			records++;
		},
		() => flush(false)
	);
	if (!finished) return cancelled();
	if (format === 'json') write(jsonEnd(records > 0));
	scanned = total;
	await flush(true);
	return { records, cancelled: false };
}
