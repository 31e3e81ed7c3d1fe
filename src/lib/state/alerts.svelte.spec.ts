import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AlertLogEntry } from '$lib/shared/alerts/alert-rules';
import type { EngineEvent } from '$lib/shared/engine-api';

const engineEvents = vi.hoisted(() => ({
	listener: undefined as ((events: EngineEvent[]) => void) | undefined
}));

vi.mock('./engine', () => ({
	engine: () => ({ alertLog: async () => [], clearAlertLog: async () => undefined }),
	anyProfile: Symbol('any profile'),
	on: (type: string, _profileId: unknown, handler: (event: EngineEvent) => void) => {
		if (type === 'alert') {
			engineEvents.listener = (events) => events.forEach((event) => handler(event));
		}
		return () => undefined;
	}
}));

const { AlertsState, notificationTag } = await import('./alerts.svelte');

const firing: AlertLogEntry = {
	profileId: 'p',
	id: 1,
	ruleId: 'r',
	ruleName: 'Too hot',
	topic: 's/1/t',
	firedAt: 1000,
	value: '31',
	message: 'temperature 31 is above 30'
};

/** Lets the notification code's awaits run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A browser with notifications `permission`, a service worker (or not) and a vibrator. */
function fakeBrowser(permission: NotificationPermission, withWorker = true) {
	const shown: { title: string; options: Record<string, unknown>; close: () => void }[] = [];
	const closed: string[] = [];
	const asked = { count: 0 };
	class FakeNotification {
		static permission = permission;
		static requestPermission = async () => {
			asked.count++;
			return FakeNotification.permission;
		};
		onclose: (() => void) | null = null;
		readonly tag: string;
		constructor(title: string, options: Record<string, unknown>) {
			this.tag = String(options.tag);
			shown.push({ title, options, close: () => this.close() });
		}
		close() {
			closed.push(this.tag);
		}
	}
	const registration = {
		showNotification: async (title: string, options: Record<string, unknown>) => {
			shown.push({ title, options, close: () => closed.push(String(options.tag)) });
		},
		getNotifications: async ({ tag }: { tag: string }) =>
			shown.filter((n) => n.options.tag === tag).map((n) => ({ close: n.close }))
	};
	const vibrate = vi.fn();
	vi.stubGlobal('Notification', FakeNotification);
	vi.stubGlobal('navigator', {
		vibrate,
		serviceWorker: { getRegistration: async () => (withWorker ? registration : undefined) }
	});
	return { shown, closed, asked, vibrate };
}

describe('alert notifications', () => {
	beforeEach(() => {
		engineEvents.listener = undefined;
	});
	afterEach(() => {
		vi.unstubAllGlobals();
	});

	it('renotifies and vibrates on each firing, and closes the notification when it clears', async () => {
		const browser = fakeBrowser('granted');
		new AlertsState().listen();
		const tag = notificationTag(firing);
		engineEvents.listener!([{ type: 'alert', profileId: firing.profileId, entry: firing }]);
		await settle();
		expect(browser.shown).toHaveLength(1);
		expect(browser.shown[0].title).toBe('Too hot');
		expect(browser.shown[0].options).toMatchObject({
			tag,
			renotify: true,
			vibrate: [200, 100, 200]
		});
		// The notification vibrates; no second vibration from the page.
		expect(browser.vibrate).not.toHaveBeenCalled();

		engineEvents.listener!([
			{ type: 'alert', profileId: firing.profileId, entry: { ...firing, clearedAt: 2000 } }
		]);
		await settle();
		expect(browser.closed).toEqual([tag]);
	});

	it('closes a page notification (no service worker) when its alert clears', async () => {
		const browser = fakeBrowser('granted', false);
		new AlertsState().listen();
		engineEvents.listener!([{ type: 'alert', profileId: firing.profileId, entry: firing }]);
		await settle();
		expect(browser.shown).toHaveLength(1);
		engineEvents.listener!([
			{ type: 'alert', profileId: firing.profileId, entry: { ...firing, clearedAt: 2000 } }
		]);
		await settle();
		expect(browser.closed).toEqual([notificationTag(firing)]);
	});

	it('only vibrates without permission', async () => {
		const browser = fakeBrowser('default');
		new AlertsState().listen();
		engineEvents.listener!([{ type: 'alert', profileId: firing.profileId, entry: firing }]);
		await settle();
		expect(browser.shown).toHaveLength(0);
		expect(browser.vibrate).toHaveBeenCalledOnce();
	});

	it('asks for permission on saving a rule while undecided, once per page load', async () => {
		const undecided = fakeBrowser('default');
		const state = new AlertsState();
		await state.requestPermissionOnSave();
		await state.requestPermissionOnSave();
		expect(undecided.asked.count).toBe(1);
		// The button still asks when the user wants it to.
		await state.requestPermission();
		expect(undecided.asked.count).toBe(2);

		const decided = fakeBrowser('denied');
		const other = new AlertsState();
		expect(await other.requestPermissionOnSave()).toBe('denied');
		expect(decided.asked.count).toBe(0);
	});
});
