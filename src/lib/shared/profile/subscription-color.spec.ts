import { describe, expect, it } from 'vitest';
import { PALETTE } from '../charts/palette';
import type { SubscriptionSpec } from './profile';
import { deliveringSubscription, rowColor, withColors } from './subscription-color';

const profileSubs: SubscriptionSpec[] = [
	{ filter: 'smart_env/#', qos: 1 },
	{ filter: 'plant/+/status', qos: 0, color: '#ff0000' }
];

describe('deliveringSubscription', () => {
	const list: SubscriptionSpec[] = [
		{ filter: 'a/#', qos: 0, color: '#111111' },
		{ filter: 'a/b', qos: 0, color: '#222222', subscriptionIdentifier: 7 }
	];

	it('prefers the subscription named by the message’s identifier', () => {
		expect(deliveringSubscription(list, 'a/b', 7)?.color).toBe('#222222');
		expect(deliveringSubscription(list, 'a/b', [3, 7])?.color).toBe('#222222');
	});

	it('else takes the first matching filter, or none', () => {
		expect(deliveringSubscription(list, 'a/b')?.color).toBe('#111111');
		expect(deliveringSubscription(list, 'z/b')).toBeUndefined();
	});
});

describe('rowColor', () => {
	it('colours stored rows from the profile’s subscriptions when no session is live', () => {
		// What a reload sees: no live subscriptions yet.
		expect(rowColor([], profileSubs, 'smart_env/device01/telemetry')).toBe(PALETTE[0]);
		expect(rowColor([], profileSubs, 'plant/pump/status')).toBe('#ff0000');
		expect(rowColor([], profileSubs, 'other/topic')).toBeUndefined();
	});

	it('gives a row the same colour before and after connecting', () => {
		// Connecting makes the live list from the same profile subscriptions.
		const live = withColors(profileSubs);
		const topic = 'smart_env/device02/telemetry';
		expect(rowColor(live, profileSubs, topic)).toBe(rowColor([], profileSubs, topic));
	});

	it('lets a live subscription’s colour win, and falls back once it is gone', () => {
		const live: SubscriptionSpec[] = [
			{ filter: 'smart_env/+/telemetry', qos: 0, color: '#00ff00' }
		];
		expect(rowColor(live, profileSubs, 'smart_env/d/telemetry')).toBe('#00ff00');
		expect(rowColor(live, profileSubs, 'smart_env/d/status')).toBe(PALETTE[0]);
	});
});

describe('withColors', () => {
	it('keeps stored colours and gives the others the same colour on every call', () => {
		const once = withColors(profileSubs);
		expect(once[1].color).toBe('#ff0000');
		expect(withColors([...profileSubs])[0].color).toBe(once[0].color);
		expect(withColors(profileSubs)).toBe(once);
	});
});
