/**
 * How much a share or deep link may carry. Apart from share-payload.ts so that reading a ?url=
 * link on the first page does not load the share payload's checks and the dashboard file reader.
 */

/** Most subscriptions a share link may carry. */
export const MAX_SHARED_SUBSCRIPTIONS = 32;
/** Most dashboard tiles a share link may carry. */
export const MAX_SHARED_TILES = 24;
/** Most alert rules a share link may carry. */
export const MAX_SHARED_ALERTS = 24;
/** Longest text (name, address, topic filter, title…) a share link may carry, in characters. */
export const MAX_SHARED_STRING = 1024;
/** Longest list anywhere in a share payload (chart series, gauge ranges, status values…). */
export const MAX_SHARED_LIST = 64;
/** Most values (objects, lists, texts, numbers) in a whole share payload. */
export const MAX_SHARED_NODES = 4000;
