import { describe, expect, it } from 'vitest';
import {
	NO_STORAGE_NOTICE,
	roomMade,
	storageNoticeText,
	storageRanOut,
	writeFailed
} from './storage-notice';

describe('storage notice', () => {
	it('says nothing when nothing was removed and nothing failed', () => {
		expect(storageNoticeText(NO_STORAGE_NOTICE)).toBeUndefined();
	});

	it('counts every removal since it was dismissed, not only the last', () => {
		const notice = roomMade(roomMade(roomMade(NO_STORAGE_NOTICE, 3_050), 2_928), 1_830);
		expect(notice.removed).toBe(7_808);
		expect(storageNoticeText(notice)).toContain(
			`the oldest ${(7_808).toLocaleString()} messages were removed`
		);
	});

	it('keeps the count of removed messages when a write then fails', () => {
		const notice = writeFailed(roomMade(NO_STORAGE_NOTICE, 2_500), 'Storage is full: …');
		const text = storageNoticeText(notice);
		expect(text).toContain(`the oldest ${(2_500).toLocaleString()} messages were removed`);
		expect(text).toMatch(/Storage is full: …$/);
	});

	it('shows a failed write alone when nothing was removed', () => {
		expect(
			storageNoticeText(writeFailed(NO_STORAGE_NOTICE, 'Messages could not be saved: x'))
		).toBe('Messages could not be saved: x');
	});

	it('tells that storage ran out once the app had to make room, not for other failures', () => {
		expect(storageRanOut(NO_STORAGE_NOTICE)).toBe(false);
		expect(storageRanOut(writeFailed(NO_STORAGE_NOTICE, 'Messages could not be saved: x'))).toBe(
			false
		);
		expect(storageRanOut(roomMade(NO_STORAGE_NOTICE, 1))).toBe(true);
	});
});
