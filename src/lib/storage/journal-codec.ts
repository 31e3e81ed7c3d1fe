import { decode, encode } from 'cbor2';
import type { MessageRecord } from '$lib/shared/mqtt/message';

/** Bytes of a frame's length prefix. */
const PREFIX = 4;

/**
 * One append to a history journal: the records' CBOR (which keeps payloads as bytes) after its
 * length, so a frame cut short by a crash is recognised and dropped when the file is read.
 */
export function encodeFrame(records: readonly MessageRecord[]): Uint8Array {
	const body = encode(records);
	const frame = new Uint8Array(PREFIX + body.length);
	new DataView(frame.buffer).setUint32(0, body.length, true);
	frame.set(body, PREFIX);
	return frame;
}

/**
 * The records of a journal's frames, in order. Reading stops at the first frame that is cut
 * short or not a list of records (a crash in the middle of an append): what came before it is
 * kept. Linear in the file's size.
 */
export function decodeFrames(bytes: Uint8Array): MessageRecord[] {
	const records: MessageRecord[] = [];
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	for (let at = 0; at + PREFIX <= bytes.length;) {
		const length = view.getUint32(at, true);
		const end = at + PREFIX + length;
		if (length === 0 || end > bytes.length) break;
		let frame: unknown;
		try {
			frame = decode(bytes.subarray(at + PREFIX, end));
		} catch {
			break;
		}
		if (!Array.isArray(frame) || !frame.every(isRecord)) break;
		records.push(...frame);
		at = end;
	}
	return records;
}

/** Whether a decoded value has what every reader of a record relies on. */
function isRecord(value: unknown): value is MessageRecord {
	const record = value as Partial<MessageRecord> | null;
	return (
		typeof record === 'object' &&
		record !== null &&
		typeof record.profileId === 'string' &&
		typeof record.id === 'number' &&
		typeof record.topic === 'string' &&
		typeof record.time === 'number' &&
		record.payload instanceof Uint8Array
	);
}
