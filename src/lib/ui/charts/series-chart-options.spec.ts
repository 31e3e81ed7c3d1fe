import { describe, expect, it } from 'vitest';
import type { TooltipItem } from 'chart.js';
import { DEFAULT_TIME_STYLE } from '$lib/shared/history/time-format';
import { formatFullTime } from './chart-format';
import { seriesChartOptions } from './series-chart-options';

const hooks = { unitOf: (i: number) => ['°C', '%'][i] ?? '', onViewChange: () => undefined };

/** A hovered point as chart.js hands it to the tooltip callbacks. */
function hovered(datasetIndex: number, label: string, x: number, y: number, firstX = x) {
	return {
		datasetIndex,
		parsed: { x, y },
		dataset: { label },
		chart: { tooltip: { dataPoints: [{ parsed: { x: firstX } }] } }
	} as unknown as TooltipItem<'line'>;
}

describe('seriesChartOptions', () => {
	const series = [
		{ topicFilter: 's/+/t', path: 'temperature', unit: '°C' },
		{ topicFilter: 's/+/t', path: 'humidity', unit: '%', axis: 'right' as const }
	];

	it('puts series asking for it on a second Y axis, each axis titled by its units', () => {
		const options = seriesChartOptions(series, hooks);
		expect(options.scales?.y2?.position).toBe('right');
		expect(options.scales?.y?.title).toMatchObject({ display: true, text: '°C' });
		expect(options.scales?.y2?.title).toMatchObject({ display: true, text: '%' });
		expect(seriesChartOptions([series[0]], hooks).scales?.y2).toBeUndefined();
	});

	it('reads out the exact value with its unit and the full time on hover', () => {
		const callbacks = seriesChartOptions(series, hooks).plugins?.tooltip?.callbacks;
		const time = Date.UTC(2026, 10, 25, 12, 0, 1, 250);
		const label = callbacks?.label as (item: TooltipItem<'line'>) => string;
		const title = callbacks?.title as (items: TooltipItem<'line'>[]) => string;
		expect(label(hovered(0, 'temperature · device01', time, 21.4375))).toBe(
			'temperature · device01: 21.4375 °C'
		);
		expect(title([hovered(0, 'x', time, 1)])).toBe(formatFullTime(time, DEFAULT_TIME_STYLE));
		// Another line's nearest point at another time says when.
		const other = label(hovered(1, 'humidity', time + 2000, 40, time));
		expect(other).toBe(
			`humidity: 40 % (${formatFullTime(time + 2000, DEFAULT_TIME_STYLE).split(' · ')[0]})`
		);
	});
});
