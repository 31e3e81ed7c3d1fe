/**
 * Dashboards: a grid of tiles per profile (charts, big numbers, gauges, status tiles) and the
 * profile's alert rules, saved in IndexedDB and exported/imported as readable JSON.
 */
import type { AlertRule } from './alert-rules';
import type { SeriesSpec } from './series';

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
