import type { Dashboard } from '../dashboards/dashboard';
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

/**
 * The demo profile's dashboard, so a first run shows every kind of tile and an alert working on
 * the simulator's data: two sensors, a door that drops offline (its last will) now and then.
 */
export function localDemoDashboard(now: number): Dashboard {
	const telemetry = 'smart_env/+/telemetry';
	return {
		profileId: LOCAL_DEMO_ID,
		updatedAt: now,
		tiles: [
			{
				id: 'demo-chart',
				kind: 'chart',
				title: 'Temperature & humidity',
				width: 2,
				windowMs: 5 * 60_000,
				series: [
					{ topicFilter: telemetry, path: 'temperature', unit: '°C' },
					{ topicFilter: telemetry, path: 'humidity', unit: '%', axis: 'right' }
				]
			},
			{
				id: 'demo-door',
				kind: 'status',
				title: 'Door',
				width: 1,
				topicFilter: 'smart_env/door01/status',
				path: '',
				okValues: ['online']
			},
			{
				id: 'demo-temperature',
				kind: 'number',
				title: 'Temperature',
				width: 1,
				series: { topicFilter: telemetry, path: 'temperature' },
				unit: '°C',
				decimals: 1
			},
			{
				id: 'demo-humidity',
				kind: 'gauge',
				title: 'Humidity · device01',
				width: 1,
				series: { topicFilter: 'smart_env/device01/telemetry', path: 'humidity' },
				unit: '%',
				min: 0,
				max: 100,
				ranges: [
					{ from: 0, to: 30, color: '#fbbf24' },
					{ from: 30, to: 65, color: '#4ade80' },
					{ from: 65, to: 100, color: '#60a5fa' }
				]
			}
		],
		alerts: [
			{
				id: 'demo-door-offline',
				name: 'Door offline',
				series: { topicFilter: 'smart_env/door01/status', path: '' },
				condition: { kind: 'status', equals: 'offline' },
				enabled: true
			}
		]
	};
}
