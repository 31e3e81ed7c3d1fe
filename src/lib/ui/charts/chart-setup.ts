// chart.js as every chart of the app uses it: the parts registered once, the dark theme, and
// the options that keep a million points fast (no animation, no parsing, {x: ms, y} points;
// see docs/ARCHITECTURE.md).
// Imported only from lazily loaded chart components, so chart.js never reaches the first page.
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
import { formatAxisTime } from '$lib/shared/history/time-format';
import { roundTicks, roundTimeStep, timeTickLimit } from './chart-format';
import { settings } from '$lib/state/settings.svelte';

Chart.register(LineController, LineElement, PointElement, LinearScale, TimeScale, Tooltip, Legend);

export { Chart };

/** Colours of the app's dark theme, as chart.js wants them (it cannot read CSS variables). */
export const chartColors = {
	/** The panel colour (--panel): painted under exported PNGs, which are transparent otherwise. */
	background: '#111a2e',
	grid: '#24314d',
	ticks: '#8da0bd',
	text: '#e6edf7',
	series: ['#2dd4bf', '#f472b6', '#60a5fa', '#fbbf24', '#a78bfa', '#4ade80', '#fb923c']
};

/** Options for a live time-series line chart; `maxTicks` thins the time axis for small charts. */
export function timeSeriesOptions(maxTicks = 6): ChartOptions<'line'> {
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
					// The app's one time formatter (Settings: 24/12-hour), only as precise as the
					// spacing of the ticks needs, so labels stay short on a phone-wide chart.
					callback: (value, _index, ticks) =>
						formatAxisTime(
							Number(value),
							ticks.length > 1 ? Math.abs(ticks[1].value - ticks[0].value) : NaN,
							settings.time
						)
				},
				// Sized before the ticks are built, on every layout: a phone gets fewer labels.
				afterSetDimensions: (axis) => {
					const { ticks } = axis.options as CartesianScaleOptions;
					ticks.maxTicksLimit = timeTickLimit(axis.width, maxTicks);
				},
				// chart.js thins ticks by skipping every n-th, which lands on odd times ("4:07:59");
				// keeping those on a round spacing gives "4:08, 4:10, 4:12".
				afterBuildTicks: (axis) => {
					const limit = timeTickLimit(axis.width, maxTicks);
					const step = roundTimeStep(axis.max - axis.min, limit);
					const kept = new Set(
						roundTicks(
							axis.ticks.map((t) => t.value),
							step
						)
					);
					axis.ticks = axis.ticks.filter((t) => kept.has(t.value));
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
