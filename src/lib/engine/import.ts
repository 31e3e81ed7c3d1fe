import type { IDBPDatabase } from 'idb';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import type { TransferResult } from '$lib/shared/history/transfer';
import { parseLine } from '$lib/shared/history/export-format';
import { SEGMENT_SIZE, type ScopeDB } from '$lib/storage/db';
import { putBatch, readHead } from '$lib/storage/messages';

/** How many problems an import reports in words (the rest are only counted). */
const MAX_PROBLEMS = 10;

/**
 * Reads an NDJSON export into a profile's history, streaming the file: records get new ids after
 * the profile's newest (keeping their order and every other field, time included) and are
 * written a segment at a time. Unreadable lines are skipped and counted, the first few named.
 */
export async function importHistory(
	db: IDBPDatabase<ScopeDB>,
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

	const readLine = (line: string) => {
		lineNumber++;
		if (!line.trim()) return;
		const parsed = parseLine(line);
		if (parsed.kind === 'header') return;
		if (parsed.kind === 'problem') {
			skipped++;
			if (problems.length < MAX_PROBLEMS) problems.push(`line ${lineNumber}: ${parsed.problem}`);
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
	let bytesRead = 0;
	let rest = '';
	for (;;) {
		const { done, value } = await reader.read();
		const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
		const lines = (rest + text).split('\n');
		rest = done ? '' : (lines.pop() ?? '');
		for (const line of lines) {
			readLine(line.endsWith('\r') ? line.slice(0, -1) : line);
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
