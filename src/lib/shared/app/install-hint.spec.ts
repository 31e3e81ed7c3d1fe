import { describe, expect, it } from 'vitest';
import { needsIosInstallHint } from './install-hint';

const IPHONE_SAFARI =
	'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const IPHONE_CHROME =
	'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1';
const IPAD_DESKTOP_SAFARI =
	'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const ANDROID_CHROME =
	'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';

describe('needsIosInstallHint', () => {
	it('is true for Safari on an iPhone, and on an iPad that reports a Mac', () => {
		expect(
			needsIosInstallHint({ userAgent: IPHONE_SAFARI, maxTouchPoints: 5, standalone: false })
		).toBe(true);
		expect(
			needsIosInstallHint({ userAgent: IPAD_DESKTOP_SAFARI, maxTouchPoints: 5, standalone: false })
		).toBe(true);
	});

	it('is false once running from the home screen', () => {
		expect(
			needsIosInstallHint({ userAgent: IPHONE_SAFARI, maxTouchPoints: 5, standalone: true })
		).toBe(false);
	});

	it('is false for a Mac, other iOS browsers and Android', () => {
		expect(
			needsIosInstallHint({ userAgent: IPAD_DESKTOP_SAFARI, maxTouchPoints: 0, standalone: false })
		).toBe(false);
		expect(
			needsIosInstallHint({ userAgent: IPHONE_CHROME, maxTouchPoints: 5, standalone: false })
		).toBe(false);
		expect(
			needsIosInstallHint({ userAgent: ANDROID_CHROME, maxTouchPoints: 5, standalone: false })
		).toBe(false);
	});
});
