import { describe, expect, it } from 'vitest';
import { wakeLockText } from './wake-lock-text';

describe('wakeLockText', () => {
	it('says plainly whether the screen is kept awake', () => {
		expect(wakeLockText('held')).toBe('Screen kept awake.');
		expect(wakeLockText('off')).toBe('The screen may turn off as usual.');
		expect(wakeLockText('paused')).toMatch(/^Paused while the app is in the background/);
	});

	it('gives the browser’s reason for a refusal, and says when the API is missing', () => {
		expect(wakeLockText('refused', 'Wake Lock permission request denied')).toBe(
			'The browser refused to keep the screen awake: Wake Lock permission request denied. Battery saver may be on.'
		);
		expect(wakeLockText('refused')).toBe(
			'The browser refused to keep the screen awake. Battery saver may be on.'
		);
		expect(wakeLockText('unsupported')).toBe('This browser cannot keep the screen awake.');
	});
});
