import type { IDBPDatabase } from 'idb';
import type { Dashboard } from '$lib/shared/dashboards/dashboard';
import type { ScopeDB } from './db';

/** A profile's dashboard; an empty one when none was saved. */
export async function loadDashboard(
	db: IDBPDatabase<ScopeDB>,
	profileId: string
): Promise<Dashboard> {
	return (
		(await db.get('dashboards', profileId)) ?? { profileId, tiles: [], alerts: [], updatedAt: 0 }
	);
}

/** Saves a profile's dashboard whole (tiles and alert rules are small). */
export async function saveDashboard(
	db: IDBPDatabase<ScopeDB>,
	dashboard: Dashboard
): Promise<void> {
	await db.put('dashboards', dashboard);
}
