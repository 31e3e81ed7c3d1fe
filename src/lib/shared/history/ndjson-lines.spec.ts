import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter, type SplitLine } from './ndjson-lines';

function split(chunks: string[], max = 1000): SplitLine[] {
	const splitter = new LineSplitter(max);
	return [...chunks.flatMap((c) => splitter.push(c)), ...splitter.end()];
}

describe('LineSplitter', () => {
	it('gives the lines of the text however it is cut into chunks', () => {
		fc.assert(
			fc.property(
				fc.array(fc.string({ maxLength: 30 }), { maxLength: 20 }),
				fc.nat(),
				(lines, seed) => {
					const text = lines.join('\n');
					// Cut the text at pseudo-random places.
					const chunks: string[] = [];
					let at = 0;
					let cut = seed;
					while (at < text.length) {
						cut = (cut * 1103515245 + 12345) % 2147483648;
						const next = at + 1 + (cut % 7);
						chunks.push(text.slice(at, next));
						at = next;
					}
					const expected = text.split('\n').map((line) => line.replace(/\r$/, ''));
					if (expected.at(-1) === '') expected.pop();
					expect(split(chunks).map((l) => ('text' in l ? l.text : '…'))).toEqual(expected);
				}
			)
		);
	});

	it('drops a CR before the newline', () => {
		expect(split(['a\r\nb\r', '\n'])).toEqual([{ text: 'a' }, { text: 'b' }]);
	});

	it('reports a line over the budget as too long and goes on with the next', () => {
		const lines = split(['x'.repeat(600), 'x'.repeat(600), '\nok\n', 'y'.repeat(2000)]);
		expect(lines).toEqual([{ tooLong: true }, { text: 'ok' }, { tooLong: true }]);
	});

	it('holds no more than the budget of one endless line', () => {
		const splitter = new LineSplitter(10);
		for (let i = 0; i < 1000; i++) expect(splitter.push('z'.repeat(100))).toEqual([]);
		expect(splitter.end()).toEqual([{ tooLong: true }]);
	});
});
