/**
 * Share links: a connection (see share-payload.ts for what it carries) packed into the fragment
 * of an mqtt-scope address, `https://app/#share=1.<base64url of deflate-raw JSON>`. The fragment
 * never leaves the browser, so the payload reaches no server log. "1." is the format version.
 *
 * Reading is bounded at every step, so a hostile link costs at most a few milliseconds: the
 * link's length first, then the unpacked size (a zip bomb stops at the cap), the nesting depth
 * (counted in one pass before parsing), and the number and length of values (share-payload.ts).
 */
import type { AlertRule } from '../alerts/alert-rules';
import type { Tile } from '../dashboards/dashboard';
import { exceedsDepth } from '../payload/json-depth';
import type { ProfileDraft } from './profile';
import { readSharePayload, sharePayload, type SharedConnectionResult } from './share-payload';

/** The format version this app writes; links with a higher one were made by a newer app. */
export const SHARE_FORMAT_VERSION = 1;

/** What precedes the payload in a link's fragment. */
export const SHARE_FRAGMENT_PREFIX = '#share=';

/**
 * Longest share link, in characters: a QR code of version 25 at most (117×117 modules; at error
 * correction M it holds 997 bytes of an address). Phone cameras read that off a screen or a
 * print-out reliably; the denser codes above it often take several tries, or a steady hand.
 */
export const MAX_SHARE_LINK_CHARS = 990;

/** The QR error correction level share codes use: M survives glare and a smudged screen. */
export const SHARE_QR_ERROR_CORRECTION = 'M';

/** Most bytes a share payload may unpack to: a real connection with a dashboard needs ~4 KB. */
export const MAX_SHARE_JSON_BYTES = 32 * 1024;

/** Deepest nesting of lists and objects a payload may have (a chart series sits at depth 5). */
export const MAX_SHARE_DEPTH = 6;

/** A share link, or why none could be made. */
export type ShareLinkResult = { link: string } | { error: string };

/**
 * Makes the share link of a profile for the app at `appUrl` (its query and fragment are
 * dropped); with `dashboard`, the tiles and alert rules go along. Refused when the link would be
 * too long for a QR code.
 */
export async function makeShareLink(
	appUrl: string,
	profile: ProfileDraft,
	dashboard?: { tiles: Tile[]; alerts: AlertRule[] }
): Promise<ShareLinkResult> {
	const json = JSON.stringify(sharePayload(profile, dashboard));
	const packed = await deflate(new TextEncoder().encode(json));
	const base = appUrl.replace(/[?#].*$/s, '');
	const link = `${base}${SHARE_FRAGMENT_PREFIX}${SHARE_FORMAT_VERSION}.${toBase64Url(packed)}`;
	if (link.length > MAX_SHARE_LINK_CHARS) {
		const fix = dashboard
			? 'Share it without the dashboard and alert rules, or with fewer tiles.'
			: 'Remove some subscriptions or shorten the name.';
		return {
			error: `This link would be ${link.length.toLocaleString('en')} characters long, more than the ${MAX_SHARE_LINK_CHARS.toLocaleString('en')} a QR code a phone can scan holds. ${fix}`
		};
	}
	return { link };
}

/**
 * Whether links to the app at `appUrl` only work on this machine (localhost, 127.x, ::1): a
 * phone that scans them opens its own localhost, where no mqtt-scope runs.
 */
export function isLoopbackApp(appUrl: string): boolean {
	let host: string;
	try {
		host = new URL(appUrl).hostname;
	} catch {
		return false;
	}
	return (
		host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '[::1]'
	);
}

/**
 * The share payload in a link, a fragment or pasted text (the part after "#share="), or
 * undefined when there is none.
 */
export function shareTokenIn(text: string): string | undefined {
	const at = text.indexOf(SHARE_FRAGMENT_PREFIX);
	return at < 0 ? undefined : text.slice(at + SHARE_FRAGMENT_PREFIX.length).trim();
}

/**
 * Reads a share payload (the text after "#share=") into a connection to confirm. Never throws:
 * anything malformed, too large or from a newer app is refused with the reason in words.
 */
export async function readShareToken(
	token: string,
	newId?: () => string
): Promise<SharedConnectionResult> {
	try {
		return await readToken(token, newId);
	} catch {
		// Every failure the steps know is answered above; this is the net under them.
		return { error: 'This share link could not be read. Copy the whole link again.' };
	}
}

const DAMAGED = 'This share link is damaged';

async function readToken(token: string, newId?: () => string): Promise<SharedConnectionResult> {
	if (token.length > MAX_SHARE_LINK_CHARS) {
		return {
			error: `This share link is too long (${token.length.toLocaleString('en')} characters): a link a phone can scan as a QR code has at most ${MAX_SHARE_LINK_CHARS.toLocaleString('en')}. It was not opened.`
		};
	}
	const dot = token.indexOf('.');
	const versionText = token.slice(0, dot);
	if (dot < 1 || dot > 6 || !/^\d+$/.test(versionText)) {
		return {
			error: `${DAMAGED}: it does not start with a format number. Copy the whole link again.`
		};
	}
	const version = Number(versionText);
	if (version > SHARE_FORMAT_VERSION) {
		return {
			error: `This link was made by a newer mqtt-scope (link format ${version}; this app reads format ${SHARE_FORMAT_VERSION}). Reload the app to update it, then open the link again.`
		};
	}
	if (version !== SHARE_FORMAT_VERSION) {
		return { error: `${DAMAGED}: link format ${version} does not exist.` };
	}
	const data = token.slice(dot + 1);
	if (data.length === 0 || data.length % 4 === 1 || !/^[A-Za-z0-9_-]+$/.test(data)) {
		return {
			error: `${DAMAGED}: it contains characters a share link never has, or is cut short. Copy the whole link again.`
		};
	}
	const inflated = await inflateCapped(fromBase64Url(data), MAX_SHARE_JSON_BYTES);
	if (inflated === 'too-large') {
		return {
			error: `This share link unpacks to more than ${MAX_SHARE_JSON_BYTES / 1024} KB, far more than any connection needs. It was not opened.`
		};
	}
	if (inflated === 'corrupt') {
		return { error: `${DAMAGED}: its data cannot be unpacked (was it cut off when copied?).` };
	}
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(inflated);
	} catch {
		return { error: `${DAMAGED}: its content is not readable text.` };
	}
	if (exceedsDepth(text, MAX_SHARE_DEPTH)) {
		return {
			error: 'This share link is nested more deeply than any connection is. It was not opened.'
		};
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		return { error: `${DAMAGED}: its content is not readable.` };
	}
	return readSharePayload(parsed, newId);
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
	const stream = new Blob([bytes as BlobPart])
		.stream()
		.pipeThrough(new CompressionStream('deflate-raw'));
	return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Unpacks deflate-raw data, stopping as soon as it grows past `cap` bytes. */
async function inflateCapped(
	bytes: Uint8Array,
	cap: number
): Promise<Uint8Array | 'too-large' | 'corrupt'> {
	const stream = new Blob([bytes as BlobPart])
		.stream()
		.pipeThrough(new DecompressionStream('deflate-raw'));
	const reader = stream.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			total += value.length;
			if (total > cap) {
				reader.cancel().catch(() => undefined);
				return 'too-large';
			}
			chunks.push(value);
		}
	} catch {
		return 'corrupt';
	}
	const out = new Uint8Array(total);
	let offset = 0;
	for (const chunk of chunks) {
		out.set(chunk, offset);
		offset += chunk.length;
	}
	return out;
}

function toBase64Url(bytes: Uint8Array): string {
	let binary = '';
	// In slices: spreading a long array into fromCharCode would overflow the call stack.
	for (let i = 0; i < bytes.length; i += 0x2000) {
		binary += String.fromCharCode(...bytes.subarray(i, i + 0x2000));
	}
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
	const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
	const bytes = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
	return bytes;
}
