/**
 * What the storage notice tells the user: how many old messages the app removed to make room
 * since they last dismissed it (a running total, so no removal goes unreported when several
 * follow each other), and the last write that failed even so.
 */
export interface StorageNotice {
	/** Messages removed because the browser's storage was full. */
	removed: number;
	/** The last failed write, in words (see engine/storage-error.ts). */
	problem?: string;
}

/** No notice: nothing removed, nothing failed. */
export const NO_STORAGE_NOTICE: StorageNotice = { removed: 0 };

/** The notice after the app removed `removed` more of the oldest messages to make room. */
export function roomMade(notice: StorageNotice, removed: number): StorageNotice {
	return { ...notice, removed: notice.removed + removed };
}

/** The notice after a history write failed. */
export function writeFailed(notice: StorageNotice, problem: string): StorageNotice {
	return { ...notice, problem };
}

/**
 * Whether the notice tells of storage running out (the app had to make room), so an export can
 * warn that the browser may fail to save its file: a page never learns whether its download was
 * saved (only the browser's downloads list says so), nor how much the disk has free (Chromium
 * reports a quota far above it).
 */
export function storageRanOut(notice: StorageNotice): boolean {
	return notice.removed > 0;
}

/** The notice in words; undefined when there is nothing to say. */
export function storageNoticeText(notice: StorageNotice): string | undefined {
	const removed = notice.removed
		? `The browser’s storage for this site was full: the oldest ${notice.removed.toLocaleString()} ` +
			'messages were removed so recording could go on. Profiles are kept. ' +
			'Lower the retention limits or export history you want to keep.'
		: undefined;
	return [removed, notice.problem].filter(Boolean).join(' ') || undefined;
}
