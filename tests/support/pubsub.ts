/**
 * Page helpers for the publish/subscribe specs: connect a fresh profile, drive the Publish and
 * Subscriptions panels, open a tool tab and read a message's details, all through roles and labels.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { connect, createProfile, openApp, rowsFor, type ProfileInput } from './app';

/** Opens the app, creates a profile from `input` and connects it. */
export async function connectProfile(page: Page, input: ProfileInput): Promise<void> {
	await openApp(page);
	await createProfile(page, {
		...input,
		// A password that is not remembered may be asked for again; remembering keeps tests short.
		...(input.password !== undefined ? { rememberPassword: true } : {})
	});
	await connect(page);
}

/** The Publish panel. */
export function publishPanel(page: Page): Locator {
	return page.getByRole('region', { name: 'Publish' });
}

/** The Subscriptions panel. */
export function subscriptionsPanel(page: Page): Locator {
	return page.getByRole('region', { name: 'Subscriptions' });
}

/** What the Publish panel is filled with; unset fields are left alone. */
export interface PublishInput {
	topic: string;
	payload?: string;
	format?: 'Text' | 'JSON' | 'Hex' | 'Base64' | 'File';
	qos?: 0 | 1 | 2;
	retain?: boolean;
}

/** Fills the Publish panel (topic, format, payload, QoS, retain) without pressing Publish. */
export async function fillPublish(page: Page, input: PublishInput): Promise<void> {
	const panel = publishPanel(page);
	await panel.getByLabel('Publish topic').fill(input.topic);
	await panel.getByLabel('Payload format').selectOption(input.format ?? 'Text');
	if (input.payload !== undefined) {
		await panel.getByLabel('Payload', { exact: true }).fill(input.payload);
	}
	await panel.getByLabel('Publish QoS').selectOption(String(input.qos ?? 0));
	await panel.getByLabel('Retain').setChecked(input.retain ?? false);
}

/** Fills the Publish panel and presses Publish. */
export async function publishFromApp(page: Page, input: PublishInput): Promise<void> {
	await fillPublish(page, input);
	await publishPanel(page).getByRole('button', { name: 'Publish' }).click();
}

/** MQTT 5 subscription options of the Subscriptions panel's "Options" section. */
export interface SubscribeOptionsInput {
	qos?: 0 | 1 | 2;
	noLocal?: boolean;
	retainHandling?: 0 | 1 | 2;
	subscriptionIdentifier?: number;
}

/** Types a filter (and options) in the Subscriptions panel and presses Subscribe. */
export async function requestSubscription(
	page: Page,
	filter: string,
	options: SubscribeOptionsInput = {}
): Promise<void> {
	const panel = subscriptionsPanel(page);
	await panel.getByLabel('Topic filter').fill(filter);
	await panel.getByLabel('Subscription QoS').selectOption(String(options.qos ?? 0));
	if (
		options.noLocal !== undefined ||
		options.retainHandling !== undefined ||
		options.subscriptionIdentifier !== undefined
	) {
		const details = panel.locator('details');
		if ((await details.getAttribute('open')) === null) {
			await details.getByText('Options', { exact: true }).click();
		}
		if (options.noLocal !== undefined) {
			await panel.getByLabel('No local').setChecked(options.noLocal);
		}
		if (options.retainHandling !== undefined) {
			await panel.getByLabel('Retain handling').selectOption(String(options.retainHandling));
		}
		if (options.subscriptionIdentifier !== undefined) {
			await panel
				.getByLabel('Subscription identifier')
				.fill(String(options.subscriptionIdentifier));
		}
	}
	await panel.getByRole('button', { name: 'Subscribe', exact: true }).click();
}

/** The Subscriptions panel's entry for exactly this filter. */
export function subscriptionRow(page: Page, filter: string): Locator {
	return subscriptionsPanel(page).locator(
		`[data-testid="subscription"][data-filter="${filter.replace(/["\\]/g, '\\$&')}"]`
	);
}

/** Subscribes with options and waits until the broker granted the subscription. */
export async function subscribeGranted(
	page: Page,
	filter: string,
	options: SubscribeOptionsInput = {}
): Promise<void> {
	await requestSubscription(page, filter, options);
	await expect(subscriptionRow(page, filter).getByTestId('subscription-granted')).toBeVisible();
}

/** Selects a tool tab: "Pub/Sub", "Topics", "Request", "Retained" or "Broker". */
export async function openTab(page: Page, name: string): Promise<void> {
	const tab = page.getByRole('tab', { name });
	await tab.click();
	await expect(tab).toHaveAttribute('aria-selected', 'true');
}

/** Clicks the newest row of `topic` and returns the message details panel. */
export async function openDetail(page: Page, topic: string): Promise<Locator> {
	await rowsFor(page, topic).first().click();
	const detail = page.getByTestId('message-detail');
	await expect(detail.getByRole('heading', { name: topic })).toBeVisible();
	return detail;
}

/** The value (dd) listed under the term (dt) `name` in the message details. */
export function detailValue(detail: Locator, name: string): Locator {
	return detail
		.locator('dt', { hasText: new RegExp(`^${name}$`) })
		.locator('xpath=following-sibling::dd[1]');
}

/** A random topic-safe suffix. */
export function randomSuffix(): string {
	return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}
