import type { MqttClient } from 'mqtt';
import type { RetainedScan } from '$lib/shared/mqtt/retained-scan';
import type { Profile } from '$lib/shared/profile/profile';
import { reasonCodeText } from '$lib/shared/mqtt/reason-codes';
import { openSideClient } from './side-client';
import { subscribeCode } from './subscribe';

/** A scan ends this long after the last retained message arrived… */
const QUIET_MS = 400;
/** …or after this long in all, whichever comes first. */
const MAX_SCAN_MS = 5000;

/**
 * Lists the retained messages under a filter. Brokers send retained messages right after
 * SUBACK (MQTT 5 §3.3.1.3), so a fresh subscription collects them until the flow goes quiet.
 */
export async function scanRetained(
	profile: Profile,
	password: string,
	filter: string
): Promise<RetainedScan> {
	const client = await openSideClient(profile, password, 'scan');
	try {
		const found = new Map<string, number>();
		let resolveDone = () => {};
		const done = new Promise<void>((resolve) => (resolveDone = resolve));
		let quiet: ReturnType<typeof setTimeout> | undefined;
		const settle = () => {
			clearTimeout(quiet);
			quiet = setTimeout(resolveDone, QUIET_MS);
		};
		client.on('message', (topic, payload, packet) => {
			// Only retained deliveries count; an empty payload is not a retained message.
			if (packet.retain && payload.length > 0) found.set(topic, payload.length);
			settle();
		});
		const code = await subscribeCode(client, filter, { qos: 0, rh: 0 });
		if (code >= 0x80) {
			throw new Error(`The broker refused to list ${filter}: ${reasonCodeText(code)}.`);
		}
		const finish = setTimeout(resolveDone, MAX_SCAN_MS);
		settle();
		await done;
		clearTimeout(quiet);
		clearTimeout(finish);
		const topics = [...found].map(([topic, size]) => ({ topic, size }));
		topics.sort((a, b) => a.topic.localeCompare(b.topic));
		return { filter, topics };
	} finally {
		await endQuietly(client);
	}
}

/** Ends a side client without waiting long for a broker that no longer answers. */
export async function endQuietly(client: MqttClient): Promise<void> {
	await Promise.race([
		client.endAsync().catch(() => undefined),
		new Promise((resolve) => setTimeout(resolve, 1000))
	]);
	client.end(true);
}
