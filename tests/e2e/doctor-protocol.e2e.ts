/**
 * Connection doctor, protocol-level refusals: a broker that does not speak the chosen MQTT
 * version, and a broker that refuses the client ID. Both must be explained in words, not as a
 * stack trace, and the first must be fixable by switching the version.
 */
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { WebSocketServer } from 'ws';
import { startDemoBroker } from '../../scripts/demo-broker.js';
import { connect, connectionBar, connectionState, openApp, profileForm } from '../support/app';
import { createConnectionProfile } from '../support/connection-profile';
import { expect, test } from '../support/fixtures';

/** Presses Connect and waits for the attempt to end as disconnected. */
async function connectAndFail(page: Page): Promise<void> {
	await connectionBar(page).getByRole('button', { name: 'Connect' }).click();
	await expect(connectionState(page)).toHaveAttribute('data-state', 'disconnected', {
		timeout: 10_000
	});
}

/** A reason must read as a sentence, not as a JS error or stack trace. */
async function expectNoStackTrace(page: Page): Promise<void> {
	const text = (await page.getByTestId('connection-reason').innerText()).trim();
	expect(text).not.toMatch(/\bat \S+ \(|Error:|undefined|\[object /);
}

test('MQTT 5 against a 3.1.1-only broker (Aedes): the reason names the protocol version; 3.1.1 connects', async ({
	page
}) => {
	// Aedes 1.x refuses protocol level 5 with CONNACK return code 1 "unacceptable protocol version".
	const aedes = await startDemoBroker({ wsPort: 0, mqttPort: 0 });
	try {
		const url = `ws://127.0.0.1:${aedes.wsPort}`;
		await openApp(page);
		await createConnectionProfile(page, { name: 'Aedes v5', url, version: 5 });
		await connectAndFail(page);
		const reason = page.getByTestId('connection-reason');
		await expect(reason).toContainText(/protocol version/i);
		await expect(reason).toContainText('MQTT 3.1.1');
		await expectNoStackTrace(page);

		// The fix the hint suggests: switch the same profile to MQTT 3.1.1.
		await page.getByRole('button', { name: 'Edit Aedes v5', exact: true }).click();
		const form = profileForm(page, 'Edit connection');
		await form.getByLabel('MQTT version').selectOption('3.1.1');
		await form.getByRole('button', { name: 'Save' }).click();
		await expect(form).toBeHidden();
		await connect(page);
		await expect(page.getByTestId('connection-reason')).toBeHidden();
	} finally {
		await aedes.stop();
	}
});

test('an empty client ID refused by Mosquitto (MQTT 5): disconnected, the refusal in words', async ({
	page,
	startBroker
}) => {
	// Mosquitto 2.0.11 refuses an empty MQTT 5 client ID on a listener with
	// allow_zero_length_clientid false, but answers 0x80 Unspecified error, not 0x85 (its
	// handle__connect sends MQTT_RC_UNSPECIFIED there; checked with mqtt.js directly).
	const broker = await startBroker({ rejectEmptyClientId: true });
	await openApp(page);
	await createConnectionProfile(page, {
		name: 'No client ID',
		url: broker.wsUrl,
		version: 5,
		clientId: '',
		cleanStart: true
	});
	await connectAndFail(page);
	const reason = page.getByTestId('connection-reason');
	await expect(reason).toContainText(
		'The broker refused the connection: Unspecified error (0x80).'
	);
	await expect(reason).toContainText('Its log usually says more.');
	await expectNoStackTrace(page);
	// No automatic retry loop after a refusal: it stays disconnected.
	await expect(page.getByRole('button', { name: 'Retry now' })).toBeHidden();
});

test('CONNACK 0x85 "client identifier not valid": the reason and the hint in words', async ({
	page
}) => {
	// No broker at hand sends 0x85 for an empty ID (see above), so a WebSocket server answers the
	// CONNECT with exactly that CONNACK: MQTT 5 §3.2: type 0x20, remaining length 3, no session
	// present, reason code 0x85, property length 0.
	const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
	await new Promise((resolve) => wss.once('listening', resolve));
	wss.on('connection', (socket) => {
		socket.once('message', () => socket.send(Buffer.from([0x20, 0x03, 0x00, 0x85, 0x00])));
	});
	const port = (wss.address() as AddressInfo).port;
	try {
		await openApp(page);
		await createConnectionProfile(page, {
			name: 'Picky broker',
			url: `ws://127.0.0.1:${port}`,
			version: 5,
			clientId: '',
			cleanStart: true
		});
		await connectAndFail(page);
		const reason = page.getByTestId('connection-reason');
		await expect(reason).toContainText(
			'The broker refused the connection: Client identifier not valid (0x85).'
		);
		await expect(reason).toContainText('Change the client ID, or generate a new one.');
		await expectNoStackTrace(page);
	} finally {
		for (const client of wss.clients) client.terminate();
		await new Promise((resolve) => wss.close(resolve));
	}
});
