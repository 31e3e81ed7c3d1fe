// @ts-check
/** Floods a broker with QoS 0 messages from Node, for the throughput benchmarks. */
import { setTimeout as sleep } from 'node:timers/promises';
import mqtt from 'mqtt';

/**
 * Publishes QoS 0 messages over TCP as fast as the socket drains, until `until` says stop.
 * Mosquitto drops QoS 0 for a client whose queue is full, so publishing pauses while more than
 * `backlog` messages are ahead of what the page has counted (`counted()`): the page stays
 * saturated, the broker never drops.
 * @param {string} brokerUrl
 * @param {{ until: (sent: number, elapsedMs: number) => boolean, counted: () => number,
 *   backlog: number, topics: number, payload: (n: number) => string,
 *   protocolVersion?: 4 | 5 }} plan (protocolVersion 4 for a broker that speaks MQTT 3.1.1 only)
 */
export async function startFlood(brokerUrl, plan) {
	const client = await mqtt.connectAsync(brokerUrl, {
		protocolVersion: plan.protocolVersion ?? 5,
		reconnectPeriod: 0
	});
	const startedAt = Date.now();
	const state = { startedAt, sent: 0, publishMs: 0, throttledMs: 0, done: Promise.resolve() };
	state.done = (async () => {
		const CHUNK = 1000;
		try {
			while (!plan.until(state.sent, Date.now() - startedAt)) {
				if (state.sent - plan.counted() > plan.backlog) {
					await sleep(10);
					state.throttledMs += 10;
					continue;
				}
				/** @type {Promise<unknown>[]} */
				const pending = [];
				for (let i = 0; i < CHUNK; i++) {
					const n = state.sent++;
					pending.push(
						client.publishAsync(`bench/t${n % plan.topics}`, plan.payload(n), { qos: 0 })
					);
					if (plan.until(state.sent, 0)) break;
				}
				await Promise.all(pending);
			}
			state.publishMs = Date.now() - startedAt;
		} finally {
			await client.endAsync();
		}
	})();
	return state;
}
