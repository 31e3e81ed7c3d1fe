/**
 * The name a chart gives each of its lines (legend, CSV, test hooks).
 *
 * A series whose filter has no wildcard draws one line, named by its label or else its path.
 * A wildcard series draws one line per matching topic, named by the wildcard levels
 * ("device01" for smart_env/+/telemetry, see lineName): alone in its chart that name is enough;
 * next to other series it is prefixed by what tells the series apart — its label, else its path
 * ("temperature · device01").
 */
import { lineName, type SeriesSpec } from './series';
import { hasWildcard } from '../mqtt/topic';

/** What a line label needs of its series. */
export interface LabelledSeries extends SeriesSpec {
	label?: string;
}

/** The label of the line `topic` gives `spec` in a chart of `seriesCount` series. */
export function lineLabel(spec: LabelledSeries, topic: string, seriesCount: number): string {
	if (!hasWildcard(spec.topicFilter)) return spec.label ?? spec.path;
	const name = lineName(spec.topicFilter, topic);
	if (spec.label) return `${spec.label} · ${name}`;
	return seriesCount === 1 ? name : `${spec.path} · ${name}`;
}
