/**
 * Access control as the user sees it: a publish the broker's ACL denies ends "refused" with the
 * broker's reason (MQTT 5 PUBACK 0x87), and a subscription the dynamic security plugin denies
 * shows its SUBACK refusal (0x87) on the subscription itself.
 */
import { rowsFor } from '../support/app';
import {
	connectProfile,
	publishFromApp,
	publishPanel,
	randomSuffix,
	requestSubscription,
	subscribeGranted,
	subscriptionRow,
	subscriptionsPanel
} from '../support/pubsub';
import { expect, test } from '../support/fixtures';

test.describe('access control', () => {
	test('a publish the ACL denies is refused with "Not authorized (0x87)"', async ({
		page,
		broker
	}) => {
		const topic = `public/e2e-acl-${randomSuffix()}`;
		// bob may only read public/#: Mosquitto answers his QoS 1 PUBLISH with PUBACK 0x87.
		await connectProfile(page, { name: 'Bob', url: broker.authWsUrl, ...broker.users.bob });
		await publishFromApp(page, { topic, payload: 'not allowed', qos: 1 });

		const state = rowsFor(page, topic).getByTestId('publish-state');
		await expect(state).toHaveText('refused');
		await expect(state).toHaveAttribute('title', /Not authorized \(0x87\)/);
		await expect(publishPanel(page).getByTestId('publish-fate')).toContainText(
			'refused: Not authorized (0x87)'
		);
	});

	test('a subscription the dynamic security plugin denies shows the SUBACK refusal', async ({
		page,
		broker
	}) => {
		const suffix = randomSuffix();
		const forbidden = `forbidden/${suffix}/x`;
		const allowed = `e2e/acl/${suffix}/#`;
		await connectProfile(page, {
			name: 'Carol',
			url: broker.dynsecWsUrl,
			...broker.dynsecUser
		});
		// The same session is granted what its role allows, so the refusal is not a broken login.
		await subscribeGranted(page, allowed, { qos: 1 });

		await requestSubscription(page, forbidden, { qos: 1 });
		const refused = subscriptionRow(page, forbidden).getByTestId('subscription-refused');
		await expect(refused).toContainText('Not authorized (0x87)');
		await expect(subscriptionRow(page, forbidden).getByTestId('subscription-granted')).toHaveCount(
			0
		);
		await expect(subscriptionsPanel(page).getByRole('alert')).toContainText(
			'Not authorized (0x87)'
		);
		await expect(subscriptionRow(page, allowed).getByTestId('subscription-granted')).toHaveText(
			'QoS 1'
		);
	});
});
