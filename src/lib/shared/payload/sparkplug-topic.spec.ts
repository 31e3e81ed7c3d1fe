import { describe, expect, it } from 'vitest';
import { birthTopicsFor, isSparkplugTopic, parseSparkplugTopic } from './sparkplug-topic';

describe('Sparkplug B topics', () => {
	it('recognises the namespace by its prefix', () => {
		expect(isSparkplugTopic('spBv1.0/plant/NDATA/edge')).toBe(true);
		expect(isSparkplugTopic('spAv1.0/plant/NDATA/edge')).toBe(false);
		expect(isSparkplugTopic('plant/spBv1.0')).toBe(false);
	});

	it('splits node and device topics', () => {
		expect(parseSparkplugTopic('spBv1.0/plant/NDATA/edge')).toEqual({
			group: 'plant',
			messageType: 'NDATA',
			edgeNode: 'edge'
		});
		expect(parseSparkplugTopic('spBv1.0/plant/DDATA/edge/pump')).toEqual({
			group: 'plant',
			messageType: 'DDATA',
			edgeNode: 'edge',
			device: 'pump'
		});
	});

	it('rejects topics with missing or extra levels', () => {
		expect(parseSparkplugTopic('spBv1.0/plant/NDATA')).toBeUndefined();
		expect(parseSparkplugTopic('spBv1.0/plant/DDATA/edge/pump/extra')).toBeUndefined();
		expect(parseSparkplugTopic('other/plant/NDATA/edge')).toBeUndefined();
	});

	it('finds the births that define aliases: the device first, then its node', () => {
		const device = parseSparkplugTopic('spBv1.0/plant/DDATA/edge/pump');
		const node = parseSparkplugTopic('spBv1.0/plant/NCMD/edge');
		expect(device && birthTopicsFor(device)).toEqual([
			'spBv1.0/plant/DBIRTH/edge/pump',
			'spBv1.0/plant/NBIRTH/edge'
		]);
		expect(node && birthTopicsFor(node)).toEqual(['spBv1.0/plant/NBIRTH/edge']);
	});
});
