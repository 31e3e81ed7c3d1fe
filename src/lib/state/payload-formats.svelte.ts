import { SvelteMap } from 'svelte/reactivity';
import type { PayloadFormat } from '$lib/shared/payload-formats';

/** How a decoded tree is laid out: as a collapsible tree or as indented text. */
export type TreeLayout = 'tree' | 'text';

/**
 * The format (and tree layout) chosen for each topic in the message details, overriding
 * auto-detection. In memory only for now: keeping the choices in the profile is later work.
 */
export class PayloadFormatsState {
	#formats = new SvelteMap<string, PayloadFormat>();
	#layouts = new SvelteMap<string, TreeLayout>();

	/** The format chosen for a topic, or undefined for auto-detection. */
	format(topic: string): PayloadFormat | undefined {
		return this.#formats.get(topic);
	}

	/** Chooses a topic's format; undefined goes back to auto-detection. */
	setFormat(topic: string, format: PayloadFormat | undefined): void {
		if (format === undefined) this.#formats.delete(topic);
		else this.#formats.set(topic, format);
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
