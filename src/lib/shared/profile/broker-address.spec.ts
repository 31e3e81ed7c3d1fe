import { describe, expect, it } from 'vitest';
import { brokerAddress } from './broker-address';

describe('brokerAddress', () => {
	it('keeps host, port and path, drops the scheme', () => {
		expect(brokerAddress('ws://localhost:9001/mqtt')).toEqual({
			address: 'localhost:9001/mqtt',
			secure: false
		});
	});

	it('tells two profiles on one host apart by port', () => {
		const a = brokerAddress('ws://127.0.0.1:8080/').address;
		const b = brokerAddress('ws://127.0.0.1:9001/').address;
		expect(a).toBe('127.0.0.1:8080');
		expect(b).toBe('127.0.0.1:9001');
	});

	it('marks wss:// as secure and omits its default port', () => {
		expect(brokerAddress('wss://broker.example.com:443/ws')).toEqual({
			address: 'broker.example.com/ws',
			secure: true
		});
	});

	it('shows a URL that does not parse as typed', () => {
		expect(brokerAddress('not a url')).toEqual({ address: 'not a url', secure: false });
	});
});
