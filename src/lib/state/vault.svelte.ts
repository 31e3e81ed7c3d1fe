// Remembered passwords on the page: opened from the vault (storage/vault.ts) once, kept in this
// tab's memory, and, when an app passcode is set, usable only after it is entered.
import type { IDBPDatabase } from 'idb';
import type { ScopeDB } from '$lib/storage/db';
import { pageDB } from './page-db';
import * as stored from '$lib/storage/vault';

/** Passcode checks and key derivation (Web Crypto), fetched when a passcode is set or entered. */
const secretBox = () => import('$lib/shared/profile/secret-box');

/** The vault as the page sees it: locked or open, and the passwords it opened. */
export class VaultState {
	#db: () => Promise<IDBPDatabase<ScopeDB>>;
	#hasPasscode = $state(false);
	#locked = $state(false);
	#asking = $state(false);
	#passcodeKey: CryptoKey | undefined;
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- never rendered
	#passwords = new Map<string, string>();
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- never rendered
	#remembered = new Set<string>();
	#answer: ((unlocked: boolean) => void) | undefined;

	#iterations: number | undefined;

	/** `iterations`: PBKDF2 rounds of a new passcode (tests use fewer; default in secret-box.ts). */
	constructor(db: () => Promise<IDBPDatabase<ScopeDB>>, iterations?: number) {
		this.#db = db;
		this.#iterations = iterations;
	}

	/** Whether an app passcode protects the remembered passwords. */
	get hasPasscode(): boolean {
		return this.#hasPasscode;
	}

	/** Whether a passcode is set and has not been entered in this tab. */
	get locked(): boolean {
		return this.#locked;
	}

	/** Whether the unlock prompt is waiting for the passcode. */
	get asking(): boolean {
		return this.#asking;
	}

	/** Seals passwords an older version left in plain text, then opens what needs no passcode. */
	async load(): Promise<void> {
		const db = await this.#db();
		await stored.sealPlainPasswords(db);
		// Read side by side, not one after the other: the profiles, and so the first screen,
		// wait for the vault.
		const [remembered, passcode, passwords] = await Promise.all([
			stored.rememberedIds(db),
			stored.passcodeRecord(db),
			stored.openPasswords(db, this.#passcodeKey)
		]);
		this.#remembered = remembered;
		this.#hasPasscode = passcode !== undefined;
		this.#locked = this.#hasPasscode && !this.#passcodeKey;
		this.#passwords = passwords;
	}

	/** A profile's remembered password; undefined when none is stored or the vault is locked. */
	passwordOf(profileId: string): string | undefined {
		return this.#passwords.get(profileId);
	}

	/** Whether a password is stored for the profile (opened or still locked). */
	remembers(profileId: string): boolean {
		return this.#remembered.has(profileId);
	}

	/** Seals and stores a profile's password; asks for the passcode first when locked. */
	async remember(profileId: string, password: string): Promise<boolean> {
		if (this.#locked && !(await this.requestUnlock())) return false;
		await stored.storePassword(await this.#db(), profileId, password, this.#passcodeKey);
		if (password) {
			this.#passwords.set(profileId, password);
			this.#remembered.add(profileId);
		} else this.#forgetInMemory(profileId);
		return true;
	}

	/** Forgets a profile's remembered password. */
	async forget(profileId: string): Promise<void> {
		await stored.forgetPassword(await this.#db(), profileId);
		this.#forgetInMemory(profileId);
	}

	/** Enters the passcode; false when it is wrong. */
	async unlock(passcode: string): Promise<boolean> {
		const db = await this.#db();
		const record = await stored.passcodeRecord(db);
		if (!record) return true;
		const key = await (await secretBox()).unlockPasscode(passcode, record);
		if (!key) return false;
		this.#passcodeKey = key;
		this.#passwords = await stored.openPasswords(db, key);
		this.#locked = false;
		this.#settle(true);
		return true;
	}

	/** Forgets the passcode's key and the opened passwords until the passcode is entered again. */
	lock(): void {
		if (!this.#hasPasscode) return;
		this.#passcodeKey = undefined;
		this.#passwords.clear();
		this.#locked = true;
	}

	/** Shows the unlock prompt; resolves true once unlocked, false when the user gives up. */
	requestUnlock(): Promise<boolean> {
		if (!this.#locked) return Promise.resolve(true);
		this.#settle(false);
		this.#asking = true;
		return new Promise((resolve) => (this.#answer = resolve));
	}

	/** Closes the unlock prompt without unlocking. */
	cancelUnlock(): void {
		this.#settle(false);
	}

	/**
	 * Sets or changes the passcode (the vault must be open); returns why it cannot be used, or
	 * undefined once every remembered password is sealed under it.
	 */
	async setPasscode(passcode: string, repeated: string): Promise<string | undefined> {
		const problem = (await secretBox()).passcodeProblem(passcode, repeated);
		if (problem) return problem;
		if (this.#locked) return 'Enter the current passcode first.';
		this.#passcodeKey = await stored.setPasscode(
			await this.#db(),
			passcode,
			this.#passwords,
			this.#iterations
		);
		this.#hasPasscode = true;
		return undefined;
	}

	/** Removes the passcode after checking it; returns why not, or undefined when removed. */
	async removePasscode(passcode: string): Promise<string | undefined> {
		if (!(await this.unlock(passcode))) return 'That is not the passcode.';
		await stored.removePasscode(await this.#db(), this.#passwords);
		this.#passcodeKey = undefined;
		this.#hasPasscode = false;
		return undefined;
	}

	/** Forgets every remembered password and the passcode (a forgotten passcode's way out). */
	async forgetAll(): Promise<void> {
		await stored.forgetAll(await this.#db());
		this.#passcodeKey = undefined;
		this.#passwords.clear();
		this.#remembered.clear();
		this.#hasPasscode = this.#locked = false;
	}

	#forgetInMemory(profileId: string): void {
		this.#passwords.delete(profileId);
		this.#remembered.delete(profileId);
	}

	#settle(unlocked: boolean): void {
		this.#asking = false;
		const answer = this.#answer;
		this.#answer = undefined;
		answer?.(unlocked);
	}
}

/** The app's vault of remembered passwords. */
export const vault = new VaultState(pageDB);
