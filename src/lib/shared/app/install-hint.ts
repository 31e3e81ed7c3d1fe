// iOS has no install prompt: a user adds a web app from Safari's Share menu. This decides when
// to show those steps instead of an Install button.

/** What the browser tells about itself, as read from navigator. */
export interface BrowserTraits {
	userAgent: string;
	/** navigator.maxTouchPoints: iPadOS Safari reports a Mac user agent but has touch. */
	maxTouchPoints: number;
	/** Whether the page already runs as an installed app (display-mode standalone). */
	standalone: boolean;
}

/** True for Safari on an iPhone or iPad not yet running from the home screen. */
export function needsIosInstallHint(traits: BrowserTraits): boolean {
	if (traits.standalone) return false;
	const ua = traits.userAgent;
	const iPhoneOrIPad = /\b(iPhone|iPad|iPod)\b/.test(ua);
	const iPadAsMac = /\bMacintosh\b/.test(ua) && traits.maxTouchPoints > 1;
	if (!iPhoneOrIPad && !iPadAsMac) return false;
	// Other iOS browsers carry their own token (Chrome CriOS, Firefox FxiOS, Edge EdgiOS, …);
	// only Safari offers "Add to Home Screen" with its manifest support everywhere.
	const otherBrowser = /\b(CriOS|FxiOS|EdgiOS|OPiOS|OPT|YaBrowser|GSA|DuckDuckGo)\//.test(ua);
	return /\bSafari\//.test(ua) && /\bVersion\//.test(ua) && !otherBrowser;
}
