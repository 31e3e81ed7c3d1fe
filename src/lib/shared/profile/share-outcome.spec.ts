import { describe, expect, it } from 'vitest';
import { deliveryNote, refusedShareNote, shareFailure } from './share-outcome';

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

describe('deliveryNote', () => {
	it('says what happened to the file', () => {
		expect(deliveryNote({ how: 'shared' }, 'the chart image')).toBe('Shared the chart image.');
		expect(deliveryNote({ how: 'cancelled' }, 'the export')).toBe('Sharing cancelled.');
		expect(deliveryNote({ how: 'downloaded' }, 'the export')).toBe('Downloaded the export.');
		expect(deliveryNote({ how: 'downloaded', note: 'Refused.' }, 'the export')).toBe('Refused.');
	});

	it('asks for one more tap when the file took too long for the share sheet', () => {
		expect(deliveryNote({ how: 'needs-tap' }, 'the export')).toBe(
			'The export is ready: tap Share again to send it.'
		);
	});
});
