import { describe, expect, it } from 'vitest';
import {
	addSeriesToChart,
	dashboardWindow,
	DEFAULT_WINDOW_MS,
	moveTile,
	newTile,
	plotFilterChoices,
	validateTile,
	type Tile
} from './dashboard';

describe('newTile', () => {
	it('gives each kind usable defaults', () => {
		const chart = newTile('chart', undefined, 'a');
		expect(chart).toMatchObject({ id: 'a', kind: 'chart', title: 'Chart', width: 2, series: [] });
		const gauge = newTile('gauge', { topicFilter: 's/+/t', path: 'temp' }, 'b');
		expect(gauge).toMatchObject({ kind: 'gauge', title: 'temp', min: 0, max: 100, ranges: [] });
		const status = newTile('status', { topicFilter: 'd/+/status', path: 'value' }, 'c');
		expect(status).toMatchObject({ topicFilter: 'd/+/status', path: '', okValues: ['online'] });
	});

	it('makes a fresh id by default', () => {
		expect(newTile('number').id).not.toBe(newTile('number').id);
	});
});

describe('moveTile', () => {
	const tiles = ['a', 'b', 'c'].map((id) => newTile('number', undefined, id));
	const ids = (list: Tile[]) => list.map((t) => t.id).join('');

	it('moves a tile forwards and backwards', () => {
		expect(ids(moveTile(tiles, 0, 2))).toBe('bca');
		expect(ids(moveTile(tiles, 2, 0))).toBe('cab');
		expect(ids(moveTile(tiles, 1, 2))).toBe('acb');
	});

	it('clamps the target and ignores moves that change nothing', () => {
		expect(ids(moveTile(tiles, 0, 9))).toBe('bca');
		expect(moveTile(tiles, 0, -1)).toBe(tiles);
		expect(moveTile(tiles, 5, 0)).toBe(tiles);
	});
});

describe('addSeriesToChart', () => {
	const series = { topicFilter: 'sensors/+/telemetry', path: 'temperature', unit: '°C' };

	it('makes a new chart titled from the path', () => {
		const tiles = addSeriesToChart([], undefined, series, 'n');
		expect(tiles).toEqual([
			expect.objectContaining({ id: 'n', kind: 'chart', title: 'temperature', series: [series] })
		]);
	});

	it('gives a new chart the given title and the window of the charts beside it', () => {
		const fiveMinutes = { ...(newTile('chart', undefined, 'a') as Tile), windowMs: 5 * 60_000 };
		const tiles = addSeriesToChart([fiveMinutes], undefined, series, 'n', ' device01 · temp ');
		expect(tiles[1]).toMatchObject({ title: 'device01 · temp', windowMs: 5 * 60_000 });
		expect(addSeriesToChart([], undefined, series, 'n', '  ')[0]).toMatchObject({
			title: 'temperature',
			windowMs: DEFAULT_WINDOW_MS
		});
	});

	it('adds to an existing chart once', () => {
		const first = addSeriesToChart([], undefined, series, 'n');
		const humidity = {
			topicFilter: 'sensors/+/telemetry',
			path: 'humidity',
			axis: 'right' as const
		};
		const second = addSeriesToChart(first, 'n', humidity);
		expect(second).toHaveLength(1);
		expect(second[0].kind === 'chart' && second[0].series).toEqual([series, humidity]);
		expect(addSeriesToChart(second, 'n', humidity)).toBe(second);
	});

	it('drops empty optional fields and names a bare value by its topic', () => {
		const tiles = addSeriesToChart([], undefined, {
			topicFilter: 'a/b',
			path: 'value',
			label: ' '
		});
		expect(tiles[0]).toMatchObject({
			title: 'a/b',
			series: [{ topicFilter: 'a/b', path: 'value' }]
		});
	});

	it('makes a new chart when the target is not a chart', () => {
		const number = newTile('number', undefined, 'x');
		expect(addSeriesToChart([number], 'x', series, 'n').map((t) => t.id)).toEqual(['x', 'n']);
	});
});

describe('validateTile', () => {
	it('accepts defaults that follow a series', () => {
		for (const kind of ['chart', 'number', 'gauge', 'status'] as const) {
			expect(validateTile(newTile(kind, { topicFilter: 'a/+', path: 'v' }))).toEqual([]);
		}
	});

	it('explains bad filters, paths, widths and gauges in words', () => {
		const gauge = {
			...newTile('gauge', { topicFilter: 'a/#/b', path: 'x..y' }),
			width: 4,
			min: 10,
			max: 0
		} as unknown as Tile;
		const errors = validateTile(gauge);
		expect(errors.join(' ')).toContain('"#"');
		expect(errors.join(' ')).toContain('width');
		expect(errors.join(' ')).toContain('minimum');
		const path = validateTile(newTile('number', { topicFilter: 'a', path: 'x..y' }));
		expect(path[0]).toContain('not a JSON path');
	});

	it('wants gauge ranges inside the scale with a colour', () => {
		const gauge = {
			...newTile('gauge', { topicFilter: 'a', path: 'v' }),
			ranges: [
				{ from: 80, to: 120, color: '#ff0000' },
				{ from: 5, to: 1, color: '#00ff00' },
				{ from: 0, to: 10, color: 'red' }
			]
		} as Tile;
		expect(validateTile(gauge)).toEqual([
			'Range 1 must lie inside 0–100.',
			'Range 2: "from" must be below "to".',
			'Range 3: the colour must be written as #rrggbb.'
		]);
	});

	it('wants a status tile to list a good value', () => {
		const status = {
			...newTile('status', { topicFilter: 'a', path: '' }),
			okValues: [' ']
		} as Tile;
		expect(validateTile(status)).toEqual(['List at least one good status value, e.g. "online".']);
	});
});

describe('plotFilterChoices', () => {
	it('offers the topic and each level as a wildcard', () => {
		expect(plotFilterChoices('a/b/c')).toEqual(['a/b/c', '+/b/c', 'a/+/c', 'a/b/+']);
		expect(plotFilterChoices('solo')).toEqual(['solo']);
	});
});

describe('dashboardWindow', () => {
	const chart = (id: string, windowMs: number) =>
		({ ...newTile('chart', undefined, id), windowMs }) as Tile;

	it('is the window most charts use, the first chart’s on a tie', () => {
		expect(dashboardWindow([chart('a', 300_000), chart('b', 60_000), chart('c', 60_000)])).toBe(
			60_000
		);
		expect(dashboardWindow([chart('a', 300_000), chart('b', 60_000)])).toBe(300_000);
	});

	it('is the default without charts', () => {
		expect(dashboardWindow([newTile('number', undefined, 'n')])).toBe(DEFAULT_WINDOW_MS);
		expect(dashboardWindow([])).toBe(DEFAULT_WINDOW_MS);
	});
});
