/**
 * Which colour marks a message row: the colour of the subscription that delivered it.
 *
 * The colour is derived when the row is drawn, not stored with the message. Derived, a colour
 * changed in the Subscriptions panel recolours the rows already listed, and a reload shows the
 * same colours, because the profile's on-connect subscriptions keep their colours in the profile
 * (given when the profile is saved or the swatch changes). Stored per message, rows would keep a
 * colour the user had since changed. What a derived colour cannot cover: a row matched only by a
 * subscription made by hand in an earlier session, which no longer exists; it has no colour.
 */
import { assignColors } from '../charts/palette';
import type { SubscriptionSpec } from './profile';
import { topicMatches } from '../mqtt/topic';

/**
 * The subscription of `list` that delivered a message on `topic`: the one whose subscription
 * identifier the message carries (MQTT 5 §3.3.2.3.8), else the first whose filter matches.
 */
export function deliveringSubscription<T extends SubscriptionSpec>(
	list: readonly T[],
	topic: string,
	subscriptionIdentifier?: number | number[]
): T | undefined {
	const ids = [subscriptionIdentifier ?? []].flat();
	const tagged = ids.length
		? list.find(
				(s) => s.subscriptionIdentifier !== undefined && ids.includes(s.subscriptionIdentifier)
			)
		: undefined;
	return tagged ?? list.find((s) => topicMatches(s.filter, topic));
}

/**
 * The colour of a message's row: from the session's live subscriptions first, then from the
 * profile's on-connect ones (after a reload, before connecting, or once unsubscribed by hand).
 */
export function rowColor(
	live: readonly SubscriptionSpec[],
	onConnect: readonly SubscriptionSpec[],
	topic: string,
	subscriptionIdentifier?: number | number[]
): string | undefined {
	return (
		deliveringSubscription(live, topic, subscriptionIdentifier)?.color ??
		deliveringSubscription(withColors(onConnect), topic, subscriptionIdentifier)?.color
	);
}

// Saved profiles older than stored colours get them by position, the same way on every call.
const coloured = new WeakMap<readonly SubscriptionSpec[], SubscriptionSpec[]>();

/** A profile's on-connect subscriptions, each with a colour (its own, or one by position). */
export function withColors(specs: readonly SubscriptionSpec[]): SubscriptionSpec[] {
	let found = coloured.get(specs);
	if (!found) {
		found = assignColors(specs);
		coloured.set(specs, found);
	}
	return found;
}
