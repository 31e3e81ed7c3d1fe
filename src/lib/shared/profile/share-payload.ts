/**
 * What a share link carries: a profile's broker address, MQTT options and subscriptions, and
 * optionally its dashboard tiles and alert rules — never a secret. Also the checks that turn an
 * untrusted payload back into a profile draft (the codec is in share-link.ts).
 */
import type { AlertRule } from '../alerts/alert-rules';
import type { Tile } from '../dashboards/dashboard';
import { readDashboardParts } from '../dashboards/dashboard-file';
import { brokerUrls, defaultDraft, type ProfileDraft, type SubscriptionSpec } from './profile';
import { failoverUrlErrors, validateBrokerUrl, validateProfile } from './profile-validation';
import { validateTopicFilter } from '../mqtt/topic';
import {
	MAX_SHARED_ALERTS,
	MAX_SHARED_LIST,
	MAX_SHARED_NODES,
	MAX_SHARED_STRING,
	MAX_SHARED_SUBSCRIPTIONS,
	MAX_SHARED_TILES
} from './share-limits';

/** A tile or rule as shared: its id is left out (the importer gives fresh ones). */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** The JSON a share link carries (version 1): only fields that differ from the defaults. */
export interface SharePayload {
	profile: SharedProfile;
	tiles?: WithoutId<Tile>[];
	alerts?: Omit<AlertRule, 'id'>[];
}

/** The profile fields a share link carries; everything else is left to the importer's defaults. */
export const SHARED_PROFILE_FIELDS = [
	'name',
	'url',
	'failoverUrls',
	'protocolVersion',
	'cleanStart',
	'keepalive',
	'connectTimeout',
	'sessionExpiryInterval',
	'receiveMaximum',
	'maximumPacketSize',
	'topicAliasMaximum',
	'requestResponseInformation',
	'requestProblemInformation',
	'backoffMin',
	'backoffMax',
	'subscriptions'
] as const satisfies readonly (keyof ProfileDraft)[];

/** The shared part of a profile. */
export type SharedProfile = Partial<Pick<ProfileDraft, (typeof SHARED_PROFILE_FIELDS)[number]>>;

/** Said in the share dialog: what a share link never carries, and why. */
export const NEVER_SHARED =
	'Never shared: the password, the username (some brokers take a token there), the client ID ' +
	'(two clients with one ID throw each other off), CONNECT user properties, the last will ' +
	'(its payload and properties can hold device secrets), the part of the address after "?" ' +
	'(it can hold a signed token), and this device’s history settings.';

/**
 * The payload of a share link for a profile; with `dashboard`, its tiles and alert rules too.
 * Fields left at their defaults are omitted so the link (and its QR code) stays small.
 */
export function sharePayload(
	profile: ProfileDraft,
	dashboard?: { tiles: Tile[]; alerts: AlertRule[] }
): SharePayload {
	const defaults = defaultDraft();
	const shared: Record<string, unknown> = {};
	for (const field of SHARED_PROFILE_FIELDS) {
		const value = field === 'url' ? withoutQuery(profile.url) : profile[field];
		if (field === 'subscriptions') {
			if (profile.subscriptions.length) shared.subscriptions = profile.subscriptions.map(shareSub);
		} else if (field === 'failoverUrls') {
			// Added to version 1 as an optional field: older apps read such a link as its first node.
			if (profile.failoverUrls?.length)
				shared.failoverUrls = profile.failoverUrls.map(withoutQuery);
		} else if (value !== undefined && value !== null && value !== defaults[field]) {
			shared[field] = value;
		}
	}
	const payload: SharePayload = { profile: shared as SharedProfile };
	if (dashboard?.tiles.length) payload.tiles = dashboard.tiles.map(({ id: _id, ...t }) => t);
	if (dashboard?.alerts.length) payload.alerts = dashboard.alerts.map(({ id: _id, ...r }) => r);
	return payload;
}

/**
 * What this profile has that its share link leaves out, in words, for the share dialog: e.g.
 * ["the password", "2 CONNECT user properties"]. Empty when nothing of note is left out.
 */
export function leftOutOfShare(profile: ProfileDraft): string[] {
	const out: string[] = [];
	if (profile.password) out.push('the password');
	if (profile.username) out.push('the username');
	const props = profile.userProperties.length;
	if (props) out.push(`${props} CONNECT user ${props === 1 ? 'property' : 'properties'}`);
	if (profile.will.enabled) out.push('the last will');
	if (brokerUrls(profile).some((url) => withoutQuery(url) !== url)) {
		out.push('the address’s “?…” part');
	}
	return out;
}

/** A connection read from a share link: a profile draft to confirm, and its dashboard if shared. */
export interface SharedConnection {
	draft: ProfileDraft;
	dashboard?: { tiles: Tile[]; alerts: AlertRule[] };
}

/** A share payload read back, or why it was refused (in words a user understands). */
export type SharedConnectionResult = { shared: SharedConnection } | { error: string };

/**
 * Checks an untrusted, already parsed payload and builds the draft it describes: types first,
 * then the same validators the profile form, tile editor and alert form use. The draft gets a
 * fresh client ID and no credentials.
 */
export function readSharePayload(
	data: unknown,
	newId: () => string = () => crypto.randomUUID()
): SharedConnectionResult {
	const shape = checkShape(data);
	if (shape) return { error: `This link is not a valid shared connection: ${shape}` };
	if (!isRecord(data) || !isRecord(data.profile)) {
		return { error: 'This link is not a valid shared connection: it describes no connection.' };
	}
	const draft = readProfile(data.profile);
	if (typeof draft === 'string') return { error: draft };
	const tilesIn = data.tiles ?? [];
	const alertsIn = data.alerts ?? [];
	if (!Array.isArray(tilesIn) || !Array.isArray(alertsIn)) {
		return { error: 'This link is not a valid shared connection: its dashboard is not a list.' };
	}
	if (tilesIn.length > MAX_SHARED_TILES) {
		return {
			error: `This link has ${tilesIn.length} dashboard tiles; at most ${MAX_SHARED_TILES} can be shared.`
		};
	}
	if (alertsIn.length > MAX_SHARED_ALERTS) {
		return {
			error: `This link has ${alertsIn.length} alert rules; at most ${MAX_SHARED_ALERTS} can be shared.`
		};
	}
	if (!tilesIn.length && !alertsIn.length) return { shared: { draft } };
	const dashboard = readDashboardParts(tilesIn, alertsIn, newId);
	if ('error' in dashboard)
		return { error: `The shared dashboard cannot be used. ${dashboard.error}` };
	return { shared: { draft, dashboard } };
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Walks the whole payload once (its nesting was bounded before parsing) and names the first
 * list, text or size beyond what any real connection needs; undefined when all are within.
 */
function checkShape(data: unknown): string | undefined {
	const pending: unknown[] = [data];
	let nodes = 0;
	while (pending.length) {
		const value = pending.pop();
		if (++nodes > MAX_SHARED_NODES) return 'it holds far more values than a connection has.';
		if (typeof value === 'string') {
			if (value.length > MAX_SHARED_STRING) {
				return `a text in it is ${value.length} characters long; at most ${MAX_SHARED_STRING} are allowed.`;
			}
		} else if (Array.isArray(value)) {
			if (value.length > MAX_SHARED_LIST) {
				return `a list in it has ${value.length} entries; at most ${MAX_SHARED_LIST} are allowed.`;
			}
			pending.push(...value);
		} else if (isRecord(value)) {
			const values = Object.values(value);
			if (values.length > MAX_SHARED_LIST) return 'an entry in it has too many fields.';
			pending.push(...values);
		}
	}
	return undefined;
}

/** The profile a payload describes, checked like the profile form does, or why it cannot be. */
function readProfile(raw: Json): ProfileDraft | string {
	const draft = defaultDraft();
	const wrong = (field: string, expected: string) =>
		`This link is not a valid shared connection: its "${field}" should be ${expected}.`;
	if (typeof raw.url !== 'string') return wrong('url', 'the broker address');
	// The page's own protocol is checked by the form the user confirms (ws:// from https).
	const urlProblem = validateBrokerUrl(raw.url);
	if (urlProblem) return `The broker address in this link cannot be used: ${urlProblem}`;
	if (raw.name !== undefined && typeof raw.name !== 'string') return wrong('name', 'text');
	draft.url = raw.url;
	draft.name = raw.name ?? `Shared: ${raw.url}`;
	if (raw.failoverUrls !== undefined) {
		const nodes = raw.failoverUrls;
		if (!Array.isArray(nodes) || nodes.some((url) => typeof url !== 'string')) {
			return wrong('failoverUrls', 'a list of broker addresses');
		}
		draft.failoverUrls = nodes as string[];
		const nodeProblem = failoverUrlErrors(draft).find(Boolean);
		if (nodeProblem) return `A broker address in this link cannot be used: ${nodeProblem}`;
	}
	for (const field of [
		'protocolVersion',
		'keepalive',
		'connectTimeout',
		'sessionExpiryInterval',
		'backoffMin',
		'backoffMax'
	] as const) {
		if (raw[field] === undefined) continue;
		if (typeof raw[field] !== 'number') return wrong(field, 'a number');
		draft[field] = raw[field] as never;
	}
	if (draft.protocolVersion !== 4 && draft.protocolVersion !== 5) {
		return wrong('protocolVersion', '4 (MQTT 3.1.1) or 5 (MQTT 5)');
	}
	for (const field of ['receiveMaximum', 'maximumPacketSize', 'topicAliasMaximum'] as const) {
		if (raw[field] === undefined) continue;
		if (typeof raw[field] !== 'number') return wrong(field, 'a number');
		draft[field] = raw[field];
	}
	for (const field of [
		'cleanStart',
		'requestResponseInformation',
		'requestProblemInformation'
	] as const) {
		if (raw[field] === undefined) continue;
		if (typeof raw[field] !== 'boolean') return wrong(field, 'true or false');
		draft[field] = raw[field];
	}
	const subs = raw.subscriptions ?? [];
	if (!Array.isArray(subs)) return wrong('subscriptions', 'a list');
	if (subs.length > MAX_SHARED_SUBSCRIPTIONS) {
		return `This link has ${subs.length} subscriptions; at most ${MAX_SHARED_SUBSCRIPTIONS} can be shared.`;
	}
	for (const [i, rawSub] of subs.entries()) {
		const sub = readSubscription(rawSub);
		if (typeof sub === 'string') return `Subscription ${i + 1} in this link cannot be used: ${sub}`;
		draft.subscriptions.push(sub);
	}
	const problems = Object.values(validateProfile(draft));
	if (problems.length) return `The connection in this link cannot be used: ${problems.join(' ')}`;
	return draft;
}

/** A subscription from untrusted JSON, its options type-checked, or why it is not one. */
function readSubscription(raw: unknown): SubscriptionSpec | string {
	if (!isRecord(raw) || typeof raw.filter !== 'string') return 'it has no topic filter.';
	const filterProblem = validateTopicFilter(raw.filter);
	if (filterProblem) return filterProblem;
	const qos = raw.qos ?? 0;
	if (qos !== 0 && qos !== 1 && qos !== 2) return 'its QoS must be 0, 1 or 2.';
	const sub: SubscriptionSpec = { filter: raw.filter, qos };
	for (const flag of ['noLocal', 'retainAsPublished'] as const) {
		if (raw[flag] === undefined) continue;
		if (typeof raw[flag] !== 'boolean') return `"${flag}" must be true or false.`;
		sub[flag] = raw[flag];
	}
	if (raw.retainHandling !== undefined) {
		const rh = raw.retainHandling;
		if (rh !== 0 && rh !== 1 && rh !== 2) return 'retain handling must be 0, 1 or 2.';
		sub.retainHandling = rh;
	}
	if (raw.subscriptionIdentifier !== undefined) {
		const id = raw.subscriptionIdentifier;
		if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id > 268_435_455) {
			return 'its subscription identifier must be a whole number from 1 to 268,435,455.';
		}
		sub.subscriptionIdentifier = id;
	}
	return sub;
}

/** A subscription as shared: its MQTT options, not the colour this device gave it. */
function shareSub(sub: SubscriptionSpec): SubscriptionSpec {
	const out: SubscriptionSpec = { filter: sub.filter, qos: sub.qos };
	if (sub.noLocal) out.noLocal = true;
	if (sub.retainAsPublished) out.retainAsPublished = true;
	if (sub.retainHandling) out.retainHandling = sub.retainHandling;
	if (sub.subscriptionIdentifier) out.subscriptionIdentifier = sub.subscriptionIdentifier;
	return out;
}

/** The broker address without its query and fragment, which can hold signed tokens. */
function withoutQuery(url: string): string {
	const cut = url.search(/[?#]/);
	return cut < 0 ? url : url.slice(0, cut);
}
