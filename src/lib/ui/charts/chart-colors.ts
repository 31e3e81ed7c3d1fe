// The charts' colours, apart from chart.js: the page picks line colours without loading it.

/** Colours of the app's dark theme, as chart.js wants them (it cannot read CSS variables). */
export const chartColors = {
	/** The panel colour (--panel): painted under exported PNGs, which are transparent otherwise. */
	background: '#111a2e',
	grid: '#24314d',
	ticks: '#8da0bd',
	text: '#e6edf7',
	series: ['#2dd4bf', '#f472b6', '#60a5fa', '#fbbf24', '#a78bfa', '#4ade80', '#fb923c']
};
