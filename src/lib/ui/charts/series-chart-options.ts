// chart.js options of the series chart: time axis, a left and optional right Y axis titled by
// their units, and the exact read-out on hover. Zoom and pan are the page's (shared/charts/
// x-view.ts): the chart is told the range to show. Built where the chart is drawn (the chart
// worker), so it reads nothing of the page.
import type {
	ChartOptions,
	LineOptions,
	ScriptableLineSegmentContext,
	TooltipItem
} from 'chart.js';
import type { ChartSeries } from '$lib/shared/dashboards/dashboard';
import type { TimeStyle } from '$lib/shared/history/time-format';
import { axisTitle, formatFullTime } from './chart-format';
import { chartColors } from './chart-colors';
import { timeSeriesOptions } from './chart-setup';

const valueFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 6 });

/** Dash of a line's sketched part (overview points), in px: drawn, gap. */
export const SKETCH_DASH = [4, 4];

/**
 * Segment styles of a line whose first `sketched` points come from the overview (a sample of
 * segments, until the pages replace it): those segments, and the one joining them to the read
 * points, dashed and fainter, so a sample is not taken for the data (sampling a rhythm can draw
 * one that is not there). Undefined with none sketched: chart.js draws a line without segment
 * styles in one stroke.
 */
export function sketchSegments(
	sketched: number,
	color: string
): Partial<LineOptions['segment']> | undefined {
	if (sketched <= 0) return undefined;
	const inSketch = (ctx: ScriptableLineSegmentContext) => ctx.p0DataIndex < sketched;
	return {
		borderDash: (ctx) => (inSketch(ctx) ? SKETCH_DASH : undefined),
		// '#rrggbb' + alpha: 60 % opaque.
		borderColor: (ctx) => (inSketch(ctx) ? `${color}99` : undefined)
	};
}

/** What the options need from the chart that owns them. */
export interface SeriesChartHooks {
	/** Unit of the line drawn by a dataset ('' when none). */
	unitOf: (datasetIndex: number) => string;
	/** How times are written (Settings: 24/12-hour). */
	timeStyle: () => TimeStyle;
}

/** Options for a chart of `series`; 'y2' on the right when any series asks for it. */
export function seriesChartOptions(
	series: ChartSeries[],
	hooks: SeriesChartHooks
): ChartOptions<'line'> {
	const hasRight = series.some((s) => s.axis === 'right');
	const options = timeSeriesOptions(hasRight ? 5 : 6, hooks.timeStyle);
	// Drawn off the page: sized by the page, which also hands it the pointer's moves for the
	// read-out (ui/charts/chart-surface.ts). Only those two: clicks and touches are the page's.
	options.responsive = false;
	options.events = ['mousemove', 'mouseout'];
	const units = (side: 'left' | 'right') =>
		series.filter((s) => (s.axis ?? 'left') === side).map((s) => s.unit);
	options.scales!.y = { ...options.scales!.y, title: axisTitle(units('left'), chartColors.ticks) };
	if (hasRight) {
		options.scales!.y2 = {
			position: 'right',
			grid: { drawOnChartArea: false, color: chartColors.grid },
			ticks: { color: chartColors.ticks },
			title: axisTitle(units('right'), chartColors.ticks)
		};
	}
	options.plugins = {
		...options.plugins,
		// The list under the chart is the legend: it also shows values, and is keyboard usable.
		// chart.js's own legend is shown only while a PNG is taken (see SeriesChart's exportPng).
		legend: { ...options.plugins?.legend, display: false },
		tooltip: {
			// Null points only break lines; they have no value to read out.
			filter: (item) => item.parsed.y !== null && !Number.isNaN(item.parsed.y),
			callbacks: {
				title: (items) =>
					items.length ? formatFullTime(items[0].parsed.x ?? NaN, hooks.timeStyle()) : '',
				label: (item: TooltipItem<'line'>) => {
					const unit = hooks.unitOf(item.datasetIndex);
					const value = valueFormat.format(item.parsed.y ?? NaN);
					// Lines of other devices may have their nearest point at another time.
					const own = item.parsed.x ?? NaN;
					const first = item.chart.tooltip?.dataPoints?.[0]?.parsed.x ?? own;
					const at =
						own !== first ? ` (${formatFullTime(own, hooks.timeStyle()).split(' · ')[0]})` : '';
					return `${item.dataset.label}: ${value}${unit ? ` ${unit}` : ''}${at}`;
				}
			}
		}
	};
	return options;
}
