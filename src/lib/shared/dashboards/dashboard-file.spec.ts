import { describe, expect, it } from 'vitest';
import type { AlertRule } from '../alerts/alert-rules';
import {
	addSeriesToChart,
	DASHBOARD_FILE_FORMAT,
	DASHBOARD_FILE_VERSION,
	newTile
} from './dashboard';
import { dashboardFile, parseDashboardFile } from './dashboard-file';

const counter = () => {
	let n = 0;
	return () => `id${++n}`;
};

describe('dashboard file', () => {
	const alert: AlertRule = {
		id: 'r1',
		name: 'Too hot',
		series: { topicFilter: 's/+/t', path: 'temperature' },
		condition: { kind: 'above', value: 30 },
		enabled: true
	};
	const tiles = addSeriesToChart(
		[newTile('status', { topicFilter: 'd/+/status', path: '' }, 's1')],
		undefined,
		{ topicFilter: 's/+/t', path: 'a["living room"].temp' },
		'c1'
	);

	it('round-trips tiles and alerts with fresh ids and no profile', () => {
		const text = dashboardFile({ tiles, alerts: [alert] }, Date.UTC(2026, 0, 2));
		const parsed = JSON.parse(text) as Record<string, unknown>;
		expect(parsed).toMatchObject({
			format: DASHBOARD_FILE_FORMAT,
			version: DASHBOARD_FILE_VERSION,
			exportedAt: '2026-01-02T00:00:00.000Z'
		});
		expect(text).not.toContain('profileId');
		expect(text).toContain('\n  "tiles": [');
		const result = parseDashboardFile(text, counter());
		if ('error' in result) throw new Error(result.error);
		expect(result.tiles.map((t) => t.id)).toEqual(['id1', 'id2']);
		expect(result.tiles.map((t) => ({ ...t, id: '' }))).toEqual(
			tiles.map((t) => ({ ...t, id: '' }))
		);
		expect(result.alerts).toEqual([{ ...alert, id: 'id3' }]);
	});

	it('rejects what is not a dashboard file, saying why', () => {
		expect(parseDashboardFile('{oops')).toMatchObject({
			error: expect.stringContaining('not a JSON file')
		});
		expect(parseDashboardFile('[]')).toMatchObject({ error: expect.stringContaining('"format"') });
		const future = JSON.stringify({ format: DASHBOARD_FILE_FORMAT, version: 9, tiles: [] });
		expect(parseDashboardFile(future)).toMatchObject({
			error: expect.stringContaining('version 9')
		});
	});

	it('names the bad tile and what is wrong with it', () => {
		const file = (list: unknown[], alerts: unknown[] = []) =>
			JSON.stringify({ format: DASHBOARD_FILE_FORMAT, version: 1, tiles: list, alerts });
		const badKind = parseDashboardFile(file([tiles[0], { kind: 'pie', title: 'Pie' }]));
		expect(badKind).toEqual({
			error: 'Tile 2 "Pie": unknown kind "pie" (expected chart, number, gauge or status).'
		});
		const badGauge = parseDashboardFile(
			file([{ kind: 'gauge', title: 'G', series: { topicFilter: 'a', path: 'v' }, min: 5, max: 1 }])
		);
		expect(badGauge).toMatchObject({ error: expect.stringMatching(/^Tile 1 "G": .*minimum/) });
		const badAlert = parseDashboardFile(file([], [{ ...alert, condition: { kind: 'soon' } }]));
		expect(badAlert).toMatchObject({
			error: expect.stringContaining('Alert 1: unknown condition')
		});
	});

	it('refuses a file with an alert rule the alert form would refuse, naming it and why', () => {
		const file = (alerts: unknown[]) =>
			JSON.stringify({ format: DASHBOARD_FILE_FORMAT, version: 1, tiles: [], alerts });
		const rule = (name: string, series: AlertRule['series'], condition: unknown) => ({
			name,
			series,
			condition,
			enabled: true
		});
		const cases: [unknown, RegExp][] = [
			[
				rule('Quiet', { topicFilter: 'd/+/t', path: '' }, { kind: 'silence', seconds: 0 }),
				/^Alert 2 "Quiet": .*seconds without a message.*\(1 or more\)/
			],
			[
				rule('Band', { topicFilter: 'd/+/t', path: 'v' }, { kind: 'outside', min: 5, max: 5 }),
				/^Alert 2 "Band": The lowest allowed value \(5\) must be below the highest \(5\)\.$/
			],
			[
				rule('Down', { topicFilter: 'd/+/status', path: '' }, { kind: 'status', equals: ' ' }),
				/^Alert 2 "Down": Enter the status text/
			],
			[
				rule('Path', { topicFilter: 'd/+/t', path: 'a..b' }, { kind: 'above', value: 1 }),
				/^Alert 2 "Path": "a\.\.b" is not a JSON path/
			],
			[
				rule('No path', { topicFilter: 'd/+/t', path: '' }, { kind: 'below', value: 1 }),
				/^Alert 2 "No path": Enter the JSON path/
			]
		];
		for (const [bad, error] of cases) {
			const result = parseDashboardFile(file([alert, bad]));
			expect(result).toEqual({ error: expect.stringMatching(error) });
		}
		// The first bad rule is the one named.
		const two = parseDashboardFile(file([cases[0][0], cases[1][0]]));
		expect(two).toEqual({ error: expect.stringMatching(/^Alert 1 "Quiet": /) });
	});
});
