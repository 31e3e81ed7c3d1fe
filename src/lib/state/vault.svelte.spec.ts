// The vault as the page uses it, on fake-indexeddb and Node's real Web Crypto.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openScopeDB } from '$lib/storage/db';
import { VaultState } from './vault.svelte';

let dbCount = 0;
/** A vault on a fresh database, and a second one on the same database (a reload). */
function vaults() {
	const name = `vault-state-${++dbCount}`;
	const make = () => {
		const db = openScopeDB(name);
		// Few PBKDF2 rounds: these tests are about the flow, secret-box.spec.ts about the rounds.
		return new VaultState(() => db, 1000);
	};
	return { first: make(), reload: make };
}

describe('VaultState', () => {
	it('opens remembered passwords on load when no passcode is set', async () => {
		const { first, reload } = vaults();
		await first.load();
		expect(await first.remember('p1', 'pw-one')).toBe(true);
		const again = reload();
		await again.load();
		expect(again.locked).toBe(false);
		expect(again.passwordOf('p1')).toBe('pw-one');
	});

	it('with a passcode, starts locked and opens only after the right passcode', async () => {
		const { first, reload } = vaults();
		await first.load();
		await first.remember('p1', 'pw-one');
		expect(await first.setPasscode('1234', '1235')).toMatch(/differ/);
		expect(await first.setPasscode('1234', '1234')).toBeUndefined();
		expect(first.locked).toBe(false);

		const again = reload();
		await again.load();
		expect(again.hasPasscode).toBe(true);
		expect(again.locked).toBe(true);
		expect(again.remembers('p1')).toBe(true);
		expect(again.passwordOf('p1')).toBeUndefined();
		expect(await again.unlock('0000')).toBe(false);
		expect(again.locked).toBe(true);
		expect(await again.unlock('1234')).toBe(true);
		expect(again.passwordOf('p1')).toBe('pw-one');

		again.lock();
		expect(again.passwordOf('p1')).toBeUndefined();
	});

	it('asks for the passcode before storing while locked, and stores nothing when refused', async () => {
		const { first, reload } = vaults();
		await first.load();
		await first.setPasscode('1234', '1234');
		const again = reload();
		await again.load();

		const refused = again.remember('p2', 'new-pw');
		expect(again.asking).toBe(true);
		again.cancelUnlock();
		expect(await refused).toBe(false);
		expect(again.remembers('p2')).toBe(false);

		const accepted = again.remember('p2', 'new-pw');
		expect(again.asking).toBe(true);
		expect(await again.unlock('1234')).toBe(true);
		expect(await accepted).toBe(true);
		expect(again.asking).toBe(false);
		const third = reload();
		await third.load();
		await third.unlock('1234');
		expect(third.passwordOf('p2')).toBe('new-pw');
	});

	it('removes the passcode only with it, and forgets everything on request', async () => {
		const { first, reload } = vaults();
		await first.load();
		await first.remember('p1', 'pw-one');
		await first.setPasscode('1234', '1234');
		expect(await first.removePasscode('9999')).toMatch(/not the passcode/);
		expect(await first.removePasscode('1234')).toBeUndefined();
		const again = reload();
		await again.load();
		expect(again.locked).toBe(false);
		expect(again.passwordOf('p1')).toBe('pw-one');

		await again.setPasscode('5678', '5678');
		await again.forgetAll();
		const third = reload();
		await third.load();
		expect(third.hasPasscode).toBe(false);
		expect(third.remembers('p1')).toBe(false);
	});
});
