// chartjs-plugin-zoom (and the hammerjs it brings for pinch) registered for the charts that
// zoom and pan; imported only from SeriesChart.svelte, which is itself loaded on demand.
import zoomPlugin from 'chartjs-plugin-zoom';
import { Chart } from './chart-setup';

Chart.register(zoomPlugin);

export { Chart };
