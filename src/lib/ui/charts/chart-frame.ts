// What the page tells a chart's drawer (chart-drawer.ts), as plain data that crosses to the
// chart worker: no chart.js here, so the page sends frames without loading it.
import type { ChartSeries } from '$lib/shared/dashboards/dashboard';
import type { ChartPoint } from '$lib/shared/charts/decimate';
import type { TimeStyle } from '$lib/shared/history/time-format';

/** What a chart is made with. */
export interface DrawerSetup {
	series: ChartSeries[];
	/** The canvas's size in CSS px, and the screen's device pixels per CSS px. */
	width: number;
	height: number;
	pixelRatio: number;
	time: TimeStyle;
}

/** One line of a frame. */
export interface FrameLine {
	/** The line's key: the same key keeps its dataset (chart.js's state goes by dataset). */
	key: string;
	label: string;
	color: string;
	/** Unit for the read-out on hover ('' when none). */
	unit: string;
	axis: 'y' | 'y2';
	hidden: boolean;
	/** Radius of each point's dot, in px (0: a plain line). */
	radius: number;
	/** How many of the first points are the overview's sketch (drawn dashed). */
	sketched: number;
	/** x0, y0, x1, y1, …: time in ms and value; a NaN value breaks the line there. */
	points: Float64Array;
}

/** What one redraw shows. */
export interface ChartFrame {
	/** The time range shown; undefined fits the points. */
	min?: number;
	max?: number;
	time: TimeStyle;
	lines: FrameLine[];
}

/** What a redraw tells the page: how long it took, and where the plot area is (CSS px). */
export interface DrawReport {
	ms: number;
	left: number;
	right: number;
}

/** The points of a frame's line as chart.js takes them ({x, y}, null breaking the line). */
export function framePoints(packed: Float64Array): ChartPoint[] {
	const points: ChartPoint[] = new Array(packed.length >> 1);
	for (let i = 0, j = 0; j < points.length; i += 2, j++) {
		const y = packed[i + 1];
		points[j] = { x: packed[i], y: Number.isNaN(y) ? null : y };
	}
	return points;
}

/** A frame line's points packed for the trip to the drawer (see FrameLine.points). */
export function packPoints(points: readonly ChartPoint[]): Float64Array {
	const packed = new Float64Array(points.length * 2);
	for (let i = 0; i < points.length; i++) {
		packed[2 * i] = points[i].x;
		packed[2 * i + 1] = points[i].y ?? NaN;
	}
	return packed;
}
