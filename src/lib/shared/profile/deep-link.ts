import type { AlertRule } from '../alerts/alert-rules';
import type { Tile } from '../dashboards/dashboard';
import { defaultDraft, type ProfileDraft, type QoS } from './profile';
import { MAX_SHARED_STRING, MAX_SHARED_SUBSCRIPTIONS } from './share-limits';

/** Most broker nodes a link may list: a cluster has a handful. */
const MAX_LINKED_NODES = 8;

/** What a deep link asks for: a temporary profile, or nothing when the link has no broker URL. */
export interface DeepLink {
	draft: ProfileDraft;
	/** Parameters the link carried that were ignored, and why. */
	ignored: string[];
	/**
	 * Set for a share link (#share=): confirming saves the profile (a `?url=` link connects once,
	 * unsaved), with the shared dashboard tiles and alert rules when the link carries them.
	 */
	shared?: { dashboard?: { tiles: Tile[]; alerts: AlertRule[] } };
}

/**
 * Reads `?url=ws://host:port&url=ws://node2:port&sub=a/%23&sub=b&qos=1&v=4&name=…&clientId=…&username=…`.
 * A repeated `url` lists the nodes of a cluster, tried in order. A link never carries a
 * password: one in the link is dropped and reported.
 */
export function parseDeepLink(search: string): DeepLink | undefined {
	const params = new URLSearchParams(search);
	const [linked, ...allNodes] = params.getAll('url');
	if (!linked) return undefined;
	const ignored: string[] = [];
	// A link is typed by anyone: every value and count has the bounds a share link has.
	const long = [...params.values()].some((value) => value.length > MAX_SHARED_STRING);
	if (long) {
		ignored.push(
			`Values longer than ${MAX_SHARED_STRING} characters were cut to that length; check them below.`
		);
	}
	const moreNodes = allNodes.slice(0, MAX_LINKED_NODES - 1).map(bounded);
	if (allNodes.length > moreNodes.length) {
		ignored.push(`Only the first ${MAX_LINKED_NODES} broker addresses were kept.`);
	}
	const filters = params.getAll('sub');
	if (filters.length > MAX_SHARED_SUBSCRIPTIONS) {
		ignored.push(`Only the first ${MAX_SHARED_SUBSCRIPTIONS} subscriptions were kept.`);
	}
	const {
		url,
		username: urlUsername,
		hadPassword: firstHadPassword
	} = withoutCredentials(bounded(linked));
	const nodes = moreNodes.map(withoutCredentials);
	const hadPassword = firstHadPassword || nodes.some((node) => node.hadPassword);
	if (hadPassword) {
		ignored.push(
			'The broker address contained a password; it was removed. Links never carry passwords: enter yours below.'
		);
	} else if (urlUsername) {
		ignored.push('The broker address contained a username; it was moved to the Username field.');
	}
	const qos = Number(params.get('qos') ?? 0);
	const subQos: QoS = qos === 1 || qos === 2 ? qos : 0;
	const draft: ProfileDraft = {
		...defaultDraft(),
		name: bounded(params.get('name') ?? `Link: ${url}`),
		url,
		...(nodes.length ? { failoverUrls: nodes.map((node) => node.url) } : {}),
		subscriptions: filters
			.slice(0, MAX_SHARED_SUBSCRIPTIONS)
			.map((filter) => ({ filter: bounded(filter), qos: subQos }))
	};
	const version = params.get('v');
	if (version === '4' || version === '3.1.1') draft.protocolVersion = 4;
	const clientId = params.get('clientId');
	if (clientId) draft.clientId = bounded(clientId);
	const username = params.get('username') ?? urlUsername;
	if (username) draft.username = bounded(username);
	if (params.has('password')) {
		ignored.push('The link contained a password; it was ignored. Links never carry passwords.');
	}
	return { draft, ignored };
}

/**
 * The broker address without `user:password@` (a browser's WebSocket ignores it anyway), and the
 * username it held: left in, the password would be copied into the profile's name and saved.
 */
function withoutCredentials(url: string): { url: string; username?: string; hadPassword: boolean } {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return withoutUnparsedCredentials(url);
	}
	if (!parsed.username && !parsed.password) return { url, hadPassword: false };
	const username = decodeUsername(parsed.username);
	const hadPassword = parsed.password !== '';
	parsed.username = '';
	parsed.password = '';
	return { url: parsed.href, username, hadPassword };
}

/**
 * The same for an address the URL parser refuses (the form then explains what is wrong with it):
 * anything between "//" and the last "@" before the path is taken for credentials and dropped,
 * so a password in a malformed link still never reaches the profile's name.
 */
function withoutUnparsedCredentials(url: string): {
	url: string;
	username?: string;
	hadPassword: boolean;
} {
	const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@/i.exec(url);
	if (!match) return { url, hadPassword: false };
	const [whole, scheme, credentials] = match;
	const colon = credentials.indexOf(':');
	const user = colon < 0 ? credentials : credentials.slice(0, colon);
	const username = decodeUsername(user);
	return { url: scheme + url.slice(whole.length), username, hadPassword: colon >= 0 };
}

/** A link's username, percent-decoded; left as written when its escapes are broken ("%E0%A4"). */
function decodeUsername(raw: string): string | undefined {
	try {
		return decodeURIComponent(raw) || undefined;
	} catch {
		return raw || undefined;
	}
}

/** A value from a link cut to MAX_SHARED_STRING characters. */
function bounded(value: string): string {
	return value.length > MAX_SHARED_STRING ? value.slice(0, MAX_SHARED_STRING) : value;
}
