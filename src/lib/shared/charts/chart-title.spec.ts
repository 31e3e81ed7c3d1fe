import { describe, expect, it } from 'vitest';
import { distinguishingLevel, readableField, suggestChartTitle } from './chart-title';

describe('readableField', () => {
	it('drops the quotes and brackets a path needs for odd keys', () => {
		expect(readableField('temperature')).toBe('temperature');
		expect(readableField('sensors.temp')).toBe('sensors.temp');
		expect(readableField('["room 1"].temps[0]')).toBe('room 1.temps[0]');
		expect(readableField('["room 1"]["a.b"][1]')).toBe('room 1.a.b[1]');
	});

	it('is empty for a bare value and the path itself when it cannot be read', () => {
		expect(readableField('value')).toBe('');
		expect(readableField('a..b')).toBe('a..b');
	});
});

describe('distinguishingLevel', () => {
	it('picks the level naming a device', () => {
		expect(distinguishingLevel('smart_env/device01/telemetry')).toBe('device01');
		expect(distinguishingLevel('plant/line2/sensor19/temp')).toBe('sensor19');
		expect(distinguishingLevel('shellies/shelly1-ab12/relay/0')).toBe('shelly1-ab12');
	});

	it('else the level before the last, or the only one', () => {
		expect(distinguishingLevel('home/kitchen/temperature')).toBe('kitchen');
		expect(distinguishingLevel('zigbee2mqtt/living_room')).toBe('living_room');
		expect(distinguishingLevel('temperature')).toBe('temperature');
		expect(distinguishingLevel('/')).toBe('/');
	});
});

describe('suggestChartTitle', () => {
	it('names a one-topic chart by its device and field', () => {
		expect(suggestChartTitle('smart_env/device01/telemetry', 'temperature')).toBe(
			'device01 · temperature'
		);
		expect(suggestChartTitle('lab/kiln7/state', '["room 1"].temps[0]')).toBe(
			'kiln7 · room 1.temps[0]'
		);
	});

	it('names a bare number by its topic', () => {
		expect(suggestChartTitle('home/kitchen/temperature', 'value')).toBe('kitchen · temperature');
		expect(suggestChartTitle('temperature', 'value')).toBe('temperature');
	});

	it('names a wildcard chart by its field: its lines are named by device', () => {
		expect(suggestChartTitle('smart_env/+/telemetry', 'temperature')).toBe('temperature');
		expect(suggestChartTitle('home/+/temperature', 'value')).toBe('temperature');
		expect(suggestChartTitle('#', 'value')).toBe('#');
	});
});
