import { describe, expect, it } from 'vitest';
import { defaultDraft, type Profile } from '$lib/shared/profile/profile';
import { connectOptions, publishProperties, userPropertyMap } from './connect-options';

function profile(changes: Partial<Profile> = {}): Profile {
	return { ...defaultDraft(), id: 'p', createdAt: 0, updatedAt: 0, ...changes };
}

describe('connectOptions', () => {
	it('turns off MQTT.js reconnects and resubscribes: the session drives both', () => {
		const options = connectOptions(profile(), 'pw');
		expect(options.reconnectPeriod).toBe(0);
		expect(options.resubscribe).toBe(false);
		expect(options.password).toBe('pw');
	});

	it('sends MQTT 5 connect properties only for MQTT 5, and only those that are set', () => {
		const v5 = connectOptions(
			profile({ sessionExpiryInterval: 300, receiveMaximum: 20, requestProblemInformation: false }),
			''
		);
		expect(v5.properties).toEqual({
			sessionExpiryInterval: 300,
			receiveMaximum: 20,
			requestProblemInformation: false
		});
		const v4 = connectOptions(profile({ protocolVersion: 4, sessionExpiryInterval: 300 }), '');
		expect(v4.properties).toBeUndefined();
		expect(v4.protocolVersion).toBe(4);
	});

	it('builds a will with MQTT 5 properties', () => {
		const options = connectOptions(
			profile({
				will: {
					enabled: true,
					topic: 'dev/status',
					payload: 'offline',
					qos: 1,
					retain: true,
					delayInterval: 5,
					contentType: 'text/plain',
					correlationData: 'abc',
					userProperties: [{ key: 'k', value: 'v' }]
				}
			}),
			''
		);
		expect(options.will?.topic).toBe('dev/status');
		expect(new TextDecoder().decode(options.will?.payload as Uint8Array)).toBe('offline');
		expect(options.will?.properties).toMatchObject({
			willDelayInterval: 5,
			contentType: 'text/plain',
			userProperties: { k: 'v' }
		});
		expect(new TextDecoder().decode(options.will?.properties?.correlationData)).toBe('abc');
	});

	it('sends no will when it is off', () => {
		expect(connectOptions(profile(), '').will).toBeUndefined();
	});
});

describe('user properties', () => {
	it('keeps repeated keys as arrays, in order', () => {
		expect(
			userPropertyMap([
				{ key: 'a', value: '1' },
				{ key: 'b', value: '2' },
				{ key: 'a', value: '3' }
			])
		).toEqual({ a: ['1', '3'], b: '2' });
		expect(userPropertyMap([])).toBeUndefined();
	});

	it('drops unset publish properties', () => {
		expect(publishProperties({ contentType: 'a', responseTopic: undefined })).toEqual({
			contentType: 'a'
		});
		expect(publishProperties(undefined)).toBeUndefined();
	});
});
