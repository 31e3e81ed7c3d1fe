import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { AlertLogEntry } from '$lib/shared/alerts/alert-rules';
import { openScopeDB } from './db';
import { addAlertEntry, clearAlertEntry, clearAlertLog, listAlertEntries } from './alert-log';

let dbCount = 0;
const freshDb = () => openScopeDB(`alert-log-test-${++dbCount}`);

function firing(
	profileId: string,
	firedAt: number,
	ruleId = 'r1',
	topic = 't'
): Omit<AlertLogEntry, 'id'> {
	return { profileId, ruleId, ruleName: 'Hot', topic, firedAt, message: `fired ${firedAt}` };
}

describe('alert log', () => {
	it('gives increasing ids per profile, even in the same millisecond or a clock step back', async () => {
		const db = await freshDb();
		const a = await addAlertEntry(db, firing('p', 1000));
		const b = await addAlertEntry(db, firing('p', 1000));
		const c = await addAlertEntry(db, firing('p', 500));
		const d = await addAlertEntry(db, firing('p', 5000));
		const other = await addAlertEntry(db, firing('q', 10));
		expect([a.id, b.id, c.id, d.id]).toEqual([1000, 1001, 1002, 5000]);
		expect(other.id).toBe(10);
		const listed = await listAlertEntries(db, 'p', 10);
		expect(listed.map((e) => e.id)).toEqual([5000, 1002, 1001, 1000]);
		expect(listed[0].message).toBe('fired 5000');
		expect((await listAlertEntries(db, 'p', 2)).map((e) => e.id)).toEqual([5000, 1002]);
	});

	it('clears the newest open firing of a rule on a topic, once', async () => {
		const db = await freshDb();
		await addAlertEntry(db, firing('p', 100, 'r1', 'a'));
		await addAlertEntry(db, firing('p', 200, 'r1', 'b'));
		await addAlertEntry(db, firing('p', 300, 'r2', 'a'));
		const cleared = await clearAlertEntry(db, 'p', 'r1', 'a', 400);
		expect(cleared).toMatchObject({ id: 100, clearedAt: 400 });
		expect(await clearAlertEntry(db, 'p', 'r1', 'a', 500)).toBeUndefined();
		expect(await clearAlertEntry(db, 'p', 'r9', 'a', 500)).toBeUndefined();
		const byId = new Map((await listAlertEntries(db, 'p', 10)).map((e) => [e.id, e]));
		expect(byId.get(100)?.clearedAt).toBe(400);
		expect(byId.get(200)?.clearedAt).toBeUndefined();
		expect(byId.get(300)?.clearedAt).toBeUndefined();
	});

	it('keeps only the newest entries of a profile', async () => {
		const db = await freshDb();
		for (let i = 1; i <= 7; i++) await addAlertEntry(db, firing('p', i), 5);
		await addAlertEntry(db, firing('q', 1), 5);
		expect((await listAlertEntries(db, 'p', 100)).map((e) => e.id)).toEqual([7, 6, 5, 4, 3]);
		expect(await listAlertEntries(db, 'q', 100)).toHaveLength(1);
	});

	it('empties one profile only', async () => {
		const db = await freshDb();
		await addAlertEntry(db, firing('p', 1));
		await addAlertEntry(db, firing('q', 1));
		await clearAlertLog(db, 'p');
		expect(await listAlertEntries(db, 'p', 10)).toEqual([]);
		expect(await listAlertEntries(db, 'q', 10)).toHaveLength(1);
	});
});

describe('clearAlertLog with entries to keep', () => {
	it('keeps only the named entries', async () => {
		const db = await openScopeDB(`alert-log-keep-${Date.now()}`);
		const base = { profileId: 'p', ruleId: 'r', ruleName: 'R', message: 'm' };
		const a = await addAlertEntry(db, { ...base, topic: 'a', firedAt: 1000 });
		const b = await addAlertEntry(db, { ...base, topic: 'b', firedAt: 2000 });
		await clearAlertLog(db, 'p', [b.id]);
		expect((await listAlertEntries(db, 'p', 10)).map((e) => e.id)).toEqual([b.id]);
		expect(a.id).not.toBe(b.id);
	});
});
