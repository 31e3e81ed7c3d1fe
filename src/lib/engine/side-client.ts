import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import type { Profile } from '$lib/shared/profile/profile';

/**
 * Opens a short-lived extra connection with the profile's address and credentials but its own
 * client ID and a clean session, for looks that must not disturb the user's session
 * (retained scans, $SYS): its subscriptions never touch the main client's.
 */
export async function openSideClient(
	profile: Profile,
	password: string,
	purpose: string
): Promise<MqttClient> {
	return mqtt.connectAsync(profile.url, {
		protocolVersion: profile.protocolVersion,
		clientId: `${profile.clientId.slice(0, 40)}-${purpose}-${Math.random().toString(36).slice(2, 8)}`,
		clean: true,
		username: profile.username || undefined,
		password: password || undefined,
		reconnectPeriod: 0,
		connectTimeout: profile.connectTimeout * 1000,
		keepalive: 30
	});
}
