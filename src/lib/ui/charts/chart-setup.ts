// chart.js as every chart of the app uses it: the parts registered once, the dark theme, and
// the options that keep a million points fast (no animation, no parsing, {x: ms, y} points;
// see docs/ARCHITECTURE.md).
// Imported only from lazily loaded chart components and the chart worker, so chart.js never
// reaches the first page; it reads no page state (the worker has none): the time style is passed.
import {
	Chart,
	Legend,
	LineController,
	LineElement,
	LinearScale,
	PointElement,
	TimeScale,
	Tooltip,
	type CartesianScaleOptions,
	type ChartOptions,
	type Plugin
} from 'chart.js';
import 'chartjs-adapter-date-fns';
import { formatAxisTime, type TimeStyle } from '$lib/shared/history/time-format';
import { roundTickTimes, roundTimeStep, timeTickLimit } from './chart-format';
import { chartColors } from './chart-colors';

Chart.register(LineController, LineElement, PointElement, LinearScale, TimeScale, Tooltip, Legend);

export { Chart };

/**
 * Options for a live time-series line chart; `maxTicks` thins the time axis for small charts,
 * `timeStyle` says how its times are written (Settings: 24/12-hour) when they are drawn.
 */
export function timeSeriesOptions(
	maxTicks: number,
	timeStyle: () => TimeStyle
): ChartOptions<'line'> {
	return {
		animation: false,
		parsing: false,
		normalized: true,
		responsive: true,
		maintainAspectRatio: false,
		interaction: { mode: 'nearest', axis: 'x', intersect: false },
		scales: {
			x: {
				type: 'time',
				grid: { color: chartColors.grid },
				ticks: {
					color: chartColors.ticks,
					maxRotation: 0,
					autoSkip: true,
					autoSkipPadding: 12,
					maxTicksLimit: maxTicks,
					source: 'labels',
					// The app's one time formatter (Settings: 24/12-hour), only as precise as the
					// spacing of the ticks needs, so labels stay short on a phone-wide chart.
					callback: (value, _index, ticks) =>
						formatAxisTime(
							Number(value),
							ticks.length > 1 ? Math.abs(ticks[1].value - ticks[0].value) : NaN,
							timeStyle()
						)
				},
				// Sized before the ticks are built, on every layout: a phone gets fewer labels.
				afterSetDimensions: (axis) => {
					const { ticks } = axis.options as CartesianScaleOptions;
					ticks.maxTicksLimit = timeTickLimit(axis.width, maxTicks);
				},
				// The ticks are the round times of the span ("4:08, 4:10, 4:12"), made here and
				// handed over as labels: chart.js's own walk every unit of the span (one tick per
				// millisecond for a span under a minute), then thins them to odd times ("4:07:59").
				afterDataLimits: (axis) => {
					const step = roundTimeStep(axis.max - axis.min, timeTickLimit(axis.width, maxTicks));
					axis.chart.data.labels = roundTickTimes(axis.min, axis.max, step);
				}
			},
			y: { grid: { color: chartColors.grid }, ticks: { color: chartColors.ticks } }
		},
		plugins: { legend: { labels: { color: chartColors.text, boxWidth: 10 } } }
	};
}

/** Paints the chart area's background, so an exported PNG keeps the dark theme. */
export const backgroundPlugin: Plugin<'line'> = {
	id: 'mqttScopeBackground',
	beforeDraw(chart) {
		const { ctx, width, height } = chart;
		ctx.save();
		ctx.globalCompositeOperation = 'destination-over';
		ctx.fillStyle = chartColors.background;
		ctx.fillRect(0, 0, width, height);
		ctx.restore();
	}
};
