// The profile form's state, shared by the desktop (form in the main area) and the phone (form in
// a sheet), so both layouts start, save and cancel an edit the same way.
import { defaultDraft, type ProfileDraft } from '$lib/shared/profile/profile';
import { profiles } from './profiles.svelte';

/** A profile being created or edited: the form's starting values. */
export type ProfileEdit =
	{ mode: 'new'; draft: ProfileDraft } | { mode: 'edit'; id: string; draft: ProfileDraft };

/** Which profile the form edits, if it is open. */
export class ProfileEditor {
	#editing = $state<ProfileEdit | undefined>(undefined);

	/** The open edit, if any. */
	get editing(): ProfileEdit | undefined {
		return this.#editing;
	}

	/** Opens the form on a new profile's defaults. */
	startNew(): void {
		this.#editing = { mode: 'new', draft: defaultDraft() };
	}

	/** Opens the form on a stored profile (with its remembered password). */
	startEdit(id: string): void {
		const found = profiles.list.find((p) => p.id === id);
		if (!found) return;
		const { id: _id, createdAt: _c, updatedAt: _u, ...draft } = found;
		this.#editing = {
			mode: 'edit',
			id,
			draft: { ...draft, password: profiles.passwordFor(found) }
		};
	}

	/** Saves the form's draft and closes it. */
	async save(draft: ProfileDraft): Promise<void> {
		const editing = this.#editing;
		if (!editing) return;
		// Saving a link's temporary profile makes it a real one.
		await profiles.save(
			{ ...draft, temporary: undefined },
			editing.mode === 'edit' ? editing.id : undefined
		);
		this.#editing = undefined;
	}

	/** Closes the form without saving. */
	cancel(): void {
		this.#editing = undefined;
	}
}

/** The app's one profile form. */
export const profileEditor = new ProfileEditor();
