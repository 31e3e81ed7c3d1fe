import { withDefaults, type Profile } from './profile';

/** The profile id of the shipped demo connection. */
export const LOCAL_DEMO_ID = 'local-demo';

/** The ready-made profile for the demo broker that `npm start` runs (Aedes speaks MQTT 3.1.1). */
export function localDemoProfile(now: number): Profile {
	return withDefaults({
		id: LOCAL_DEMO_ID,
		name: 'Local demo',
		url: 'ws://localhost:9001',
		clientId: `mqtt-scope-demo-${Math.random().toString(36).slice(2, 8)}`,
		username: '',
		password: '',
		rememberPassword: false,
		protocolVersion: 4,
		cleanStart: true,
		keepalive: 30,
		subscriptions: [{ filter: 'smart_env/#', qos: 0 }],
		createdAt: now,
		updatedAt: now
	});
}
