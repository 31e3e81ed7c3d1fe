import { describe, expect, it } from 'vitest';
import { brokerNode } from './broker-node';

describe('brokerNode', () => {
	const cluster = { url: 'ws://a:9001', failoverUrls: ['wss://b:8884/mqtt', 'ws://c:9001'] };

	it('names the node a status is on by its number and address', () => {
		expect(brokerNode(cluster, 'wss://b:8884/mqtt')).toEqual({
			number: 2,
			count: 3,
			url: 'wss://b:8884/mqtt',
			address: 'b:8884/mqtt'
		});
		expect(brokerNode(cluster, 'ws://a:9001')?.number).toBe(1);
	});

	it('has nothing to tell for a one-URL profile, no URL or a URL the profile no longer lists', () => {
		expect(brokerNode({ url: 'ws://a:9001' }, 'ws://a:9001')).toBeUndefined();
		expect(brokerNode({ url: 'ws://a:9001', failoverUrls: [] }, 'ws://a:9001')).toBeUndefined();
		expect(brokerNode(cluster, undefined)).toBeUndefined();
		expect(brokerNode(cluster, 'ws://gone:1')).toBeUndefined();
	});
});
