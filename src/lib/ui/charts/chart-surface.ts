// Where a series chart is drawn. Its canvas is handed to the page's one chart worker
// (chart-worker.ts), which draws every chart with chart.js, so a busy dashboard's redraws, their
// layout and painting cost the page's main thread nothing but the points it sends. A browser
// that cannot hand a canvas over (no transferControlToOffscreen) draws on the page instead,
// with the same drawer, and chart.js is then loaded into the page.
import * as Comlink from 'comlink';
import type { ChartFrame, DrawerSetup, DrawReport } from './chart-frame';
import type { ChartWorkerApi } from './chart-worker';

/** One chart's canvas, drawn where the browser allows. */
export interface ChartSurface {
	/** Draws a frame; the report says how long it took and where the plot area is. */
	draw(frame: ChartFrame): Promise<DrawReport | undefined>;
	/** Sizes the canvas: CSS px, and device pixels per CSS px. */
	resize(width: number, height: number, pixelRatio: number): void;
	/** The pointer is at `at` (CSS px on the canvas): the read-out follows; undefined: it left. */
	pointer(at: { x: number; y: number } | undefined): void;
	/** The chart as a PNG, with its legend drawn in. */
	png(): Promise<Blob | undefined>;
	/** Frees the chart (the canvas is not used again). */
	close(): void;
}

/** The page's chart worker, and a promise that rejects if it fails. */
interface RunningWorker {
	remote: Comlink.Remote<ChartWorkerApi>;
	failed: Promise<never>;
}

let running: RunningWorker | undefined;
let nextId = 1;

/** The chart worker, started on first use and again after a failure. */
function chartWorker(): RunningWorker {
	if (running) return running;
	const worker = new Worker(new URL('./chart-worker.ts', import.meta.url), {
		type: 'module',
		name: 'mqtt-scope-charts'
	});
	let fail: (error: Error) => void = () => undefined;
	const failed = new Promise<never>((_, reject) => (fail = reject));
	// Each command races this, so no chart waits forever on a worker that is gone.
	failed.catch(() => undefined);
	const started: RunningWorker = { remote: Comlink.wrap<ChartWorkerApi>(worker), failed };
	worker.onerror = (event) => {
		event.preventDefault();
		if (running === started) running = undefined;
		worker.terminate();
		fail(new Error('the worker that draws charts stopped or could not load'));
	};
	running = started;
	return started;
}

/** Starts the chart worker (it loads chart.js) so the first chart waits only for its data. */
export function warmUpCharts(): void {
	if (canDrawOffPage()) chartWorker();
}

/** Whether this browser can hand a canvas to a worker. */
function canDrawOffPage(): boolean {
	return (
		typeof Worker !== 'undefined' && 'transferControlToOffscreen' in HTMLCanvasElement.prototype
	);
}

/** A surface for `canvas` (not yet drawn on, nor handed over before), made with `setup`. */
export function openChartSurface(canvas: HTMLCanvasElement, setup: DrawerSetup): ChartSurface {
	return canDrawOffPage() ? workerSurface(canvas, setup) : pageSurface(canvas, setup);
}

function workerSurface(canvas: HTMLCanvasElement, setup: DrawerSetup): ChartSurface {
	const { remote, failed } = chartWorker();
	const id = nextId++;
	const offscreen = canvas.transferControlToOffscreen();
	const opened = remote.open(id, Comlink.transfer(offscreen, [offscreen]), setup);
	const ask = <T>(answer: Promise<T>) => Promise.race([answer, failed]);
	return {
		draw: (frame) =>
			ask(
				remote.draw(
					id,
					Comlink.transfer(
						frame,
						frame.lines.map((line) => line.points.buffer)
					)
				)
			),
		resize: (width, height, pixelRatio) => void remote.resize(id, width, height, pixelRatio),
		pointer: (at) => void remote.pointer(id, at),
		png: async () => {
			await ask(opened);
			return ask(remote.png(id));
		},
		close: () => void remote.close(id).catch(() => undefined)
	};
}

function pageSurface(canvas: HTMLCanvasElement, setup: DrawerSetup): ChartSurface {
	let closed = false;
	const drawer = import('./chart-drawer').then((m) => new m.ChartDrawer(canvas, setup));
	const whenOpen = async () => {
		const opened = await drawer;
		return closed ? undefined : opened;
	};
	return {
		draw: async (frame) => (await whenOpen())?.draw(frame),
		resize: (width, height, pixelRatio) =>
			void whenOpen().then((d) => d?.resize(width, height, pixelRatio)),
		pointer: (at) => void whenOpen().then((d) => d?.pointer(at)),
		png: async () => (await whenOpen())?.png(),
		close: () => {
			closed = true;
			void drawer.then((d) => d.destroy());
		}
	};
}
