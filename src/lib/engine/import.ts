import type { MessageRecord } from '$lib/shared/mqtt/message';
import type { TransferResult } from '$lib/shared/history/transfer';
import { parseLine } from '$lib/shared/history/export-format';
import { LineSplitter, type SplitLine } from '$lib/shared/history/ndjson-lines';
import { SEGMENT_SIZE, type Database } from '$lib/storage/db';
import { putBatch, readHead } from '$lib/storage/messages';

/** How many problems an import reports in words (the rest are only counted). */
const MAX_PROBLEMS = 10;

/**
 * Longest line read: a message of 48 MB written as base64. A longer line is skipped and counted
 * without ever being held whole (a file that is one endless line would exhaust memory).
 */
export const MAX_IMPORT_LINE_CHARS = 64 * 1024 * 1024;

/**
 * Reads an NDJSON export into a profile's history, streaming the file: records get new ids after
 * the profile's newest (keeping their order and every other field, time included) and are
 * written a segment at a time. Unreadable lines are skipped and counted, the first few named.
 */
export async function importHistory(
	db: Database,
	profileId: string,
	file: Blob,
	progress: (done: number, total: number) => void
): Promise<TransferResult> {
	let nextId = (await readHead(db, profileId)).lastId + 1;
	let batch: MessageRecord[] = [];
	let records = 0;
	let skipped = 0;
	const problems: string[] = [];
	let lineNumber = 0;

	const skip = (problem: string) => {
		skipped++;
		if (problems.length < MAX_PROBLEMS) problems.push(`line ${lineNumber}: ${problem}`);
	};
	const readLine = (line: SplitLine) => {
		lineNumber++;
		if ('tooLong' in line) {
			skip(`longer than ${MAX_IMPORT_LINE_CHARS / 1024 / 1024} MB`);
			return;
		}
		if (!line.text.trim()) return;
		const parsed = parseLine(line.text);
		if (parsed.kind === 'header') return;
		if (parsed.kind === 'problem') {
			skip(parsed.problem);
			return;
		}
		batch.push({ ...parsed.message, profileId, id: nextId++ });
		records++;
	};
	const flush = async () => {
		if (!batch.length) return;
		const records = batch;
		batch = [];
		await putBatch(db, records);
	};

	// Decoded by hand with { stream: true } (as TextDecoderStream does) to count bytes for progress.
	const reader = file.stream().getReader();
	const decoder = new TextDecoder('utf-8');
	const splitter = new LineSplitter(MAX_IMPORT_LINE_CHARS);
	let bytesRead = 0;
	for (;;) {
		const { done, value } = await reader.read();
		const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
		const lines = splitter.push(text);
		if (done) lines.push(...splitter.end());
		for (const line of lines) {
			readLine(line);
			if (batch.length >= SEGMENT_SIZE) await flush();
		}
		if (done) break;
		bytesRead += value.byteLength;
		progress(bytesRead, file.size);
	}
	await flush();
	progress(file.size, file.size);
	return { records, cancelled: false, skipped, problems };
}
