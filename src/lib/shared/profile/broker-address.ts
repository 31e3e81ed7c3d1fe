// The part of a broker URL that tells profiles apart in a narrow list: "ws://localhost:9001/mqtt"
// and "ws://localhost:8080/mqtt" differ only after the host, which an ellipsis would hide.

/** How a profile's broker is named in a list. */
export interface BrokerAddress {
	/** Host, port (when not the scheme's default) and path (when not "/"), e.g. "localhost:9001/mqtt". */
	address: string;
	/** Whether the URL uses TLS (wss://). */
	secure: boolean;
}

/** The distinguishing part of a broker URL; a URL that does not parse is shown as typed. */
export function brokerAddress(url: string): BrokerAddress {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return { address: url, secure: false };
	}
	const path = parsed.pathname === '/' ? '' : parsed.pathname;
	return { address: `${parsed.host}${path}${parsed.search}`, secure: parsed.protocol === 'wss:' };
}
