import { describe, expect, it } from 'vitest';
import type { ScriptableLineSegmentContext, TooltipItem } from 'chart.js';
import { DEFAULT_TIME_STYLE } from '$lib/shared/history/time-format';
import { formatFullTime } from './chart-format';
import { SKETCH_DASH, seriesChartOptions, sketchSegments } from './series-chart-options';

const hooks = {
	unitOf: (i: number) => ['°C', '%'][i] ?? '',
	timeStyle: () => DEFAULT_TIME_STYLE
};

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

	it('is sized by the page and reads the pointer only for its read-out', () => {
		const options = seriesChartOptions(series, hooks);
		expect(options.events).toEqual(['mousemove', 'mouseout']);
		expect(options.responsive).toBe(false);
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
		// The time style is asked each time: a change in Settings shows on the next hover.
		const clock24 = { hourCycle: '24' as const, milliseconds: false };
		const titled24 = seriesChartOptions(series, { ...hooks, timeStyle: () => clock24 }).plugins
			?.tooltip?.callbacks?.title as (items: TooltipItem<'line'>[]) => string;
		expect(titled24([hovered(0, 'x', time, 1)])).toBe(formatFullTime(time, clock24));
		expect(formatFullTime(time, clock24)).not.toBe(formatFullTime(time, DEFAULT_TIME_STYLE));
		// Another line's nearest point at another time says when.
		const other = label(hovered(1, 'humidity', time + 2000, 40, time));
		expect(other).toBe(
			`humidity: 40 % (${formatFullTime(time + 2000, DEFAULT_TIME_STYLE).split(' · ')[0]})`
		);
	});
});

describe('sketchSegments', () => {
	/** The segment from point i to point i + 1, as chart.js hands it to segment styles. */
	const segment = (i: number) =>
		({ p0DataIndex: i, p1DataIndex: i + 1 }) as unknown as ScriptableLineSegmentContext;

	it('dashes and fades the sketched points and the join to the read ones, not the rest', () => {
		const styles = sketchSegments(3, '#2dd4bf')!;
		const dash = styles.borderDash as (ctx: ScriptableLineSegmentContext) => unknown;
		const color = styles.borderColor as (ctx: ScriptableLineSegmentContext) => unknown;
		// Points 0-2 are sketched: segments 0-1, 1-2 and the join 2-3.
		expect([0, 1, 2, 3, 4].map((i) => dash(segment(i)))).toEqual([
			SKETCH_DASH,
			SKETCH_DASH,
			SKETCH_DASH,
			undefined,
			undefined
		]);
		expect(color(segment(0))).toBe('#2dd4bf99');
		expect(color(segment(3))).toBeUndefined();
	});

	it('gives no segment styles without sketched points', () => {
		expect(sketchSegments(0, '#2dd4bf')).toBeUndefined();
	});
});
