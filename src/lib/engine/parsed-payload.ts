import type { MessageRecord } from '$lib/shared/mqtt/message';
import { parsePayload } from '$lib/shared/payload/numeric-fields';

/**
 * Each record's payload parsed once, whoever asks first: the alert watch as the record arrives,
 * then the live registry after the batch commits. Weak, so a record written and sent is freed.
 */
const cache = new WeakMap<MessageRecord, unknown>();

/** The record's payload as JSON (or a bare number), parsed on the first call only. */
export function parsedPayload(record: MessageRecord): unknown {
	if (cache.has(record)) return cache.get(record);
	const parsed = parsePayload(record.payload);
	cache.set(record, parsed);
	return parsed;
}
