import { describe, expect, it } from 'vitest';
import { hexCode, isFailureCode, reasonCodeText } from './reason-codes';

describe('reasonCodeText', () => {
	it.each([
		[0x00, 'Success'],
		[0x01, 'Granted QoS 1'],
		[0x10, 'No matching subscribers'],
		[0x80, 'Unspecified error'],
		[0x84, 'Unsupported protocol version'],
		[0x87, 'Not authorized'],
		[0x8a, 'Banned'],
		[0x8f, 'Topic filter invalid'],
		[0x97, 'Quota exceeded'],
		[0x9e, 'Shared subscriptions not supported'],
		[0xa2, 'Wildcard subscriptions not supported']
	])('names %i %j', (code, text) => {
		expect(reasonCodeText(code)).toBe(text);
	});

	it('names every reason code MQTT 5 §2.4 defines', () => {
		const defined = [
			0x00, 0x01, 0x02, 0x04, 0x10, 0x11, 0x18, 0x19, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86,
			0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f, 0x90, 0x91, 0x92, 0x93, 0x94, 0x95,
			0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2
		];
		for (const code of defined) expect(reasonCodeText(code)).not.toMatch(/Unknown/);
	});

	it('says when a code is unknown', () => {
		expect(reasonCodeText(0x03)).toBe('Unknown reason code 0x03');
		expect(reasonCodeText(0xff)).toBe('Unknown reason code 0xFF');
	});
});

describe('isFailureCode and hexCode', () => {
	it('splits success from failure at 0x80', () => {
		expect(isFailureCode(0x10)).toBe(false);
		expect(isFailureCode(0x80)).toBe(true);
	});

	it('writes codes as the specification does', () => {
		expect(hexCode(0x8a)).toBe('0x8A');
		expect(hexCode(4)).toBe('0x04');
	});
});
