import { readSeriesValue } from '$lib/shared/charts/series';
import type { Latest, LatestSpec } from '$lib/shared/live/live-spec';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { MAX_PARSE_BYTES, parsePath, readAtPath } from '$lib/shared/payload/numeric-fields';
import { parsedPayload } from './parsed-payload';

/** Longest status a tile is sent: a row shows a word or two, never a whole document. */
export const MAX_STATUS_CHARS = 200;

// Not fatal: a payload that is not UTF-8 reads with replacement characters.
const decoder = new TextDecoder('utf-8');

/**
 * What a tile shows of one record: the number at the spec's path and the status text, read
 * from the payload parsed once (shared with the alert watch and the other registrations).
 * Live updates and the backfill both read through here, so they always agree. Bounded: a
 * payload over the parse limit is not parsed and says so; the status is cut to a row's length.
 */
export function latestOf(record: MessageRecord, spec: LatestSpec): Latest {
	const latest: Latest = { topic: record.topic, id: record.id, time: record.time };
	const tooLarge = record.payload.length > MAX_PARSE_BYTES;
	const payload = tooLarge ? undefined : parsedPayload(record);
	if (spec.path !== undefined) latest.value = readSeriesValue(payload, spec.path);
	if (spec.statusPath !== undefined) latest.status = statusAt(record, payload, spec.statusPath);
	if (tooLarge) {
		const mb = (record.payload.length / (1024 * 1024)).toFixed(1);
		latest.note = `Payload of ${mb} MB is larger than the ${MAX_PARSE_BYTES / (1024 * 1024)} MB tiles read.`;
	} else if (payload === undefined && readsField(spec)) {
		latest.note = 'Payload is not JSON or a number, so no field can be read from it.';
	}
	return latest;
}

/** Whether the spec needs a field of the payload (a whole-payload status reads any text). */
function readsField(spec: LatestSpec): boolean {
	return spec.path !== undefined || (spec.statusPath !== undefined && spec.statusPath !== '');
}

/** A status as text: the whole payload (a JSON string unquoted) or the scalar at the path. */
function statusAt(record: MessageRecord, payload: unknown, path: string): string | undefined {
	if (path === '') {
		if (typeof payload === 'string') return cut(payload);
		// Only the head is decoded: the row shows at most MAX_STATUS_CHARS of it (UTF-8 ≤ 4 bytes).
		return cut(decoder.decode(record.payload.subarray(0, MAX_STATUS_CHARS * 4 + 8)).trim());
	}
	const segments = parsePath(path);
	const node = segments ? readAtPath(payload, segments) : undefined;
	if (node === undefined || node === null || typeof node === 'object') return undefined;
	return cut(String(node));
}

function cut(text: string): string {
	return text.length > MAX_STATUS_CHARS ? `${text.slice(0, MAX_STATUS_CHARS)}…` : text;
}
