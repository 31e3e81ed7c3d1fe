import type { MessageRecord } from '$lib/shared/mqtt/message';
import { bytesOf, SEGMENT_BYTES, SEGMENT_SIZE, SEGMENT_SPAN_MS, type Database } from './db';
import { encodeFrame } from './journal-codec';
import { opfsJournals, type JournalFile, type JournalPlace } from './journal-place';
import { hasLocks, holdJournal, journalLock, moveJournal } from './journal-settle';

/**
 * A connected profile's newest records, until they fill a segment: appended to a file of their
 * own (flushed before the batch counts as saved), so IndexedDB receives whole segments written
 * once, as in a flood, whatever the arrival rate. A segment rewritten for every message of a
 * slow stream left LevelDB two to three times a flood's bytes on disk, however long it ran.
 * The records move into IndexedDB when they fill a segment, before any read of the profile's
 * history (see journal-settle.ts), and when the journal closes.
 */
export class HistoryJournal {
	#file: JournalFile;
	#release: () => void;
	#unhold: () => void;
	#pending: MessageRecord[] = [];
	#bytes = 0;

	private constructor(file: JournalFile, release: () => void, unhold: () => void) {
		this.#file = file;
		this.#release = release;
		this.#unhold = unhold;
	}

	/**
	 * Takes a profile's journal (waiting for its lock), first moving into history what an earlier
	 * holder left in it. `settle` is how a reader's request is served: by the keeper, in order
	 * with its writes.
	 */
	static async open(
		db: Database,
		profileId: string,
		settle: () => Promise<void>,
		place: JournalPlace = opfsJournals
	): Promise<HistoryJournal> {
		const release = await holdLock(journalLock(profileId));
		// A reader asking while what an earlier holder left is moved waits for the move.
		const moved = moveJournal(db, profileId, place);
		const unhold = holdJournal(profileId, () =>
			moved.then(
				() => undefined,
				() => undefined
			)
		);
		try {
			await moved;
			const file = await place.open(profileId);
			return new HistoryJournal(file, release, holdJournal(profileId, settle));
		} catch (error) {
			release();
			throw error;
		} finally {
			unhold(); // a no-op once the keeper's settle has taken its place
		}
	}

	/** The records appended since the journal was last emptied, oldest first. */
	get pending(): readonly MessageRecord[] {
		return this.#pending;
	}

	/** Retention bytes of the pending records (see `recordBytes`). */
	get bytes(): number {
		return this.#bytes;
	}

	/** Whether the pending records fill a segment, by count, bytes or time span. */
	get full(): boolean {
		const pending = this.#pending;
		return (
			pending.length >= SEGMENT_SIZE ||
			this.#bytes >= SEGMENT_BYTES ||
			(pending.length > 0 && pending[pending.length - 1].time - pending[0].time >= SEGMENT_SPAN_MS)
		);
	}

	/** Appends records (in id order, newer than any stored); on disk when it returns. */
	append(records: readonly MessageRecord[]): void {
		this.#file.append(encodeFrame(records));
		this.#pending.push(...records);
		for (const record of records) this.#bytes += bytesOf(record);
	}

	/** Empties the journal: its records are now in IndexedDB. */
	clear(): void {
		this.#file.clear();
		this.#pending = [];
		this.#bytes = 0;
	}

	/** Lets go of the file and its lock (what it holds stays, for the next holder to move). */
	close(): void {
		this.#unhold();
		try {
			this.#file.close();
		} finally {
			this.#release();
		}
	}
}

/** Takes a Web Lock and holds it until the returned function is called. */
function holdLock(name: string): Promise<() => void> {
	if (!hasLocks()) return Promise.resolve(() => {});
	return new Promise((taken, failed) => {
		navigator.locks
			.request(name, () => new Promise<void>((release) => taken(release)))
			.catch(failed);
	});
}
