/// <reference lib="webworker" />
// The chart worker's entry: every series chart of the page drawn here, each on the
// OffscreenCanvas its page canvas handed over, so chart.js's layout and drawing never hold up
// the page's frames. The page keeps the data, the view and the gestures (SeriesChart.svelte).
import * as Comlink from 'comlink';
import { ChartDrawer } from './chart-drawer';
import type { ChartFrame, DrawerSetup } from './chart-frame';

const drawers = new Map<number, ChartDrawer>();

/** What the page asks of the chart worker; each chart by the id it opened it with. */
const chartWorker = {
	/** Makes chart `id` on `canvas`. */
	open(id: number, canvas: OffscreenCanvas, setup: DrawerSetup): void {
		drawers.get(id)?.destroy();
		drawers.set(id, new ChartDrawer(canvas, setup));
	},
	/** Draws a frame of chart `id`; undefined once it is closed. */
	draw(id: number, frame: ChartFrame) {
		return drawers.get(id)?.draw(frame);
	},
	/** Sizes chart `id`'s canvas (CSS px and device pixels per CSS px). */
	resize(id: number, width: number, height: number, pixelRatio: number): void {
		drawers.get(id)?.resize(width, height, pixelRatio);
	},
	/** The pointer is at `at` on chart `id` (the read-out follows), or left it. */
	pointer(id: number, at: { x: number; y: number } | undefined): void {
		drawers.get(id)?.pointer(at);
	},
	/** Chart `id` as a PNG with its legend. */
	png(id: number): Promise<Blob | undefined> | undefined {
		return drawers.get(id)?.png();
	},
	/** Frees chart `id`. */
	close(id: number): void {
		drawers.get(id)?.destroy();
		drawers.delete(id);
	}
};

/** The chart worker's commands, for the page's Comlink proxy. */
export type ChartWorkerApi = typeof chartWorker;

Comlink.expose(chartWorker);
