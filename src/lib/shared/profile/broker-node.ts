// Which node of a cluster profile the connection is on, named briefly for the header's pill and
// fully for the connection details. A profile with one URL has no nodes to tell apart.
import { brokerAddress } from './broker-address';
import { brokerUrls, type ProfileDraft } from './profile';

/** The node a connection is on (or trying), for a profile that lists several. */
export interface BrokerNode {
	/** 1-based, in the order the profile tries its nodes. */
	number: number;
	/** How many nodes the profile lists. */
	count: number;
	/** The node's full URL. */
	url: string;
	/** Its host, port and path, e.g. "127.0.0.1:9002/mqtt". */
	address: string;
}

/**
 * The node `statusUrl` names among the profile's URLs, or undefined for a one-URL profile or
 * a URL that is no longer in the profile (edited while connected).
 */
export function brokerNode(
	profile: Pick<ProfileDraft, 'url' | 'failoverUrls'>,
	statusUrl: string | undefined
): BrokerNode | undefined {
	const urls = brokerUrls(profile);
	if (urls.length < 2 || statusUrl === undefined) return undefined;
	const index = urls.indexOf(statusUrl.trim());
	if (index < 0) return undefined;
	return {
		number: index + 1,
		count: urls.length,
		url: urls[index],
		address: brokerAddress(urls[index]).address
	};
}
