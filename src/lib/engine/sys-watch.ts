import type { MqttClient } from 'mqtt';
import type { SysSnapshot } from '$lib/shared/broker/sys-snapshot';
import type { Profile } from '$lib/shared/profile/profile';
import { endQuietly } from './retained';
import { openSideClient } from './side-client';
import { subscribeCode } from './subscribe';

/** How long to wait for a first $SYS message before saying the broker publishes none. */
const FIRST_MESSAGE_MS = 5000;
/** Snapshots go to the UI at most this often. */
const SNAPSHOT_MS = 1000;

/** What a $SYS watcher reports. */
export interface SysWatchHooks {
	snapshot(snapshot: SysSnapshot): void;
	unavailable(reason: string): void;
}

/**
 * Watches `$SYS/#` on a side connection, so the broker panel never floods the history and the
 * user's own subscriptions stay as they are. Stops with the returned function.
 */
export function watchSys(profile: Profile, password: string, hooks: SysWatchHooks): () => void {
	let client: MqttClient | undefined;
	let stopped = false;
	const values: Record<string, string> = {};
	let dirty = false;
	let ticker: ReturnType<typeof setInterval> | undefined;
	let firstTimer: ReturnType<typeof setTimeout> | undefined;
	const decoder = new TextDecoder();

	const stop = () => {
		stopped = true;
		clearInterval(ticker);
		clearTimeout(firstTimer);
		if (client) void endQuietly(client);
	};

	void (async () => {
		try {
			client = await openSideClient(profile, password, 'sys');
			if (stopped) return stop();
			client.on('message', (topic, payload) => {
				clearTimeout(firstTimer);
				values[topic] = decoder.decode(payload);
				dirty = true;
			});
			if ((await subscribeCode(client, '$SYS/#', { qos: 0 })) >= 0x80) {
				hooks.unavailable('The broker’s access list does not allow reading $SYS topics.');
				return stop();
			}
			firstTimer = setTimeout(() => {
				hooks.unavailable(
					'This broker publishes no $SYS topics, or its access list does not allow reading them.'
				);
			}, FIRST_MESSAGE_MS);
			ticker = setInterval(() => {
				if (!dirty) return;
				dirty = false;
				hooks.snapshot({ profileId: profile.id, values: { ...values }, time: Date.now() });
			}, SNAPSHOT_MS);
		} catch (error) {
			if (!stopped) {
				hooks.unavailable(
					`Could not open a connection for $SYS: ${error instanceof Error ? error.message : error}`
				);
			}
			stop();
		}
	})();
	return stop;
}
