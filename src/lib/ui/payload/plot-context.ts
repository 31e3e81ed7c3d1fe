// Click to plot: the message details offer "Plot" next to each number of its payload tree.
import { getContext, setContext } from 'svelte';

/** What a payload view needs to offer plotting a value. */
export interface PlotContext {
	/** Whether values can be plotted here (charts read JSON and bare numbers only). */
	readonly enabled: boolean;
	/** Asks to plot the value at a JSON path ("value" for a bare number). */
	plot(path: string): void;
}

const KEY = Symbol('plot');

/** Offers plotting to the payload views below the calling component. */
export function setPlotContext(context: PlotContext): void {
	setContext(KEY, context);
}

/** The plot offer of an enclosing component, if any. */
export function getPlotContext(): PlotContext | undefined {
	return getContext<PlotContext | undefined>(KEY);
}
