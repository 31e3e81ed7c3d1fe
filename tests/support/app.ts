/**
 * Page helpers shared by the app specs: drive the profile form, connect, subscribe, and find
 * rows, through the same roles, labels and test ids a user (or screen reader) would use.
 */
import { expect, type Locator, type Page, type Worker } from '@playwright/test';

/** A topic prefix no other test (or earlier run against the shared broker) uses. */
export function uniquePrefix(name: string): string {
	return `e2e/${name}/${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** What the profile form is filled with; unset fields keep the form's defaults. */
export interface ProfileInput {
	name: string;
	url: string;
	/** 5 (default) or 4 (MQTT 3.1.1). */
	version?: 4 | 5;
	username?: string;
	password?: string;
	rememberPassword?: boolean;
	/** Topic filters subscribed on connect. */
	subscriptions?: string[];
}

/** The profile form (new, edit or from a link), found by its accessible name. */
export function profileForm(page: Page, title = 'New connection'): Locator {
	return page.getByRole('form', { name: title });
}

/** Opens the app and waits until the stored profiles are listed (Local demo is seeded). */
export async function openApp(page: Page, path = '/'): Promise<void> {
	await page.goto(path);
	await expect(profileButton(page, 'Local demo')).toBeVisible();
}

/** The sidebar button that selects a profile. */
export function profileButton(page: Page, name: string): Locator {
	return page
		.getByRole('navigation', { name: 'Connections' })
		.getByRole('button', { name: new RegExp(`^${escapeRegExp(name)}`) });
}

/** Fills the open profile form's fields from `input` (the form must be on screen). */
export async function fillProfileForm(form: Locator, input: ProfileInput): Promise<void> {
	await form.getByLabel('Name', { exact: true }).fill(input.name);
	await form.getByLabel('Broker URL').fill(input.url);
	if (input.version) {
		await form.getByLabel('MQTT version').selectOption(input.version === 4 ? '3.1.1' : '5.0');
	}
	if (input.username !== undefined) await form.getByLabel('Username').fill(input.username);
	if (input.password !== undefined) {
		await form.getByLabel('Password', { exact: true }).fill(input.password);
	}
	if (input.rememberPassword !== undefined) {
		await form.getByLabel('Remember password on this device').setChecked(input.rememberPassword);
	}
	for (const filter of input.subscriptions ?? []) {
		await form.getByRole('button', { name: '+ Add subscription' }).click();
		await form.getByLabel('Topic filter').last().fill(filter);
	}
}

/**
 * Creates a profile through "+ New" and Save; the saved profile ends up selected.
 * Returns the client ID the form generated.
 */
export async function createProfile(page: Page, input: ProfileInput): Promise<string> {
	await page.getByRole('button', { name: '+ New' }).click();
	const form = profileForm(page);
	await fillProfileForm(form, input);
	const clientId = await form.getByLabel('Client ID').inputValue();
	await form.getByRole('button', { name: 'Save' }).click();
	await expect(form).toBeHidden();
	await expect(connectionBar(page).getByText(input.name, { exact: true })).toBeVisible();
	return clientId;
}

/** The connection bar of the selected profile. */
export function connectionBar(page: Page): Locator {
	return page.getByRole('region', { name: 'Connection' });
}

/** The connection state pill (data-state: idle|connecting|connected|reconnecting|disconnected). */
export function connectionState(page: Page): Locator {
	return page.getByTestId('connection-state');
}

/** Presses Connect on the selected profile and waits for the broker's CONNACK. */
export async function connect(page: Page): Promise<void> {
	// Exact: "Disconnect" contains "connect", and pressing it instead must fail, not pass.
	await connectionBar(page).getByRole('button', { name: 'Connect', exact: true }).click();
	await expect(connectionState(page)).toHaveAttribute('data-state', 'connected', {
		timeout: 10_000
	});
}

/** Subscribes through the Subscriptions panel and waits for the granted QoS to show. */
export async function subscribe(page: Page, filter: string, qos: 0 | 1 | 2 = 0): Promise<void> {
	const panel = page.getByRole('region', { name: 'Subscriptions' });
	await panel.getByLabel('Topic filter').fill(filter);
	await panel.getByLabel('Subscription QoS').selectOption(String(qos));
	await panel.getByRole('button', { name: 'Subscribe', exact: true }).click();
	await expect(
		panel
			.getByTestId('subscription')
			.filter({ hasText: filter })
			.getByText(`QoS ${qos}`, { exact: true })
	).toBeVisible();
}

/** The rendered message rows with exactly this topic. */
export function rowsFor(page: Page, topic: string): Locator {
	return page.locator(`[data-testid="message-row"][data-topic="${cssString(topic)}"]`);
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function cssString(text: string): string {
	return text.replace(/["\\]/g, '\\$&');
}

/** The page's engine workers (the chart worker, also under /workers/, is not one). */
export function engineWorkers(page: Page): Worker[] {
	return page.workers().filter((w) => !w.url().includes('chart-worker'));
}

/** The page's engine worker, once it has started. */
export async function engineWorker(page: Page): Promise<Worker> {
	await expect.poll(() => engineWorkers(page).length).toBeGreaterThan(0);
	return engineWorkers(page)[0];
}
