import { describe, expect, it } from 'vitest';
import { isValidRule } from '../alerts/alert-rules';
import { validateTile } from '../dashboards/dashboard';
import { localDemoDashboard, localDemoProfile, LOCAL_DEMO_ID } from './demo-profile';

describe('localDemoDashboard', () => {
	const dashboard = localDemoDashboard(1);

	it('belongs to the demo profile', () => {
		expect(dashboard.profileId).toBe(LOCAL_DEMO_ID);
		expect(localDemoProfile(1).id).toBe(LOCAL_DEMO_ID);
	});

	it('has one valid tile of every kind and a valid alert', () => {
		expect(dashboard.tiles.map((t) => t.kind).sort()).toEqual([
			'chart',
			'gauge',
			'number',
			'status'
		]);
		for (const tile of dashboard.tiles) expect(validateTile(tile), tile.title).toEqual([]);
		expect(dashboard.alerts.every(isValidRule)).toBe(true);
	});
});
