/**
 * A secure WebSocket (wss://) profile connects and receives. The test browser trusts the
 * broker's self-signed certificate (see playwright.config.ts); nothing else does.
 */
import { connect, createProfile, openApp, rowsFor, subscribe, uniquePrefix } from '../support/app';
import { closeExternal, connectExternal } from '../support/external-client';
import { expect, test } from '../support/fixtures';

test('a wss:// profile connects and receives messages', async ({ page, broker }) => {
	const prefix = uniquePrefix('wss');
	await openApp(page);
	await createProfile(page, { name: 'Secure', url: broker.wssUrl });
	await expect(page.getByRole('region', { name: 'Connection' })).toContainText(broker.wssUrl);
	await connect(page);
	await subscribe(page, `${prefix}/#`, 1);

	const external = await connectExternal(broker.mqttPort);
	try {
		await external.publishAsync(`${prefix}/secure`, 'over TLS', { qos: 1 });
	} finally {
		await closeExternal(external);
	}
	await expect(rowsFor(page, `${prefix}/secure`).getByTestId('message-preview')).toHaveText(
		'over TLS'
	);
});
