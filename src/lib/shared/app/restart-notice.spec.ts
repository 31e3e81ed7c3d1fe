import { describe, expect, it } from 'vitest';
import { restartNotice, sayList } from './restart-notice';

describe('sayList', () => {
	it('joins names as a sentence does', () => {
		expect(sayList([])).toBe('');
		expect(sayList(['Demo'])).toBe('Demo');
		expect(sayList(['Demo', 'Plant'])).toBe('Demo and Plant');
		expect(sayList(['Demo', 'Plant', 'Lab'])).toBe('Demo, Plant and Lab');
	});
});

describe('restartNotice', () => {
	const none = { reconnecting: [], reconnected: [], failed: [] };

	it('says only the restart when nothing was connected', () => {
		expect(restartNotice(none)).toBe('The engine stopped and was restarted.');
	});

	it('names the profiles being reconnected, then the ones reconnected', () => {
		expect(restartNotice({ ...none, reconnecting: ['Demo'] })).toBe(
			'The engine stopped and was restarted; reconnecting Demo…'
		);
		expect(restartNotice({ ...none, reconnected: ['Demo', 'Plant'] })).toBe(
			'The engine stopped and was restarted; reconnected Demo and Plant.'
		);
	});

	it('gives the reason a profile could not be reconnected', () => {
		const failed = [{ name: 'Plant', reason: 'Not connected: connect first.' }];
		expect(restartNotice({ ...none, reconnected: ['Demo'], failed })).toBe(
			'The engine stopped and was restarted; reconnected Demo; could not reconnect Plant (Not connected: connect first.).'
		);
	});
});
