import type { IDBPDatabase } from 'idb';
import type { ScopeDB } from '$lib/storage/db';
import { pageDB } from './page-db';
import { listProfiles, saveProfile } from '$lib/storage/profiles';
import { assignColors } from '$lib/shared/charts/palette';
import {
	generateClientId,
	type Profile,
	type ProfileDraft,
	type ProtoSchema
} from '$lib/shared/profile/profile';
import { forgetConnected } from './connected-set';
import { engine } from './engine';
import { vault } from './vault.svelte';

/** Saved connection profiles and which one is selected. */
export class ProfilesState {
	#list = $state.raw<Profile[]>([]);
	#selectedId = $state<string | undefined>(undefined);
	#loaded = $state(false);
	#firstLoad: Promise<void> | undefined;
	/** Passwords the user typed but did not ask to remember: this tab's memory only. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- never rendered
	#sessionPasswords = new Map<string, string>();

	/** Every profile, oldest first, temporary ones from deep links among them. */
	get list(): Profile[] {
		return this.#list;
	}

	/** Whether the stored profiles have been read. */
	get loaded(): boolean {
		return this.#loaded;
	}

	/** The selected profile, if any. */
	get selected(): Profile | undefined {
		return this.#list.find((p) => p.id === this.#selectedId);
	}

	/** Reads the stored profiles (and opens the remembered passwords that need no passcode). */
	async load(): Promise<void> {
		// The vault seals and clears the plain passwords an older version kept in the profiles,
		// while they are read: the list is taken as it is stored once sealed (no password).
		const [, listed] = await Promise.all([
			vault.load(),
			this.#database().then((db) => listProfiles(db))
		]);
		const stored = listed.map((p) => (p.password ? { ...p, password: '' } : p));
		// A link's profile added while the list was being read is not lost.
		const added = this.#list.filter((p) => !stored.some((s) => s.id === p.id));
		this.#list = [...stored, ...added];
		const remembered = rememberedProfileId();
		this.#selectedId ??= this.#list.some((p) => p.id === remembered)
			? remembered
			: this.#list[0]?.id;
		this.#loaded = true;
	}

	/** Reads the stored profiles as the app starts; later calls wait for that same read. */
	loadOnStart(): Promise<void> {
		this.#firstLoad ??= this.load();
		return this.#firstLoad;
	}

	/** Selects a profile by id. */
	select(id: string): void {
		this.#selectedId = id;
		rememberSelected(id);
	}

	/**
	 * The password to connect with: the remembered one or the one typed this session ('' while
	 * the vault is locked: see passwordToConnect).
	 */
	passwordFor(profile: Profile): string {
		const remembered = profile.rememberPassword ? vault.passwordOf(profile.id) : undefined;
		return remembered ?? this.#sessionPasswords.get(profile.id) ?? '';
	}

	/**
	 * The password to connect with, asking for the app passcode first when the remembered one is
	 * locked; undefined when the user closes that prompt (then do not connect).
	 */
	async passwordToConnect(profile: Profile): Promise<string | undefined> {
		const locked = profile.rememberPassword && vault.remembers(profile.id) && vault.locked;
		if (locked && !(await vault.requestUnlock())) return undefined;
		return this.passwordFor(profile);
	}

	/** Creates or updates a profile from the form; returns it. */
	async save(draft: ProfileDraft, id?: string): Promise<Profile> {
		const now = Date.now();
		const existing = this.#list.find((p) => p.id === id);
		const profile: Profile = {
			...draft,
			// Each subscription keeps a colour from now on, so editing the list moves no colour
			// and a reload colours stored messages as before (see subscription-color.ts).
			subscriptions: assignColors(draft.subscriptions),
			// Owned by the payload view (setPayloadFormat/setProtoSchema): a form opened earlier
			// holds a stale copy and must not undo choices made since.
			payloadFormats: existing?.payloadFormats ?? draft.payloadFormats,
			protoSchema: existing ? existing.protoSchema : draft.protoSchema,
			id: id ?? crypto.randomUUID(),
			createdAt: existing?.createdAt ?? now,
			updatedAt: now
		};
		this.#sessionPasswords.set(profile.id, draft.password);
		// Kept in memory and in the vault only: the list and the profiles store never hold it.
		profile.password = '';
		await saveProfile(await this.#database(), profile);
		if (!profile.temporary) await this.#storePassword(profile, draft.password);
		this.#replace(profile);
		this.select(profile.id);
		return profile;
	}

	async #storePassword(profile: Profile, password: string): Promise<void> {
		if (!profile.rememberPassword) return vault.forget(profile.id);
		// A locked vault shows an empty password field: saving it unchanged keeps the stored one.
		if (!password && vault.locked && vault.remembers(profile.id)) return;
		// Passcode prompt closed: the password still works in this tab (#sessionPasswords).
		await vault.remember(profile.id, password);
	}

	/** Remembers the payload view format for a topic; undefined goes back to auto-detection. */
	async setPayloadFormat(profileId: string, topic: string, format: string | undefined) {
		const profile = this.#list.find((p) => p.id === profileId);
		if (!profile) return;
		const payloadFormats = { ...profile.payloadFormats };
		if (format === undefined) delete payloadFormats[topic];
		else payloadFormats[topic] = format;
		await this.#update({ ...profile, payloadFormats });
	}

	/** Saves the colour of one of the profile's on-connect subscriptions (others are ignored). */
	async setSubscriptionColor(profileId: string, filter: string, color: string): Promise<void> {
		const profile = this.#list.find((p) => p.id === profileId);
		if (!profile?.subscriptions.some((s) => s.filter === filter)) return;
		// Colours given by position are written down with it, so none of them moves later.
		const subscriptions = assignColors(profile.subscriptions).map((s) =>
			s.filter === filter ? { ...s, color } : s
		);
		await this.#update({ ...profile, subscriptions });
	}

	/** Stores (or, with undefined, forgets) the .proto a profile decodes protobuf payloads with. */
	async setProtoSchema(profileId: string, schema: ProtoSchema | undefined): Promise<void> {
		const profile = this.#list.find((p) => p.id === profileId);
		if (!profile) return;
		await this.#update({ ...profile, protoSchema: schema });
	}

	/**
	 * Adds the temporary profile of a deep link the user connected, and selects it. It is stored
	 * at once, so its history still has an owner after a reload; it stays temporary until kept.
	 */
	async addTemporary(draft: ProfileDraft): Promise<Profile> {
		const now = Date.now();
		const profile: Profile = {
			...draft,
			id: `temp-${crypto.randomUUID()}`,
			temporary: true,
			createdAt: now,
			updatedAt: now
		};
		this.#sessionPasswords.set(profile.id, draft.password);
		this.#replace(profile);
		this.select(profile.id);
		await saveProfile(await this.#database(), profile);
		return profile;
	}

	/** Turns a temporary profile into a saved one, keeping its history. */
	async keep(id: string): Promise<void> {
		const profile = this.#list.find((p) => p.id === id);
		if (!profile?.temporary) return;
		await this.#update({ ...profile, temporary: undefined, updatedAt: Date.now() });
	}

	/** Saves a copy of a profile under a new name and client ID. */
	async duplicate(id: string): Promise<Profile | undefined> {
		const source = this.#list.find((p) => p.id === id);
		if (!source) return undefined;
		const { id: _id, createdAt: _c, updatedAt: _u, temporary: _t, ...draft } = source;
		return this.save({
			...draft,
			password: this.passwordFor(source),
			name: `${source.name} (copy)`,
			clientId: generateClientId()
		});
	}

	/**
	 * Deletes a profile with everything kept for it (one engine command: its session ends and
	 * every stored row of it goes); a temporary one is discarded the same way.
	 */
	async remove(id: string): Promise<void> {
		await engine().deleteProfile(id);
		forgetConnected(id); // nothing left to reconnect when the app opens next
		this.#list = this.#list.filter((p) => p.id !== id);
		this.#sessionPasswords.delete(id);
		// The engine's delete took its sealed row too; this drops the opened copy in memory.
		await vault.forget(id);
		if (this.#selectedId === id) this.#selectedId = this.#list[0]?.id;
	}

	async #update(profile: Profile): Promise<void> {
		// Shown at once; stored after.
		this.#replace(profile);
		await saveProfile(await this.#database(), $state.snapshot(profile));
	}

	#replace(profile: Profile): void {
		const others = this.#list.filter((p) => p.id !== profile.id);
		const index = this.#list.findIndex((p) => p.id === profile.id);
		this.#list = index < 0 ? [...others, profile] : this.#list.with(index, profile);
	}

	#database(): Promise<IDBPDatabase<ScopeDB>> {
		return pageDB();
	}
}

/** Where the selected profile is remembered: a view preference, so localStorage, not IndexedDB. */
const SELECTED_KEY = 'mqtt-scope:selected-profile';

/** The profile selected when the app last ran (undefined when none, or storage is off). */
export function rememberedProfileId(): string | undefined {
	try {
		return localStorage.getItem(SELECTED_KEY) ?? undefined;
	} catch {
		return undefined; // storage disabled: start with the first profile
	}
}

function rememberSelected(id: string): void {
	try {
		localStorage.setItem(SELECTED_KEY, id);
	} catch {
		// storage disabled: the choice lasts for this page only
	}
}

/** The app's profiles. */
export const profiles = new ProfilesState();
