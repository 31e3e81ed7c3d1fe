// The alert log: when each alert fired and cleared, per profile, oldest id first.
import type { IDBPDatabase } from 'idb';
import type { AlertLogEntry } from '$lib/shared/alerts/alert-rules';
import type { ScopeDB } from './db';

type DB = IDBPDatabase<ScopeDB>;

/** Entries kept per profile; older ones are dropped as new ones arrive. */
export const ALERT_LOG_LIMIT = 1000;

/** Every key of one profile, in id order. */
function profileRange(profileId: string): IDBKeyRange {
	return IDBKeyRange.bound([profileId, -Infinity], [profileId, Infinity]);
}

/**
 * Stores a new firing with the next id of the profile's log; returns the stored entry.
 * The id is the firing time in ms, or one more than the newest id when that is not larger, so
 * ids increase even for firings in the same millisecond or after the clock stepped back.
 */
export async function addAlertEntry(
	db: DB,
	entry: Omit<AlertLogEntry, 'id'>,
	limit = ALERT_LOG_LIMIT
): Promise<AlertLogEntry> {
	const tx = db.transaction('alert-log', 'readwrite');
	const range = profileRange(entry.profileId);
	const newest = await tx.store.openKeyCursor(range, 'prev');
	const lastId = newest ? newest.primaryKey[1] : -Infinity;
	const stored: AlertLogEntry = { ...entry, id: Math.max(Math.floor(entry.firedAt), lastId + 1) };
	await tx.store.add(stored);
	const excess = (await tx.store.count(range)) - limit;
	if (excess > 0) {
		let cursor = await tx.store.openKeyCursor(range);
		for (let i = 0; cursor && i < excess; i++) {
			await tx.store.delete(cursor.primaryKey);
			cursor = await cursor.continue();
		}
	}
	await tx.done;
	return stored;
}

/** Sets when the newest open firing of a rule on a topic cleared; returns it, if any. */
export async function clearAlertEntry(
	db: DB,
	profileId: string,
	ruleId: string,
	topic: string,
	clearedAt: number
): Promise<AlertLogEntry | undefined> {
	const tx = db.transaction('alert-log', 'readwrite');
	let cursor = await tx.store.openCursor(profileRange(profileId), 'prev');
	let updated: AlertLogEntry | undefined;
	while (cursor) {
		const entry = cursor.value;
		if (entry.ruleId === ruleId && entry.topic === topic) {
			// Only the newest firing of this rule and topic can be open; a cleared one means done.
			if (entry.clearedAt === undefined) {
				updated = { ...entry, clearedAt };
				await cursor.update(updated);
			}
			break;
		}
		cursor = await cursor.continue();
	}
	await tx.done;
	return updated;
}

/** The newest entries of a profile's log, newest first. */
export async function listAlertEntries(
	db: DB,
	profileId: string,
	limit: number
): Promise<AlertLogEntry[]> {
	const out: AlertLogEntry[] = [];
	const tx = db.transaction('alert-log', 'readonly');
	let cursor = await tx.store.openCursor(profileRange(profileId), 'prev');
	while (cursor && out.length < limit) {
		out.push(cursor.value);
		cursor = await cursor.continue();
	}
	await tx.done;
	return out;
}

/** Empties a profile's alert log, except the entries `keep` names (alerts still active). */
export async function clearAlertLog(
	db: DB,
	profileId: string,
	keep: readonly number[] = []
): Promise<void> {
	if (keep.length === 0) {
		await db.delete('alert-log', profileRange(profileId));
		return;
	}
	const kept = new Set(keep);
	const tx = db.transaction('alert-log', 'readwrite');
	let cursor = await tx.store.openKeyCursor(profileRange(profileId));
	while (cursor) {
		if (!kept.has(cursor.primaryKey[1])) await tx.store.delete(cursor.primaryKey);
		cursor = await cursor.continue();
	}
	await tx.done;
}
