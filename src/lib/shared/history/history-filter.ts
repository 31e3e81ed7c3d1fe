/** Which stored messages a filtered view or an export keeps: one pure predicate, shared by both. */
import type { Direction, MessageRecord } from '../mqtt/message';
import type { QoS } from '../profile/profile';
import { topicMatches } from '../mqtt/topic';

/** Which messages a filtered view or an export covers; every field set must match. */
export interface HistoryFilter {
	/** An MQTT topic filter (+ and # allowed). */
	topicFilter?: string;
	/** Text the payload must contain (UTF-8, case-insensitive). */
	text?: string;
	/** Time range, ms since the epoch, inclusive. */
	from?: number;
	to?: number;
	direction?: Direction;
	retained?: boolean;
	qos?: QoS[];
}

// Non-fatal: a payload that is not UTF-8 is searched with replacement characters, never throws.
const decoder = new TextDecoder('utf-8');

/** Whether a filter sets nothing, so every record matches (and no record needs to be looked at). */
export function isEmptyFilter(filter: HistoryFilter | undefined): boolean {
	if (!filter) return true;
	return (
		!filter.topicFilter &&
		!filter.text &&
		filter.from === undefined &&
		filter.to === undefined &&
		filter.direction === undefined &&
		filter.retained === undefined &&
		(filter.qos === undefined || filter.qos.length === 0)
	);
}

/** Whether a record matches every field the filter sets (unset fields match everything). */
export function matchesFilter(record: MessageRecord, filter: HistoryFilter): boolean {
	if (filter.direction !== undefined && record.direction !== filter.direction) return false;
	if (filter.retained !== undefined && record.retain !== filter.retained) return false;
	if (filter.qos?.length && !filter.qos.includes(record.qos)) return false;
	if (filter.from !== undefined && record.time < filter.from) return false;
	if (filter.to !== undefined && record.time > filter.to) return false;
	if (filter.topicFilter && !topicMatches(filter.topicFilter, record.topic)) return false;
	if (filter.text) {
		// Checked last: decoding the payload is the costly part.
		const payload = decoder.decode(record.payload).toLowerCase();
		if (!payload.includes(filter.text.toLowerCase())) return false;
	}
	return true;
}
