// A link the app was opened with (?url=… or a #share=… link) or that the user pasted: the prompt
// that confirms its connection, or why it cannot be used. Shared by the phone and desktop layouts.
import type { DeepLink } from '$lib/shared/profile/deep-link';
import type { ProfileDraft } from '$lib/shared/profile/profile';
import { connections } from './connection.svelte';
import { dashboard } from './dashboard.svelte';
import { profileEditor } from './profile-editor.svelte';
import { profiles } from './profiles.svelte';

// Share links load their reader on first use, and ?url= links theirs only when the address has
// one, so the first page stays small.
const shareUi = () => import('$lib/ui/connection/share-ui');
const deepLinks = () => import('$lib/shared/profile/deep-link');

/** The link waiting for the user's confirmation, or why the opened one was refused. */
export class LinkPrompt {
	#link = $state.raw<DeepLink | undefined>(undefined);
	#refused = $state<string | undefined>(undefined);
	/** Links of the address still being read (a ?url= and a #share= one may be read at once). */
	#reading = $state(0);

	/**
	 * Whether the address carries a link still being read (its reader loads on first use): the
	 * shells show that instead of a saved connection, whose Connect button would be pressed in
	 * the link's place.
	 */
	get opening(): boolean {
		return this.#reading > 0;
	}

	/** The link to confirm, if any. */
	get link(): DeepLink | undefined {
		return this.#link;
	}

	/** Why the link the app was opened with could not be used. */
	get refused(): string | undefined {
		return this.#refused;
	}

	/** Reads a ?url=… link from the address the app was opened with. */
	async readQuery(): Promise<void> {
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- read once, never rendered
		if (!new URLSearchParams(location.search).has('url')) return;
		this.#reading++;
		try {
			const { parseDeepLink } = await deepLinks();
			this.#link = parseDeepLink(location.search);
		} finally {
			this.#reading--;
		}
	}

	/** A share link (#share=…) opened the app: confirm its connection, or say why it cannot. */
	async readShareFragment(): Promise<void> {
		if (!location.hash.startsWith('#share=')) return;
		this.#reading++;
		try {
			const { readIncomingLink } = await shareUi();
			const result = await readIncomingLink(location.hash);
			// The payload leaves the address bar, so a reload does not ask again.
			history.replaceState(history.state, '', location.pathname + location.search);
			if ('error' in result) this.#refused = result.error;
			else this.open(result);
		} finally {
			this.#reading--;
		}
	}

	/** Shows a link's prompt (instead of an open profile form). */
	open(link: DeepLink): void {
		this.#refused = undefined;
		profileEditor.cancel();
		this.#link = link;
	}

	/** Connects with the confirmed draft: a shared connection is saved, a ?url= one is temporary. */
	async confirm(draft: ProfileDraft): Promise<void> {
		const shared = this.#link?.shared;
		this.#link = undefined;
		history.replaceState(history.state, '', location.pathname);
		if (shared) {
			// A shared connection is saved, with its dashboard stored before the profile opens it.
			const id = crypto.randomUUID();
			const { tiles = [], alerts = [] } = $state.snapshot(shared.dashboard) ?? {};
			if (tiles.length || alerts.length) await dashboard.seed(id, tiles, alerts);
			const saved = await profiles.save(draft, id);
			await connections.connect(saved, draft.password);
			return;
		}
		const temporary = await profiles.addTemporary(draft);
		await connections.connect(temporary, draft.password);
	}

	/** Drops the link without connecting. */
	cancel(): void {
		this.#link = undefined;
		history.replaceState(history.state, '', location.pathname);
	}

	/** Hides the refusal once read. */
	dismissRefusal(): void {
		this.#refused = undefined;
	}
}

/** The app's one link prompt. */
export const linkPrompt = new LinkPrompt();
