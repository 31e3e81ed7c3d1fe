import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ExportFormat } from '$lib/shared/history/transfer';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { openScopeDB } from '$lib/storage/db';
import { putBatch, readHead, readPage } from '$lib/storage/messages';
import { exportHistory } from './export';
import { importHistory } from './import';

let dbCount = 0;
const freshDb = () => openScopeDB(`export-test-${++dbCount}`);

function record(id: number): MessageRecord {
	return {
		profileId: 'a',
		id,
		direction: id % 5 === 0 ? 'out' : 'in',
		topic: `site/${id % 3}/temp`,
		payload:
			id % 7 === 0 ? new Uint8Array([id & 0xff, 0xff]) : new TextEncoder().encode(`{"t":${id}}`),
		qos: (id % 3) as 0 | 1 | 2,
		retain: id % 4 === 0,
		dup: false,
		time: 1_700_000_000_000 + id,
		...(id % 5 === 0 ? { state: 'acknowledged' as const } : {}),
		...(id % 6 === 0
			? {
					properties: {
						correlationData: new Uint8Array([id & 0xff]),
						userProperties: { n: `${id}` }
					}
				}
			: {})
	};
}

async function exportText(
	db: Awaited<ReturnType<typeof freshDb>>,
	format: ExportFormat,
	filter?: { topicFilter: string }
) {
	const chunks: Uint8Array<ArrayBuffer>[] = [];
	const progress: number[] = [];
	const result = await exportHistory(
		db,
		{ id: 'x', profileId: 'a', format, filter },
		(chunk, p) => {
			chunks.push(chunk as Uint8Array<ArrayBuffer>);
			progress.push(p.done / p.total);
		},
		new AbortController().signal
	);
	const text = await new Blob(chunks).text();
	return { result, text, chunks, progress };
}

describe('export and import', () => {
	it('round-trips every record of 2,500 through NDJSON, with new ids after the newest', async () => {
		const db = await freshDb();
		const originals = Array.from({ length: 2500 }, (_, i) => record(i + 1));
		await putBatch(db, originals);
		const { result, text, chunks, progress } = await exportText(db, 'ndjson');
		expect(result).toEqual({ records: 2500, cancelled: false });
		expect(text.trimEnd().split('\n')).toHaveLength(2501);
		expect(chunks.length).toBeGreaterThan(1);
		expect(progress.at(-1)).toBe(1);

		await putBatch(db, [{ ...record(1), profileId: 'b', id: 41 }]);
		const imported = await importHistory(db, 'b', new Blob([text]), () => {});
		expect(imported).toEqual({ records: 2500, cancelled: false, skipped: 0, problems: [] });
		expect(await readHead(db, 'b')).toEqual({ total: 2501, lastId: 2541 });
		const rows = (await readPage(db, { profileId: 'b', maxId: Infinity, skip: 0, limit: 3000 }))
			.reverse()
			.slice(1);
		expect(rows.map((r) => ({ ...r, profileId: 'a', id: r.id - 41 }))).toEqual(originals);
	});

	it('exports only what the filter keeps, as JSON', async () => {
		const db = await freshDb();
		await putBatch(
			db,
			Array.from({ length: 30 }, (_, i) => record(i + 1))
		);
		const { result, text } = await exportText(db, 'json', { topicFilter: 'site/1/#' });
		expect(result.records).toBe(10);
		const array = JSON.parse(text);
		expect(array.map((o: { topic: string }) => o.topic)).toEqual(Array(10).fill('site/1/temp'));
	});

	it('exports CSV with the payload fields as columns and one row a record', async () => {
		const db = await freshDb();
		await putBatch(
			db,
			Array.from({ length: 20 }, (_, i) => record(i + 1))
		);
		const { result, text } = await exportText(db, 'csv');
		const lines = text.split('\r\n');
		expect(lines[0]).toBe('time_iso,time_ms,direction,topic,qos,retain,dup,payload,t');
		expect(lines).toHaveLength(22);
		expect(lines[1]).toMatch(/,site\/1\/temp,1,false,false,"{""t"":1}",1$/);
		expect(result.records).toBe(20);
	});

	it('stops when cancelled and writes nothing more', async () => {
		const db = await freshDb();
		await putBatch(
			db,
			Array.from({ length: 3000 }, (_, i) => record(i + 1))
		);
		const cancel = new AbortController();
		let calls = 0;
		const result = await exportHistory(
			db,
			{ id: 'x', profileId: 'a', format: 'ndjson' },
			() => {
				calls++;
				cancel.abort();
			},
			cancel.signal
		);
		expect(result.cancelled).toBe(true);
		expect(calls).toBe(1);
		expect(result.records).toBeLessThan(3000);
	});

	it('skips bad lines, names the first problems and keeps the rest', async () => {
		const db = await freshDb();
		const good = '{"topic":"t","payloadBase64":"aGk=","direction":"in","qos":0,"time":5}';
		const lines = [good, '{oops', '', '{"topic":"t","direction":"in","qos":0,"time":1}', good];
		const result = await importHistory(db, 'c', new Blob([lines.join('\r\n')]), () => {});
		expect(result).toEqual({
			records: 2,
			cancelled: false,
			skipped: 2,
			problems: ['line 2: not JSON', 'line 4: payloadBase64 is missing']
		});
		expect((await readHead(db, 'c')).total).toBe(2);
	});
});
