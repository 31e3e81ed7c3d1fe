import type { IDBPDatabase } from 'idb';
import type { AlertRule } from '$lib/shared/alerts/alert-rules';
import type { Dashboard, Tile } from '$lib/shared/dashboards/dashboard';
import type { ScopeDB } from '$lib/storage/db';
import { pageDB } from './page-db';
import { loadDashboard, saveDashboard } from '$lib/storage/dashboards';
import { engine } from './engine';

/** The selected profile's dashboard: its tiles and alert rules, saved on every change. */
export class DashboardState {
	#profileId = $state<string | undefined>(undefined);
	#tiles = $state.raw<Tile[]>([]);
	#alerts = $state.raw<AlertRule[]>([]);
	#loaded = $state(false);

	/** The profile whose dashboard this is. */
	get profileId(): string | undefined {
		return this.#profileId;
	}

	/** Tiles in display order. */
	get tiles(): Tile[] {
		return this.#tiles;
	}

	/** The profile's alert rules. */
	get alerts(): AlertRule[] {
		return this.#alerts;
	}

	/** Whether the stored dashboard has been read. */
	get loaded(): boolean {
		return this.#loaded;
	}

	/** Reads a profile's dashboard and hands its alert rules to the engine. */
	async open(profileId: string): Promise<void> {
		this.#profileId = profileId;
		this.#loaded = false;
		const stored = await loadDashboard(await this.#database(), profileId);
		if (this.#profileId !== profileId) return;
		this.#tiles = stored.tiles;
		this.#alerts = stored.alerts;
		this.#loaded = true;
		await engine().setAlerts(profileId, stored.alerts);
	}

	/** Replaces the tiles (add, edit, remove, reorder) and saves. */
	async setTiles(tiles: Tile[]): Promise<void> {
		// Until the stored dashboard is read, saving would overwrite it with an empty one.
		if (!this.#loaded) return;
		this.#tiles = tiles;
		await this.#save();
	}

	/** Replaces the alert rules, saves them and hands them to the engine. */
	async setAlerts(alerts: AlertRule[]): Promise<void> {
		if (!this.#loaded) return;
		// Taken before the save: the user may switch profiles while it is written.
		const profileId = this.#profileId;
		this.#alerts = alerts;
		await this.#save();
		if (profileId) await engine().setAlerts(profileId, $state.snapshot(alerts));
	}

	/** A profile's tiles and alert rules: the open ones for the open profile, else the stored ones. */
	async contentOf(profileId: string): Promise<{ tiles: Tile[]; alerts: AlertRule[] }> {
		if (profileId === this.#profileId && this.#loaded) {
			return { tiles: this.#tiles, alerts: this.#alerts };
		}
		const { tiles, alerts } = await loadDashboard(await this.#database(), profileId);
		return { tiles, alerts };
	}

	/** Stores the dashboard of a profile before it is first opened (one saved from a share link). */
	async seed(profileId: string, tiles: Tile[], alerts: AlertRule[]): Promise<void> {
		const stored: Dashboard = { profileId, tiles, alerts, updatedAt: Date.now() };
		await saveDashboard(await this.#database(), stored);
	}

	async #save(): Promise<void> {
		const profileId = this.#profileId;
		if (!profileId) return;
		const dashboard: Dashboard = {
			profileId,
			tiles: $state.snapshot(this.#tiles) as Tile[],
			alerts: $state.snapshot(this.#alerts) as AlertRule[],
			updatedAt: Date.now()
		};
		await saveDashboard(await this.#database(), dashboard);
	}

	#database(): Promise<IDBPDatabase<ScopeDB>> {
		return pageDB();
	}
}

/** The app's one dashboard state. */
export const dashboard = new DashboardState();
