// chartjs-plugin-zoom (and the hammerjs it brings for pinch) registered for the charts that
// zoom and pan; imported only from SeriesChart.svelte, which is itself loaded on demand.
import zoomPlugin from 'chartjs-plugin-zoom';
import type { Plugin } from 'chart.js';
import { Chart } from './chart-setup';

/** The plugin's hooks that only draw the drag-to-zoom rectangle. */
const DRAG_DRAWING = ['beforeDraw', 'afterDraw', 'beforeDatasetsDraw', 'afterDatasetsDraw'];

/**
 * The zoom plugin without its drawing hooks. The charts zoom by wheel and pinch, never by drag,
 * so those hooks draw nothing, yet each looks up `zoom.drag` through chart.js's option proxies
 * on every draw: about a sixth of a busy dashboard's redraw time.
 */
export const wheelAndPinchZoom = Object.fromEntries(
	Object.entries(zoomPlugin).filter(([hook]) => !DRAG_DRAWING.includes(hook))
) as Plugin;

Chart.register(wheelAndPinchZoom);

export { Chart };
