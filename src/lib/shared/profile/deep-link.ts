import type { AlertRule } from '../alerts/alert-rules';
import type { Tile } from '../dashboards/dashboard';
import { defaultDraft, type ProfileDraft, type QoS } from './profile';

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
	const [linked, ...moreNodes] = params.getAll('url');
	if (!linked) return undefined;
	const ignored: string[] = [];
	const { url, username: urlUsername, hadPassword: firstHadPassword } = withoutCredentials(linked);
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
		name: params.get('name') ?? `Link: ${url}`,
		url,
		...(nodes.length ? { failoverUrls: nodes.map((node) => node.url) } : {}),
		subscriptions: params.getAll('sub').map((filter) => ({ filter, qos: subQos }))
	};
	const version = params.get('v');
	if (version === '4' || version === '3.1.1') draft.protocolVersion = 4;
	const clientId = params.get('clientId');
	if (clientId) draft.clientId = clientId;
	const username = params.get('username') ?? urlUsername;
	if (username) draft.username = username;
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
	const username = decodeURIComponent(parsed.username) || undefined;
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
	let username: string | undefined;
	try {
		username = decodeURIComponent(user) || undefined;
	} catch {
		username = user || undefined; // a stray % in it: keep it as typed
	}
	return { url: scheme + url.slice(whole.length), username, hadPassword: colon >= 0 };
}
