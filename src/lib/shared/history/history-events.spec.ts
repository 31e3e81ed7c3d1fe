import { describe, expect, it } from 'vitest';
import { historyReplaced } from './history-events';

describe('historyReplaced', () => {
	it('restarts readers after a clear or an import, not after retention or quota pruning', () => {
		expect(historyReplaced('cleared')).toBe(true);
		expect(historyReplaced('import')).toBe(true);
		expect(historyReplaced('retention')).toBe(false);
		expect(historyReplaced('quota')).toBe(false);
	});
});
