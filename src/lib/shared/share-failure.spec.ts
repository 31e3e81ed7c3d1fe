import { describe, expect, it } from 'vitest';
import { refusedShareNote, shareFailure } from './share-failure';

describe('shareFailure', () => {
	it('reads AbortError as the user closing the share sheet', () => {
		expect(shareFailure(new DOMException('Share canceled', 'AbortError'))).toBe('cancelled');
	});

	it('reads anything else as the browser refusing', () => {
		expect(shareFailure(new DOMException('Permission denied', 'NotAllowedError'))).toBe('refused');
		expect(shareFailure(new TypeError('bad data'))).toBe('refused');
		expect(shareFailure('odd')).toBe('refused');
	});
});

describe('refusedShareNote', () => {
	it('says the file was downloaded, with the browser’s reason when it gave one', () => {
		expect(refusedShareNote(new DOMException('Permission denied', 'NotAllowedError'))).toBe(
			'This browser did not share the file (Permission denied); it was downloaded instead.'
		);
		expect(refusedShareNote(undefined)).toBe(
			'This browser did not share the file; it was downloaded instead.'
		);
	});
});
