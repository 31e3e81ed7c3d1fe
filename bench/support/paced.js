// @ts-check
/** Publishes at a steady rate from Node, for the live-path benchmarks. */
import { setTimeout as sleep } from 'node:timers/promises';
import mqtt from 'mqtt';

/**
 * Publishes QoS 0 messages over TCP at a steady `rate` a second for `seconds`, round-robin over
 * `topics`; `payload(n)` makes the n-th message.
 * @param {string} mqttUrl
 * @param {{ rate: number, seconds: number, topics: string[], payload: (n: number) => string }} plan
 */
export async function publishPaced(mqttUrl, { rate, seconds, topics, payload }) {
	const client = await mqtt.connectAsync(mqttUrl, { protocolVersion: 5, reconnectPeriod: 0 });
	const startedAt = Date.now();
	let sent = 0;
	try {
		// Catch up to where the clock says we should be, so timer drift never lowers the rate.
		while (Date.now() - startedAt < seconds * 1000) {
			const due = Math.floor(((Date.now() - startedAt) * rate) / 1000);
			/** @type {Promise<unknown>[]} */
			const pending = [];
			for (; sent < due; sent++) {
				pending.push(client.publishAsync(topics[sent % topics.length], payload(sent), { qos: 0 }));
			}
			await Promise.all(pending);
			await sleep(Math.min(10, 1000 / rate));
		}
	} finally {
		await client.endAsync();
	}
	return { sent, ms: Date.now() - startedAt };
}
