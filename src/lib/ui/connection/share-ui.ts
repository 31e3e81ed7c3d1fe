// Everything sharing adds to the page, behind one lazy import: the first page stays small, and one
// lazy entry (rather than three) keeps the bundler from cutting the first page's modules into
// many small shared chunks.
/** The Share dialog: link, QR code and what is never shared. */
export { default as ShareDialog } from './ShareDialog.svelte';
/** The "Import from link" field. */
export { default as ImportLink } from './ImportLink.svelte';
/** Reads an opened or pasted share link (or ?url= link). */
export { readIncomingLink } from '$lib/shared/profile/incoming-link';
