import { SvelteMap } from 'svelte/reactivity';
import { isViewFormat, type ViewFormat } from '$lib/shared/payload/payload-formats';
import { profiles } from './profiles.svelte';

/** How a decoded tree is laid out: as a collapsible tree or as indented text. */
export type TreeLayout = 'tree' | 'text';

/**
 * The format (and tree layout) chosen for each topic in the message details, overriding
 * auto-detection. Formats are kept in the profile, so they survive a reload; layouts are a
 * passing view choice and stay in memory.
 */
export class PayloadFormatsState {
	#layouts = new SvelteMap<string, TreeLayout>();

	/** The format chosen for a topic of a profile, or undefined for auto-detection. */
	format(profileId: string, topic: string): ViewFormat | undefined {
		const chosen = profiles.list.find((p) => p.id === profileId)?.payloadFormats[topic];
		// A format id from a newer version of the app falls back to auto-detection.
		return isViewFormat(chosen) ? chosen : undefined;
	}

	/** Chooses a topic's format and remembers it in the profile; undefined goes back to auto. */
	setFormat(profileId: string, topic: string, format: ViewFormat | undefined): Promise<void> {
		return profiles.setPayloadFormat(profileId, topic, format);
	}

	/** The tree layout chosen for a topic, or undefined for the default. */
	layout(topic: string): TreeLayout | undefined {
		return this.#layouts.get(topic);
	}

	/** Chooses how a topic's trees are laid out. */
	setLayout(topic: string, layout: TreeLayout): void {
		this.#layouts.set(topic, layout);
	}
}

/** The app's one set of per-topic payload format choices. */
export const payloadFormats = new PayloadFormatsState();
