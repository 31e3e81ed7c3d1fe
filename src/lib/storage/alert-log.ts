// STUB — to be implemented (alerts helper).
import type { IDBPDatabase } from 'idb';
import type { AlertLogEntry } from '$lib/shared/alert-rules';
import type { ScopeDB } from './db';

type DB = IDBPDatabase<ScopeDB>;

/** Stores a new firing with the next id of the profile's log; returns the stored entry. */
export async function addAlertEntry(
	db: DB,
	entry: Omit<AlertLogEntry, 'id'>
): Promise<AlertLogEntry> {
	void db;
	return { ...entry, id: 0 };
}

/** Sets when the newest open firing of a rule on a topic cleared; returns it, if any. */
export async function clearAlertEntry(
	db: DB,
	profileId: string,
	ruleId: string,
	topic: string,
	clearedAt: number
): Promise<AlertLogEntry | undefined> {
	void [db, profileId, ruleId, topic, clearedAt];
	return undefined;
}

/** The newest entries of a profile's log, newest first. */
export async function listAlertEntries(
	db: DB,
	profileId: string,
	limit: number
): Promise<AlertLogEntry[]> {
	void [db, profileId, limit];
	return [];
}

/** Empties a profile's alert log. */
export async function clearAlertLog(db: DB, profileId: string): Promise<void> {
	void [db, profileId];
}
