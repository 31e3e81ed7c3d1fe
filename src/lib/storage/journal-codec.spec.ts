import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '$lib/shared/mqtt/message';
import { decodeFrames, encodeFrame } from './journal-codec';

function record(id: number, extra: Partial<MessageRecord> = {}): MessageRecord {
	return {
		profileId: 'p',
		id,
		direction: 'in',
		topic: `t/${id}`,
		payload: new Uint8Array([id, 0, 255]),
		qos: 1,
		retain: false,
		dup: false,
		time: 1.79e12 + id,
		...extra
	};
}

/** Frames one after another, as a journal file holds them. */
function file(...frames: Uint8Array[]): Uint8Array {
	const bytes = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
	let at = 0;
	for (const frame of frames) {
		bytes.set(frame, at);
		at += frame.length;
	}
	return bytes;
}

describe('journal frames', () => {
	it('give back every record of every frame, bytes and properties included', () => {
		const rich = record(3, {
			properties: { userProperties: { a: 'b' }, correlationData: new Uint8Array([9]) },
			gapBefore: { from: 1, to: 2 }
		});
		const records = decodeFrames(file(encodeFrame([record(1), record(2)]), encodeFrame([rich])));
		expect(records).toEqual([record(1), record(2), rich]);
		expect(records[2].payload).toBeInstanceOf(Uint8Array);
	});

	it('drop a frame cut short by a crash, keeping the ones before it', () => {
		const last = encodeFrame([record(2)]);
		for (const cut of [1, 3, 4, last.length - 1]) {
			const bytes = file(encodeFrame([record(1)]), last.subarray(0, cut));
			expect(decodeFrames(bytes).map((r) => r.id)).toEqual([1]);
		}
	});

	it('stop at bytes that are not a frame of records', () => {
		const notRecords = new Uint8Array([2, 0, 0, 0, 0x82, 0x01]); // a CBOR list of numbers
		expect(decodeFrames(file(encodeFrame([record(1)]), notRecords)).map((r) => r.id)).toEqual([1]);
		expect(decodeFrames(new Uint8Array([255, 255, 255, 255, 1]))).toEqual([]);
		expect(decodeFrames(new Uint8Array())).toEqual([]);
	});
});
