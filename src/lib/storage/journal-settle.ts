import type { Database } from './db';
import { opfsJournals, type JournalPlace } from './journal-place';
import { appendRecords, WRITE_STORES } from './segment-append';

/**
 * Every reader of a profile's history first moves the profile's journal into IndexedDB (see
 * history-journal.ts), wherever the journal is held: in this context (its keeper commits), in
 * another tab or worker (asked over a BroadcastChannel), or nowhere, left by a closed or crashed
 * tab (moved here, under the journal's lock).
 */

/** The Web Lock whoever appends to or empties a profile's journal holds. */
export const journalLock = (profileId: string) => `mqtt-scope-journal:${profileId}`;

/** The channel on which readers ask a journal's holder to move it into history. */
const CHANNEL = 'mqtt-scope-journal';

/** How long a reader waits for the holder of a journal's lock to answer, a try. */
const ANSWER_WAIT_MS = 500;
/** Tries before a reader gives up on a holder (a frozen tab) and reads without its journal. */
const TRIES = 4;

type Request = { type: 'settle'; profileId: string; nonce: string };
type Answer = { type: 'settled'; nonce: string };

/** How each journal held in this context is moved into history, by profile. */
const held = new Map<string, () => Promise<void>>();
let channel: BroadcastChannel | undefined;

/** Whether this context has Web Locks (Node, in unit tests, has not: one context only). */
export const hasLocks = () => typeof navigator === 'object' && 'locks' in navigator;

/** This context's channel, answering requests for the journals it holds. */
function openChannel(): BroadcastChannel {
	if (channel) return channel;
	channel = new BroadcastChannel(CHANNEL);
	channel.onmessage = ({ data }: MessageEvent<Request | Answer>) => {
		if (data.type !== 'settle') return;
		const settle = held.get(data.profileId);
		if (!settle) return; // not ours: the holder answers
		void settle()
			.catch((error) => console.error('Moving a history journal failed', error))
			.then(() => channel?.postMessage({ type: 'settled', nonce: data.nonce } satisfies Answer));
	};
	return channel;
}

/**
 * Says that this context holds a profile's journal (and its lock), and how to move it into
 * history when a reader asks; returns the function that says it no longer does.
 */
export function holdJournal(profileId: string, settle: () => Promise<void>): () => void {
	held.set(profileId, settle);
	if (typeof BroadcastChannel === 'function') openChannel();
	return () => {
		if (held.get(profileId) === settle) held.delete(profileId);
	};
}

/**
 * Moves a profile's journal into IndexedDB before its history is read, so the reader sees every
 * stored message. Resolves once that is done, or once the holder has not answered for a while
 * (a frozen tab: its records are safe in the journal and show once it answers or closes), with
 * whether history may have changed meanwhile: false only when no one held the journal and it
 * was empty, so a reader that read in parallel need not read again.
 */
export async function settleJournal(
	db: Database,
	profileId: string,
	place: JournalPlace = opfsJournals
): Promise<boolean> {
	const own = held.get(profileId);
	if (own) {
		await own();
		return true;
	}
	if (!hasLocks()) return moveJournal(db, profileId, place);
	for (let tries = 0; tries < TRIES; tries++) {
		const moved = await navigator.locks.request(
			journalLock(profileId),
			{ ifAvailable: true },
			(lock) => (lock ? moveJournal(db, profileId, place) : undefined)
		);
		if (moved !== undefined) return moved;
		if (await askHolder(profileId)) return true;
	}
	return true;
}

/** Asks whoever holds a profile's journal to move it; whether they answered in time. */
function askHolder(profileId: string): Promise<boolean> {
	const nonce = crypto.randomUUID();
	const asking = new BroadcastChannel(CHANNEL);
	return new Promise<boolean>((answered) => {
		const timer = setTimeout(() => answered(false), ANSWER_WAIT_MS);
		asking.onmessage = ({ data }: MessageEvent<Request | Answer>) => {
			if (data.type !== 'settled' || data.nonce !== nonce) return;
			clearTimeout(timer);
			answered(true);
		};
		asking.postMessage({ type: 'settle', profileId, nonce } satisfies Request);
	}).finally(() => asking.close());
}

/**
 * Moves what a profile's journal holds into IndexedDB and empties it; the caller holds the
 * journal's lock. Records already there (a crash between a commit and the emptying) are
 * skipped. The transaction is durable before the journal is emptied. Says whether it had
 * anything to move.
 */
export async function moveJournal(
	db: Database,
	profileId: string,
	place: JournalPlace
): Promise<boolean> {
	const bytes = await place.read(profileId);
	if (!bytes.length) return false;
	const { decodeFrames } = await import('./journal-codec');
	const records = decodeFrames(bytes).filter((r) => r.profileId === profileId);
	const tx = db.transaction([...WRITE_STORES], 'readwrite', { durability: 'strict' });
	const meta = await tx.objectStore('history-meta').get(profileId);
	const fresh = records.filter((r) => r.id > (meta?.lastId ?? 0));
	if (fresh.length) await appendRecords(tx, fresh);
	await tx.done;
	await place.clear(profileId);
	return true;
}

/**
 * Removes a deleted profile's journal file, if it has one and nobody holds it (this context has
 * moved it into history and closed it first).
 */
export async function removeJournal(
	profileId: string,
	place: JournalPlace = opfsJournals
): Promise<void> {
	if (!hasLocks()) return place.remove(profileId);
	await navigator.locks.request(journalLock(profileId), { ifAvailable: true }, async (lock) => {
		if (lock) await place.remove(profileId);
	});
}
