import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from './csv';

describe('csvCell', () => {
	it('quotes cells with a comma, quote or line break (RFC 4180)', () => {
		expect(csvCell('plain')).toBe('plain');
		expect(csvCell('a,b')).toBe('"a,b"');
		expect(csvCell('say "hi"')).toBe('"say ""hi"""');
		expect(csvCell('two\nlines')).toBe('"two\nlines"');
	});

	it('neutralises cells a spreadsheet would run as a formula', () => {
		expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
		expect(csvCell('+cmd')).toBe("'+cmd");
		expect(csvCell('-2+3+cmd')).toBe("'-2+3+cmd");
		expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
		expect(csvCell('\t=1')).toBe("'\t=1");
		expect(csvCell('\r=1')).toBe(`"'\r=1"`);
	});

	it('leaves plain numbers as numbers, signs included', () => {
		for (const n of ['-3.5', '+2', '-1e-7', '42', '-.5', '0.25']) expect(csvCell(n)).toBe(n);
	});

	it('never lets a cell start with a formula character unescaped (any text)', () => {
		fc.assert(
			fc.property(fc.string(), (text) => {
				const cell = csvCell(text);
				const unquoted = cell.startsWith('"') ? cell.slice(1) : cell;
				const numeric = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text);
				return numeric || !/^[=+\-@\t\r]/.test(unquoted);
			})
		);
	});
});

describe('csvLine', () => {
	it('joins cells with commas and ends with CRLF', () => {
		expect(csvLine(['a', '=b', 'c,d'])).toBe(`a,'=b,"c,d"\r\n`);
	});
});
