// @ts-check
/**
 * Fake devices for the demo broker: two telemetry sensors, a door with a retained status and a
 * last will that it triggers now and then, a gateway log and a binary firmware blob, so every
 * view of the app (tree, charts, retained/will handling, text and hex previews) has data.
 */
import mqtt from 'mqtt';

/**
 * @typedef {object} Simulator
 * @property {() => Promise<void>} stop Ends every fake device's connection and timer.
 */

const TELEMETRY_MS = 2000;
const DOOR_EVENT_MIN_MS = 7000;
const DOOR_DROP_MS = 60_000;
const DOOR_OFFLINE_MS = 5000;
const LOG_MIN_MS = 4000;
const FIRMWARE_MS = 30_000;

/**
 * A bounded random walk: each step moves at most `step`, and a pull towards `center` keeps the
 * series wandering smoothly instead of drifting away.
 * @param {number} center
 * @param {number} spread
 * @param {number} step
 */
function randomWalk(center, spread, step) {
	let value = center + (Math.random() - 0.5) * spread;
	return () => {
		const pull = (center - value) * 0.1;
		value += pull + (Math.random() - 0.5) * 2 * step;
		value = Math.min(center + spread, Math.max(center - spread, value));
		return Math.round(value * 100) / 100;
	};
}

/**
 * A random delay in [min, 2 * min).
 * @param {number} min
 */
function jitter(min) {
	return min + Math.floor(Math.random() * min);
}

/**
 * @typedef {object} SimulatorOptions
 * @property {number} [doorDropMs] How often the door drops its connection (default 60 s).
 * @property {number} [doorOfflineMs] How long it stays away before reconnecting (default 5 s).
 */

/**
 * Starts all fake devices against `url` (a TCP URL such as mqtt://127.0.0.1:1883).
 * @param {string} url
 * @param {SimulatorOptions} [options]
 * @returns {Simulator}
 */
export function startSimulator(
	url,
	{ doorDropMs = DOOR_DROP_MS, doorOfflineMs = DOOR_OFFLINE_MS } = {}
) {
	/** @type {Set<ReturnType<typeof setTimeout>>} */
	const timers = new Set();
	/** @type {mqtt.MqttClient[]} */
	const clients = [];
	let stopped = false;

	/**
	 * setTimeout that stop() can cancel.
	 * @param {() => void} fn
	 * @param {number} ms
	 */
	function later(fn, ms) {
		const t = setTimeout(() => {
			timers.delete(t);
			if (!stopped) fn();
		}, ms);
		timers.add(t);
	}

	/**
	 * Repeats fn every `ms` until stop().
	 * @param {() => void} fn
	 * @param {() => number} nextMs
	 */
	function every(fn, nextMs) {
		later(() => {
			fn();
			every(fn, nextMs);
		}, nextMs());
	}

	/**
	 * @param {string} clientId
	 * @param {mqtt.IClientOptions} [extra]
	 */
	function connect(clientId, extra = {}) {
		const client = mqtt.connect(url, {
			clientId,
			protocolVersion: 4,
			reconnectPeriod: 2000,
			...extra
		});
		// The broker may be restarting; mqtt.js reconnects by itself.
		client.on('error', () => {});
		clients.push(client);
		return client;
	}

	/**
	 * A telemetry sensor publishing JSON every 2 s.
	 * @param {string} id
	 * @param {number} tempCenter
	 * @param {number} humCenter
	 */
	function sensor(id, tempCenter, humCenter) {
		const client = connect(`sim-${id}`);
		const temperature = randomWalk(tempCenter, 3, 0.15);
		const humidity = randomWalk(humCenter, 8, 0.4);
		every(
			() => {
				if (!client.connected) return;
				const payload = {
					timestamp: Date.now() / 1000,
					temperature: temperature(),
					humidity: humidity()
				};
				client.publish(`smart_env/${id}/telemetry`, JSON.stringify(payload), { qos: 0 });
			},
			() => TELEMETRY_MS
		);
	}

	sensor('device01', 22.5, 48);
	sensor('device02', 19.8, 61);

	// The door: retained "online" on connect and a retained "offline" will (MQTT 3.1.1 §3.1.2.5):
	// when its socket dies without DISCONNECT the broker publishes the will for it.
	const doorStatus = 'smart_env/door01/status';
	const door = connect('sim-door01', {
		will: { topic: doorStatus, payload: Buffer.from('offline'), qos: 1, retain: true },
		// Reconnect only when we say so, so the "offline" state stays visible for a while.
		reconnectPeriod: 0
	});
	door.on('connect', () => {
		door.publish(doorStatus, 'online', { qos: 1, retain: true });
	});
	door.on('close', () => {
		if (stopped) return;
		later(() => door.reconnect(), doorOfflineMs);
	});
	let open = false;
	every(
		() => {
			if (!door.connected) return;
			open = !open;
			door.publish('smart_env/door01/event', JSON.stringify({ open }), { qos: 1 });
		},
		() => jitter(DOOR_EVENT_MIN_MS)
	);
	every(
		() => {
			// Destroying the stream skips DISCONNECT, so the broker must fire the will.
			if (door.connected) door.stream.destroy();
		},
		() => doorDropMs
	);

	const gateway = connect('sim-gateway');
	const logLines = [
		'link quality ok (rssi -61 dBm)',
		'device01 heartbeat',
		'device02 heartbeat',
		'ntp sync: offset 3 ms',
		'door01 contact sensor polled',
		'uplink retry 1/3 succeeded',
		'cache flushed: 12 records'
	];
	every(
		() => {
			if (!gateway.connected) return;
			const line = logLines[Math.floor(Math.random() * logLines.length)];
			gateway.publish('smart_env/gateway/log', `${new Date().toISOString()} INFO ${line}`);
		},
		() => jitter(LOG_MIN_MS)
	);
	gateway.on('connect', () => {
		gateway.publish('smart_env/gateway/info', JSON.stringify({ fw: '2.4.1', uptime_s: 86400 }), {
			retain: true
		});
	});

	// A small binary payload (not UTF-8) so the hex preview has something to show.
	const firmware = () => {
		const bytes = Buffer.alloc(24);
		bytes.write('\x7fFW', 0, 'latin1');
		bytes.writeUInt8(2, 3);
		bytes.writeUInt32BE(Math.floor(Date.now() / 1000), 4);
		for (let i = 8; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
		return bytes;
	};
	const device01Fw = connect('sim-device01-fw');
	device01Fw.on('connect', () => {
		device01Fw.publish('smart_env/device01/firmware', firmware(), { retain: true });
	});
	every(
		() => {
			if (device01Fw.connected) device01Fw.publish('smart_env/device01/firmware', firmware());
		},
		() => FIRMWARE_MS
	);

	return {
		async stop() {
			if (stopped) return;
			stopped = true;
			for (const t of timers) clearTimeout(t);
			timers.clear();
			await Promise.all(
				clients.map((c) => new Promise((resolve) => c.end(true, {}, () => resolve(undefined))))
			);
		}
	};
}
