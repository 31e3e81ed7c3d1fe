/**
 * Dashboards: a grid of tiles per profile (charts, big numbers, gauges, status tiles) and the
 * profile's alert rules, saved in IndexedDB and exported/imported as readable JSON.
 */
import type { AlertRule } from '../alerts/alert-rules';
import { parsePath } from '../payload/numeric-fields';
import type { SeriesSpec } from '../charts/series';
import { validateTopicFilter } from '../mqtt/topic';

/** One series of a chart tile, with how it is drawn. */
export interface ChartSeries extends SeriesSpec {
	/** Legend label; defaults to the path (and the wildcard level). */
	label?: string;
	/** Unit shown on the axis and in the read-out, e.g. "°C". */
	unit?: string;
	/** Which Y axis: the left (default) or a second one on the right. */
	axis?: 'left' | 'right';
}

/** A coloured band of a gauge, e.g. 30..50 red. */
export interface GaugeRange {
	from: number;
	to: number;
	color: string;
}

/** What every tile has: an id, a title and how many grid columns it spans on desktop. */
interface TileBase {
	id: string;
	title: string;
	/** Grid columns spanned on a wide screen (1–3); phones stack every tile full width. */
	width: 1 | 2 | 3;
}

/** A dashboard tile. */
export type Tile =
	| (TileBase & {
			kind: 'chart';
			series: ChartSeries[];
			/** Visible time window in ms, following the newest data; 0 shows all history. */
			windowMs: number;
	  })
	| (TileBase & { kind: 'number'; series: SeriesSpec; unit?: string; decimals?: number })
	| (TileBase & {
			kind: 'gauge';
			series: SeriesSpec;
			unit?: string;
			min: number;
			max: number;
			ranges: GaugeRange[];
	  })
	| (TileBase & {
			kind: 'status';
			/** Topic (filter) whose payload is the status, e.g. devices/+/status (retained last will). */
			topicFilter: string;
			/** JSON path of the status inside the payload; empty for the whole payload. */
			path: string;
			/** Payload values shown as good (green); any other value is shown as bad. */
			okValues: string[];
	  });

/** A profile's dashboard, as stored. */
export interface Dashboard {
	profileId: string;
	tiles: Tile[];
	alerts: AlertRule[];
	updatedAt: number;
}

/** The `format` field of an exported dashboard file. */
export const DASHBOARD_FILE_FORMAT = 'mqtt-scope-dashboard';
/** The version of the exported dashboard file. */
export const DASHBOARD_FILE_VERSION = 1;

/** The kinds of tile, in the order the "Add tile" menu lists them. */
export const TILE_KINDS = ['chart', 'number', 'gauge', 'status'] as const;

/** A kind of tile. */
export type TileKind = Tile['kind'];

/** A chart tile. */
export type ChartTile = Extract<Tile, { kind: 'chart' }>;

/** How a new chart follows the newest data: the last hour (one of the chart's window choices). */
export const DEFAULT_WINDOW_MS = 60 * 60_000;

/** Words for each kind of tile, for menus and headings. */
export const TILE_KIND_NAMES: Record<TileKind, string> = {
	chart: 'Chart',
	number: 'Number',
	gauge: 'Gauge',
	status: 'Status'
};

/** A tile of a kind with sensible defaults, following `series` when given. */
export function newTile(
	kind: TileKind,
	series?: SeriesSpec,
	id: string = crypto.randomUUID()
): Tile {
	const spec: SeriesSpec = series
		? { topicFilter: series.topicFilter, path: series.path }
		: { topicFilter: '', path: 'value' };
	const title = series ? titleFor(spec) : TILE_KIND_NAMES[kind];
	switch (kind) {
		case 'chart':
			return {
				id,
				kind,
				title,
				width: 2,
				series: series ? [spec] : [],
				windowMs: DEFAULT_WINDOW_MS
			};
		case 'number':
			return { id, kind, title, width: 1, series: spec };
		case 'gauge':
			return { id, kind, title, width: 1, series: spec, min: 0, max: 100, ranges: [] };
		case 'status':
			return {
				id,
				kind,
				title: series ? series.topicFilter : TILE_KIND_NAMES.status,
				width: 1,
				topicFilter: spec.topicFilter,
				path: series && series.path !== 'value' ? series.path : '',
				okValues: ['online']
			};
	}
}

/** A title for a series: its label, else its path (a bare value is named by its topic filter). */
export function titleFor(series: SeriesSpec & { label?: string }): string {
	if (series.label?.trim()) return series.label.trim();
	return series.path === 'value' ? series.topicFilter : series.path;
}

/** The tiles with the one at `from` moved to index `to` (clamped); the same array when no move. */
export function moveTile(tiles: Tile[], from: number, to: number): Tile[] {
	const target = Math.max(0, Math.min(tiles.length - 1, to));
	if (from < 0 || from >= tiles.length || from === target) return tiles;
	const next = tiles.slice();
	const [moved] = next.splice(from, 1);
	next.splice(target, 0, moved);
	return next;
}

/**
 * The tiles with a series added to the chart tile `tileId`, or to a new chart tile at the end
 * (titled `title`, else from the series, with the window of the other charts) when `tileId` is
 * undefined or not a chart. A series the chart already has (same filter and path) is not added
 * twice.
 */
export function addSeriesToChart(
	tiles: Tile[],
	tileId: string | undefined,
	series: ChartSeries,
	newId: string = crypto.randomUUID(),
	title?: string
): Tile[] {
	const clean = cleanSeries(series);
	const target = tiles.find((t): t is ChartTile => t.id === tileId && t.kind === 'chart');
	if (!target) {
		const tile = newTile('chart', clean, newId) as ChartTile;
		const named = title?.trim() || titleFor(clean);
		// A new chart shows the same stretch of time as the charts beside it.
		const windowMs = dashboardWindow(tiles);
		return [...tiles, { ...tile, title: named, series: [clean], windowMs }];
	}
	const present = target.series.some(
		(s) => s.topicFilter === clean.topicFilter && s.path === clean.path
	);
	if (present) return tiles;
	return tiles.map((t) => (t === target ? { ...target, series: [...target.series, clean] } : t));
}

/**
 * The window the dashboard's charts use: the most common one (the first chart's on a tie),
 * or DEFAULT_WINDOW_MS when there is no chart yet.
 */
export function dashboardWindow(tiles: readonly Tile[]): number {
	const windows = tiles.filter((t): t is ChartTile => t.kind === 'chart').map((t) => t.windowMs);
	let best = DEFAULT_WINDOW_MS;
	let bestCount = 0;
	for (const ms of windows) {
		const count = windows.filter((w) => w === ms).length;
		if (count > bestCount) [best, bestCount] = [ms, count];
	}
	return best;
}

/** A series without empty optional fields (so exported files stay short). */
export function cleanSeries(series: ChartSeries): ChartSeries {
	const out: ChartSeries = { topicFilter: series.topicFilter.trim(), path: series.path.trim() };
	if (series.label?.trim()) out.label = series.label.trim();
	if (series.unit?.trim()) out.unit = series.unit.trim();
	if (series.axis === 'right') out.axis = 'right';
	return out;
}

/** Why a series cannot be followed, in words; undefined when it is fine. */
export function validateSeries(series: SeriesSpec, allowEmptyPath = false): string | undefined {
	const filterError = validateTopicFilter(series.topicFilter);
	if (filterError) return filterError;
	if (series.path === '' && allowEmptyPath) return undefined;
	if (!parsePath(series.path)) {
		return `"${series.path}" is not a JSON path. Write keys with dots and indices in brackets, e.g. "sensors.temp" or "readings[0]"; use "value" for a bare number.`;
	}
	return undefined;
}

/** What is wrong with a tile, in words; empty when it can be saved. */
export function validateTile(tile: Tile): string[] {
	const errors: string[] = [];
	if (!tile.title.trim()) errors.push('Give the tile a title.');
	if (![1, 2, 3].includes(tile.width)) errors.push('The width must be 1, 2 or 3 columns.');
	switch (tile.kind) {
		case 'chart':
			tile.series.forEach((s, i) => {
				const error = validateSeries(s);
				if (error) errors.push(`Series ${i + 1}: ${error}`);
			});
			if (!Number.isFinite(tile.windowMs) || tile.windowMs < 0) {
				errors.push('The time window must be zero (all history) or a positive duration.');
			}
			break;
		case 'number': {
			const error = validateSeries(tile.series);
			if (error) errors.push(error);
			const d = tile.decimals;
			if (d !== undefined && (!Number.isInteger(d) || d < 0 || d > 10)) {
				errors.push('Decimals must be a whole number from 0 to 10.');
			}
			break;
		}
		case 'gauge': {
			const error = validateSeries(tile.series);
			if (error) errors.push(error);
			if (!Number.isFinite(tile.min) || !Number.isFinite(tile.max) || tile.min >= tile.max) {
				errors.push('The gauge minimum must be a number below its maximum.');
			} else {
				tile.ranges.forEach((r, i) => {
					if (!Number.isFinite(r.from) || !Number.isFinite(r.to) || r.from >= r.to) {
						errors.push(`Range ${i + 1}: "from" must be below "to".`);
					} else if (r.from < tile.min || r.to > tile.max) {
						errors.push(`Range ${i + 1} must lie inside ${tile.min}–${tile.max}.`);
					}
					if (!/^#[0-9a-f]{6}$/i.test(r.color)) {
						errors.push(`Range ${i + 1}: the colour must be written as #rrggbb.`);
					}
				});
			}
			break;
		}
		case 'status': {
			const error = validateSeries({ topicFilter: tile.topicFilter, path: tile.path }, true);
			if (error) errors.push(error);
			if (!tile.okValues.some((v) => v.trim() !== '')) {
				errors.push('List at least one good status value, e.g. "online".');
			}
			break;
		}
	}
	return errors;
}

/**
 * Topic filters offered when plotting a value of `topic`: the topic itself, then the topic with
 * one level replaced by + (one line per device when that level is the device).
 */
export function plotFilterChoices(topic: string): string[] {
	const levels = topic.split('/');
	const choices = [topic];
	if (levels.length < 2) return choices;
	for (let i = 0; i < levels.length; i++) {
		choices.push(levels.map((level, j) => (j === i ? '+' : level)).join('/'));
	}
	return choices;
}
