import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyPieces } from './key-breaks';

describe('keyPieces', () => {
	it('breaks before dots and brackets, after underscores, dashes and slashes', () => {
		expect(keyPieces('sensors[0].air_quality.pm2_5')).toEqual([
			'sensors',
			'[0]',
			'.air_',
			'quality',
			'.pm2_',
			'5'
		]);
		expect(keyPieces('a/b-c')).toEqual(['a/', 'b-', 'c']);
	});

	it('keeps a key without separators whole', () => {
		expect(keyPieces('temperature')).toEqual(['temperature']);
		expect(keyPieces('')).toEqual(['']);
	});

	it('joins back to the key, with no empty pieces in a non-empty key', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 40 }), (key) => {
				const pieces = keyPieces(key);
				expect(pieces.join('')).toBe(key);
				if (key) expect(pieces.every((p) => p.length > 0)).toBe(true);
			})
		);
	});
});
