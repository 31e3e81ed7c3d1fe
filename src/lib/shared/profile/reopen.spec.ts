import { describe, expect, it } from 'vitest';
import { defaultDraft, type Profile } from './profile';
import { profilesToReconnect, reconnectDecided, reconnectNotice } from './reopen';

function profile(id: string, extra: Partial<Profile> = {}): Profile {
	return { ...defaultDraft(), id, name: `P ${id}`, createdAt: 0, updatedAt: 0, ...extra };
}

describe('profilesToReconnect', () => {
	it('picks the profiles that were connected, in the list order, and only those', () => {
		const list = [profile('a'), profile('b'), profile('c')];
		expect(profilesToReconnect(list, ['c', 'a']).map((p) => p.id)).toEqual(['a', 'c']);
	});

	it('leaves out profiles with the setting off, temporary ones and ids no longer saved', () => {
		const list = [
			profile('off', { reconnectOnOpen: false }),
			profile('link', { temporary: true }),
			profile('on')
		];
		expect(profilesToReconnect(list, ['off', 'link', 'on', 'deleted']).map((p) => p.id)).toEqual([
			'on'
		]);
	});
});

describe('reconnectNotice', () => {
	it('says it reconnected, or why it could not, and nothing while it tries', () => {
		expect(reconnectNotice('Plant', { profileId: 'a', state: 'connected' })).toBe(
			'Reconnected “Plant”: it was connected when the app closed.'
		);
		expect(
			reconnectNotice('Plant', {
				profileId: 'a',
				state: 'disconnected',
				reason: 'The broker refused the username or password.'
			})
		).toBe(
			'Could not reconnect “Plant”, which was connected when the app closed. The broker refused the username or password.'
		);
		expect(reconnectNotice('Plant', { profileId: 'a', state: 'connecting' })).toBeUndefined();
	});

	it('stays quiet when another tab of the app has the connection', () => {
		const status = {
			profileId: 'a',
			state: 'disconnected',
			inAnotherTab: true,
			reason: 'Client ID “x” is already connected to this broker from another mqtt-scope tab.'
		} as const;
		expect(reconnectDecided(status)).toBe(true);
		expect(reconnectNotice('Plant', status)).toBeUndefined();
		expect(reconnectDecided({ profileId: 'a', state: 'reconnecting' })).toBe(false);
	});
});
