import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostileJsonText } from '../../../../tests/support/hostile-payloads';
import type { AlertRule } from '../alerts/alert-rules';
import {
	addSeriesToChart,
	DASHBOARD_FILE_FORMAT,
	DASHBOARD_FILE_VERSION,
	newTile
} from './dashboard';
import {
	dashboardFile,
	MAX_FILE_TILES,
	MAX_TILE_LIST,
	MAX_TILE_TEXT,
	parseDashboardFile
} from './dashboard-file';

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

describe('dashboard file on hostile input', () => {
	const file = (tiles: unknown[], alerts: unknown[] = []) =>
		JSON.stringify({
			format: DASHBOARD_FILE_FORMAT,
			version: DASHBOARD_FILE_VERSION,
			tiles,
			alerts
		});
	const chart = (extra: object) => ({
		kind: 'chart',
		title: 'T',
		series: [{ topicFilter: 'a/#', path: 'v' }],
		...extra
	});

	it('never throws, and every tile read stays inside the bounds', () => {
		const tileLike = fc.oneof(
			fc.jsonValue({ maxDepth: 4 }),
			fc.record({
				kind: fc.constantFrom('chart', 'number', 'gauge', 'status'),
				title: fc.string(),
				windowMs: fc.oneof(fc.double(), fc.constant(1e300)),
				decimals: fc.double(),
				series: fc.jsonValue({ maxDepth: 2 })
			})
		);
		fc.assert(
			fc.property(
				fc.oneof(
					hostileJsonText,
					fc.array(tileLike, { maxLength: 5 }).map((tiles) => file(tiles))
				),
				(text) => {
					const result = parseDashboardFile(text, counter());
					if ('error' in result) {
						expect(result.error.length).toBeGreaterThan(0);
						return;
					}
					expect(result.tiles.length).toBeLessThanOrEqual(MAX_FILE_TILES);
					for (const tile of result.tiles) {
						expect(tile.title.length).toBeLessThanOrEqual(MAX_TILE_TEXT);
						if (tile.kind === 'chart')
							expect(tile.series.length).toBeLessThanOrEqual(MAX_TILE_LIST);
					}
				}
			),
			{ numRuns: 200 }
		);
	});

	it('names the bound a file breaks', () => {
		const error = (text: string) => {
			const result = parseDashboardFile(text, counter());
			return 'error' in result ? result.error : 'read';
		};
		expect(error(file([chart({})]))).toBe('read');
		expect(error(' '.repeat(1024 * 1024 + 1))).toMatch(/far more than a dashboard file/);
		expect(error('['.repeat(5000))).toMatch(/nested far more deeply/);
		expect(error(file(new Array(201).fill(chart({}))))).toMatch(/at most 200/);
		expect(error(file([chart({ title: 't'.repeat(2000) })]))).toMatch(/at most 1024/);
		const series = new Array(65).fill({ topicFilter: 'a/#', path: 'v' });
		expect(error(file([chart({ series })]))).toMatch(/at most 64/);
		expect(error(file([chart({ windowMs: 1e300 })]))).toMatch(/century/);
	});
});
