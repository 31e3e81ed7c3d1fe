// One series chart drawn by chart.js from plain frames, on whichever canvas it is given: an
// OffscreenCanvas in the chart worker (chart-worker.ts), or the page's own canvas where a
// browser cannot hand one to a worker (chart-surface.ts). Everything it is told is data (the
// range, each line's points and looks), so the same frames cross the worker boundary.
import type { ChartDataset } from 'chart.js';
import type { ChartPoint } from '$lib/shared/charts/decimate';
import type { TimeStyle } from '$lib/shared/history/time-format';
import { framePoints, type ChartFrame, type DrawerSetup, type DrawReport } from './chart-frame';
import { backgroundPlugin, Chart } from './chart-setup';
import { seriesChartOptions, sketchSegments } from './series-chart-options';

/** A chart.js line chart that draws what it is told, and nothing on its own. */
export class ChartDrawer {
	readonly #chart: Chart<'line', ChartPoint[]>;
	readonly #datasets = new Map<string, ChartDataset<'line', ChartPoint[]>>();
	#units: string[] = [];
	#time: TimeStyle;

	constructor(canvas: HTMLCanvasElement | OffscreenCanvas, setup: DrawerSetup) {
		this.#time = setup.time;
		const options = seriesChartOptions(setup.series, {
			unitOf: (i) => this.#units[i] ?? '',
			timeStyle: () => this.#time
		});
		options.devicePixelRatio = setup.pixelRatio;
		// chart.js draws on an OffscreenCanvas (its BasicPlatform); its types name DOM items only.
		this.#chart = new Chart<'line', ChartPoint[]>(canvas as HTMLCanvasElement, {
			type: 'line',
			data: { datasets: [] },
			options,
			plugins: [backgroundPlugin]
		});
		this.resize(setup.width, setup.height, setup.pixelRatio);
	}

	/** Draws `frame`: its lines over its range. */
	draw(frame: ChartFrame): DrawReport {
		const start = performance.now();
		const chart = this.#chart;
		this.#time = frame.time;
		let optionsChanged = false;
		const datasets: ChartDataset<'line', ChartPoint[]>[] = [];
		const keys = new Set<string>();
		for (const line of frame.lines) {
			keys.add(line.key);
			let dataset = this.#datasets.get(line.key);
			if (!dataset) {
				dataset = { data: [], borderWidth: 1.5, spanGaps: false };
				this.#datasets.set(line.key, dataset);
				optionsChanged = true;
			}
			// A dataset's looks apply on a full update only (a plain 'none' update keeps them).
			if (
				dataset.pointRadius !== line.radius ||
				dataset.hidden !== line.hidden ||
				dataset.borderColor !== line.color ||
				dataset.yAxisID !== line.axis ||
				(dataset.segment !== undefined) !== line.sketched > 0
			) {
				optionsChanged = true;
			}
			dataset.label = line.label;
			dataset.borderColor = line.color;
			dataset.backgroundColor = line.color;
			dataset.yAxisID = line.axis;
			dataset.hidden = line.hidden;
			dataset.pointRadius = line.radius;
			dataset.segment = sketchSegments(line.sketched, line.color);
			dataset.data = framePoints(line.points);
			datasets.push(dataset);
		}
		for (const key of this.#datasets.keys()) if (!keys.has(key)) this.#datasets.delete(key);
		this.#units = frame.lines.map((line) => line.unit);
		chart.data.datasets = datasets;
		const x = chart.options.scales!.x!;
		x.min = frame.min;
		x.max = frame.max;
		chart.update(optionsChanged ? undefined : 'none');
		const area = chart.chartArea;
		return { ms: performance.now() - start, left: area?.left ?? 0, right: area?.right ?? 0 };
	}

	/** Sizes the canvas: `width` × `height` CSS px at `pixelRatio` device pixels each. */
	resize(width: number, height: number, pixelRatio: number): void {
		this.#chart.options.devicePixelRatio = pixelRatio;
		this.#chart.resize(Math.max(1, Math.round(width)), Math.max(1, Math.round(height)));
	}

	/** The pointer is at (x, y) CSS px on the canvas (the read-out follows), or left it. */
	pointer(at: { x: number; y: number } | undefined): void {
		const type = at ? 'mousemove' : 'mouseout';
		// chart.js's own event path, as its DOM platform would feed it (no native event here).
		const event = { type, native: { type }, x: at?.x ?? -1, y: at?.y ?? -1 };
		(this.#chart as unknown as { _eventHandler(e: unknown): void })._eventHandler(event);
	}

	/** The chart as a PNG, with chart.js's legend drawn in (an image has no list under it). */
	async png(): Promise<Blob | undefined> {
		const chart = this.#chart;
		const legend = chart.options.plugins!.legend!;
		legend.display = true;
		chart.update('none');
		// Both copy the bitmap at once, before the legend is hidden again.
		const canvas = chart.canvas as HTMLCanvasElement | OffscreenCanvas;
		const blob =
			'convertToBlob' in canvas
				? canvas.convertToBlob({ type: 'image/png' })
				: new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
		legend.display = false;
		chart.update('none');
		return (await blob) ?? undefined;
	}

	/** Frees the chart. */
	destroy(): void {
		this.#chart.destroy();
	}
}
