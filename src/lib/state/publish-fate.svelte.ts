import type { PublishState } from '$lib/shared/mqtt/message';
import type { QoS } from '$lib/shared/profile/profile';
import { on } from './engine';

/** The last publish of a form and what became of it. */
export interface Fate {
	id?: number;
	qos: QoS;
	state: PublishState;
	reason?: string;
}

const FATES: Record<PublishState, string> = {
	pending: 'waiting for the broker…',
	sent: 'sent (QoS 0: the broker does not confirm)',
	acknowledged: 'acknowledged',
	refused: 'refused',
	failed: 'failed'
};

/** A fate in words, naming the acknowledgement packet the QoS calls for. */
export function fateText(fate: Fate): string {
	if (fate.state === 'pending' && fate.qos > 0) {
		return `waiting for ${fate.qos === 1 ? 'PUBACK' : 'PUBREC/PUBCOMP'}…`;
	}
	if (fate.state === 'acknowledged') {
		return `acknowledged (${fate.qos === 2 ? 'PUBCOMP' : 'PUBACK'})`;
	}
	const base = FATES[fate.state];
	return fate.reason ? `${base}: ${fate.reason}` : base;
}

/**
 * Follows the fate of one form's latest publish through engine events. The state of a QoS 0
 * message can arrive before engine().publish() has even returned its id, so early states are
 * kept until the id is known.
 */
export class PublishFate {
	#last = $state<Fate | undefined>(undefined);
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup, never rendered
	#early = new Map<number, { state: PublishState; reason?: string }>();

	/** The latest publish's fate, if any. */
	get last(): Fate | undefined {
		return this.#last;
	}

	/**
	 * Follows a profile's publish states until the returned function is called. The engine says
	 * every state of a publish this way, a failure to send included; the `messages` event's rows
	 * reach the page only while its list is shown.
	 */
	follow(profileId: string): () => void {
		this.#last = undefined;
		return on('publish-state', profileId, (event) =>
			this.#note(event.id, event.state, event.reason)
		);
	}

	/** A publish is about to be sent. */
	sending(qos: QoS): void {
		this.#last = { qos, state: 'pending' };
		this.#early.clear();
	}

	/** The engine returned the record id of the publish being sent. */
	sent(id: number): void {
		const known = this.#early.get(id);
		this.#early.clear();
		if (this.#last && this.#last.id === undefined) this.#last = { ...this.#last, id, ...known };
	}

	/** The publish never reached the engine. */
	forget(): void {
		this.#last = undefined;
	}

	#note(id: number, state: PublishState, reason?: string) {
		const last = this.#last;
		if (last && last.id === id) {
			// A later 'pending' copy of the record must not undo a final state.
			if (state !== 'pending' || last.state === 'pending') this.#last = { ...last, state, reason };
			return;
		}
		if (last?.id === undefined) {
			if (this.#early.size > 200) this.#early.clear();
			if (state !== 'pending' || !this.#early.has(id)) this.#early.set(id, { state, reason });
		}
	}
}
