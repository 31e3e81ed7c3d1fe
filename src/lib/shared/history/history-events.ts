/**
 * What a 'history-pruned' event means for a reader of history (charts, tiles): whether what it
 * loaded is still true, or history was replaced under it and it must read from the start.
 */
import type { EngineEvent } from '../engine-api';

/** Why history changed under a reader. */
export type PruneReason = Extract<EngineEvent, { type: 'history-pruned' }>['reason'];

/**
 * Whether readers must drop what they loaded and start over: after a clear (ids may start at 1
 * again) or an import. Retention and quota pruning only remove the oldest records, nearly every
 * batch once history is at its cap: what a reader loaded stays true, so it keeps it.
 */
export function historyReplaced(reason: PruneReason): boolean {
	return reason === 'cleared' || reason === 'import';
}
