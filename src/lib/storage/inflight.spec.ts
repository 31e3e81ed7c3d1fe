import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openScopeDB, type InflightRow } from './db';
import { loadInflight, saveInflight } from './inflight';

let dbCount = 0;
const freshDb = () => openScopeDB(`inflight-rows-test-${++dbCount}`);

const row = (profileId: string, direction: 'in' | 'out', messageId: number): InflightRow => ({
	profileId,
	direction,
	messageId,
	packet: { cmd: 'publish', messageId, topic: `t/${messageId}` },
	recordId: messageId * 10
});

describe('in-flight packets', () => {
	it('loads only the profile and direction asked, by packet id', async () => {
		const db = await freshDb();
		await saveInflight(db, 'a', 'out', [
			[9, row('a', 'out', 9)],
			[65535, row('a', 'out', 65535)],
			[2, row('a', 'out', 2)]
		]);
		await saveInflight(db, 'a', 'in', [[3, row('a', 'in', 3)]]);
		await saveInflight(db, 'b', 'out', [[4, row('b', 'out', 4)]]);
		const out = await loadInflight(db, 'a', 'out');
		expect(out.map((r) => r.messageId)).toEqual([2, 9, 65535]);
		expect(out[0]).toEqual(row('a', 'out', 2));
		expect((await loadInflight(db, 'a', 'in')).map((r) => r.messageId)).toEqual([3]);
		expect(await loadInflight(db, 'c', 'out')).toEqual([]);
	});

	it('puts and deletes in one save, touching no other profile or direction', async () => {
		const db = await freshDb();
		await saveInflight(db, 'a', 'out', [
			[1, row('a', 'out', 1)],
			[2, row('a', 'out', 2)]
		]);
		await saveInflight(db, 'a', 'in', [[1, row('a', 'in', 1)]]);
		await saveInflight(db, 'b', 'out', [[1, row('b', 'out', 1)]]);
		const replaced = { ...row('a', 'out', 2), packet: { cmd: 'pubrel', messageId: 2 } };
		await saveInflight(db, 'a', 'out', [
			[1, null],
			[2, replaced],
			[3, row('a', 'out', 3)]
		]);
		expect(await loadInflight(db, 'a', 'out')).toEqual([replaced, row('a', 'out', 3)]);
		expect(await loadInflight(db, 'a', 'in')).toEqual([row('a', 'in', 1)]);
		expect(await loadInflight(db, 'b', 'out')).toEqual([row('b', 'out', 1)]);
	});
});
