import { describe, expect, it } from 'vitest';
import { CSV_HEADER, exportFileName, seriesCsv } from './series-csv';

describe('seriesCsv', () => {
	it('writes one row per point in long format', () => {
		const csv = seriesCsv([
			{ label: 'temperature', topic: 'a/t', times: [0, 1000], values: [21.5, 22] },
			{ label: 'x, "y"', topic: 'b', times: [Date.UTC(2026, 0, 2, 3, 4, 5, 6)], values: [-1] }
		]).join('');
		expect(csv).toBe(
			CSV_HEADER +
				'1970-01-01T00:00:00.000Z,temperature,a/t,21.5\r\n' +
				'1970-01-01T00:00:01.000Z,temperature,a/t,22\r\n' +
				'2026-01-02T03:04:05.006Z,"x, ""y""",b,-1\r\n'
		);
	});

	it('gives only the header for no points', () => {
		expect(seriesCsv([]).join('')).toBe(CSV_HEADER);
	});

	it('splits many rows into chunks', () => {
		const n = 25_000;
		const times = Float64Array.from({ length: n }, (_, i) => i);
		const chunks = seriesCsv([{ label: 'v', topic: 't', times, values: times }]);
		expect(chunks.length).toBe(4);
		expect(chunks.join('').split('\r\n').length).toBe(n + 2);
	});
});

describe('series CSV cells', () => {
	it('quotes labels and topics when needed and neutralises formulas', () => {
		const [, rows] = seriesCsv([
			{ label: 'a\nb', topic: '=HYPERLINK("x")', times: [0], values: [-1.5] }
		]);
		expect(rows).toBe(`1970-01-01T00:00:00.000Z,"a\nb","'=HYPERLINK(""x"")",-1.5\r\n`);
	});
});

describe('exportFileName', () => {
	it('names by profile and local time', () => {
		const at = new Date(2026, 10, 25, 9, 8, 7);
		expect(exportFileName('Local demo/é', at, 'png')).toBe('chart-Local_demo_-20261125-090807.png');
		expect(exportFileName('', at, 'csv')).toBe('chart-chart-20261125-090807.csv');
	});
});
