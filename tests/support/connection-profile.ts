/**
 * Creates a profile through the form with the connection options the resilience specs need
 * (client ID, clean start, session expiry, keepalive, backoff, last will, subscription QoS).
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { connectionBar, fillProfileForm, profileForm, type ProfileInput } from './app';

/** A profile's form input beyond what createProfile fills. */
export interface ConnectionProfileInput extends Omit<ProfileInput, 'subscriptions'> {
	clientId?: string;
	cleanStart?: boolean;
	keepalive?: number;
	/** MQTT 5 only. */
	sessionExpiry?: number;
	backoffMin?: number;
	backoffMax?: number;
	/** Subscribed on connect, each with its QoS. */
	subscriptions?: { filter: string; qos: 0 | 1 | 2 }[];
	will?: { topic: string; payload: string; qos: 0 | 1 | 2 };
	/** More broker nodes, tried in order after the URL (a cluster, or a standby). */
	failoverUrls?: string[];
}

/** Fills "+ New" with `input` and saves; the new profile ends up selected. */
export async function createConnectionProfile(
	page: Page,
	input: ConnectionProfileInput
): Promise<void> {
	await page.getByRole('button', { name: '+ New' }).click();
	const form = profileForm(page);
	await fillProfileForm(form, { ...input, subscriptions: [] });
	for (const [i, url] of (input.failoverUrls ?? []).entries()) {
		await form.getByRole('button', { name: '+ Add a broker node' }).click();
		await form.getByRole('textbox', { name: `Broker node ${i + 2}`, exact: true }).fill(url);
	}
	if (input.clientId !== undefined) await form.getByLabel('Client ID').fill(input.clientId);
	if (input.keepalive !== undefined) {
		await form.getByLabel('Keepalive (s)').fill(String(input.keepalive));
	}
	if (input.cleanStart !== undefined) {
		await form.getByRole('checkbox', { name: 'Clean start' }).setChecked(input.cleanStart);
	}
	const options = [input.sessionExpiry, input.backoffMin, input.backoffMax];
	if (options.some((v) => v !== undefined)) {
		await openDetails(form, 'Connection options');
		// Max first: the form checks min ≤ max.
		if (input.backoffMax !== undefined) {
			await form.getByLabel('Reconnect delay max (s)').fill(String(input.backoffMax));
		}
		if (input.backoffMin !== undefined) {
			await form.getByLabel('Reconnect delay min (s)').fill(String(input.backoffMin));
		}
		if (input.sessionExpiry !== undefined) {
			await form.getByLabel('Session expiry (s)').fill(String(input.sessionExpiry));
		}
	}
	if (input.will) {
		await openDetails(form, 'Last will');
		await form.getByLabel('Send a last will').check();
		await form.getByLabel('Will topic').fill(input.will.topic);
		await form.getByLabel('Will QoS').selectOption({ label: `QoS ${input.will.qos}` });
		await form.getByLabel('Will payload').fill(input.will.payload);
	}
	for (const sub of input.subscriptions ?? []) {
		await form.getByRole('button', { name: '+ Add subscription' }).click();
		await form.getByLabel('Topic filter').last().fill(sub.filter);
		await form
			.getByLabel('QoS', { exact: true })
			.last()
			.selectOption({ label: `QoS ${sub.qos}` });
	}
	await form.getByRole('button', { name: 'Save' }).click();
	await expect(form).toBeHidden();
	await expect(connectionBar(page).getByText(input.name, { exact: true })).toBeVisible();
}

async function openDetails(form: Locator, summary: string): Promise<void> {
	const details = form.locator('details', {
		has: form.page().locator('summary', { hasText: summary })
	});
	if ((await details.getAttribute('open')) === null) {
		await details.locator('summary').click();
	}
}

/** Rows whose topic starts with `prefix` (only the rendered ones: the list is virtual). */
export function rowsUnder(page: Page, prefix: string): Locator {
	return page.locator(
		`[data-testid="message-row"][data-topic^="${prefix.replace(/["\\]/g, '\\$&')}"]`
	);
}

/** A random suffix for client IDs that must be unique on the shared broker. */
export function randomId(label: string): string {
	return `e2e-${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}
