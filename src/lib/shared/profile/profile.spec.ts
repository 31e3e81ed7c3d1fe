import { describe, expect, it } from 'vitest';
import { defaultDraft, generateClientId, withDefaults, type ProfileDraft } from './profile';

const draft = (overrides: Partial<ProfileDraft> = {}): ProfileDraft => ({
	...defaultDraft(),
	...overrides
});

describe('generateClientId', () => {
	it('is a readable prefix and eight lowercase letters or digits', () => {
		expect(generateClientId()).toMatch(/^mqtt-scope-[a-z0-9]{8}$/);
	});

	it('fits the 23-character limit of MQTT 3.1.1 §3.1.3.1', () => {
		expect(generateClientId().length).toBeLessThanOrEqual(23);
	});

	it('uses the injected random source across the whole alphabet', () => {
		expect(generateClientId(() => 0)).toBe('mqtt-scope-aaaaaaaa');
		expect(generateClientId(() => 0.999999)).toBe('mqtt-scope-99999999');
	});

	it('differs between calls', () => {
		const ids = new Set(Array.from({ length: 100 }, () => generateClientId()));
		expect(ids.size).toBe(100);
	});

	it('gives new drafts a fresh client ID', () => {
		expect(defaultDraft().clientId).not.toBe(defaultDraft().clientId);
	});

	it('loads a profile stored before payload formats existed with none chosen', () => {
		const { payloadFormats: _omitted, ...older } = draft();
		const loaded = withDefaults(older);
		expect(loaded.payloadFormats).toEqual({});
		expect(loaded.protoSchema).toBeUndefined();
		// The default is a fresh object per profile, not one shared by all of them.
		expect(withDefaults(older).payloadFormats).not.toBe(loaded.payloadFormats);
	});

	it('reconnects on open a profile stored before that setting existed, as new ones do', () => {
		const { reconnectOnOpen: _omitted, ...older } = draft();
		expect(withDefaults(older).reconnectOnOpen).toBe(true);
		expect(defaultDraft().reconnectOnOpen).toBe(true);
		expect(withDefaults({ ...older, reconnectOnOpen: false }).reconnectOnOpen).toBe(false);
	});
});
