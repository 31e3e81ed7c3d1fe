// @ts-check
/**
 * Runs in the browser, bundled by bench/support/harness-page.js: the app's own ingest path
 * (Ingest → HistoryKeeper → storage) against the page's real IndexedDB, on an injected clock
 * and timers, so a month of messages arriving one at a time runs as fast as IndexedDB commits.
 * Exposed as globalThis.__historyHarness. In a dedicated worker (openHarness' `inWorker`, where
 * the engine runs) the keeper also has its journal, and calls come as messages (see
 * harness-page.js).
 */
import { Ingest } from '$lib/engine/ingest';
import { HistoryKeeper } from '$lib/engine/history-keeper';
import { openScopeDB } from '$lib/storage/db';
import { settleJournal } from '$lib/storage/journal-settle';
import { pruneOldest, readHead, readMeta, readPage } from '$lib/storage/messages';
import { retentionPruner } from '$lib/shared/history/retention';

const encoder = new TextEncoder();

/**
 * Timers on a clock the harness moves: a callback runs once the clock passes its time.
 */
class FakeClock {
	now = 0;
	/** @type {{ callback: () => void, at: number }[]} */
	queue = [];

	/** @param {() => void} callback @param {number} ms */
	setTimeout(callback, ms) {
		const timer = { callback, at: this.now + ms };
		this.queue.push(timer);
		return timer;
	}

	/** @param {unknown} timer */
	clearTimeout(timer) {
		this.queue = this.queue.filter((t) => t !== timer);
	}

	/** Runs every timer due by now. */
	runDue() {
		const due = this.queue.filter((t) => t.at <= this.now);
		this.queue = this.queue.filter((t) => t.at > this.now);
		for (const timer of due) timer.callback();
	}
}

/**
 * @typedef {object} StreamPlan
 * @property {string} profileId
 * @property {number} startTime ms since the epoch of the first message
 * @property {number} stepMs time between two ticks of the clock
 * @property {number} perTick messages added at each tick (1: one message a batch)
 * @property {number} topics messages go round-robin to field/device<k>/telemetry
 * @property {import('$lib/shared/history/retention').RetentionPolicy} retention
 */

/** @type {{ plan: StreamPlan, clock: FakeClock, ingest: Ingest, keeper: HistoryKeeper, sent: number, writes: Set<Promise<void>>, failures: string[] } | undefined} */
let stream;
/** @type {Promise<import('idb').IDBPDatabase<import('$lib/storage/db').ScopeDB>> | undefined} */
let database;

function db() {
	database ??= openScopeDB();
	return database;
}

/**
 * Starts a stream into one profile, wired like engine/profile-runtime.ts wires a connection.
 * @param {StreamPlan} plan
 */
async function start(plan) {
	const store = await db();
	const clock = new FakeClock();
	clock.now = plan.startTime;
	/** @type {Set<Promise<void>>} */
	const writes = new Set();
	/** @type {string[]} */
	const failures = [];
	await stream?.keeper.close();
	const keeper = new HistoryKeeper(store, plan.profileId, plan.retention, () => undefined);
	// As the profile runtime does: the journal first, so the head includes what it held.
	await keeper.openJournal();
	const ingest = new Ingest({
		head: await readHead(store, plan.profileId),
		persist: (records, rewrites) => {
			const write = keeper.persist(records, rewrites);
			writes.add(write);
			void write.finally(() => writes.delete(write)).catch(() => undefined);
			return write;
		},
		committed: (head) => keeper.check(clock.now, head.total),
		failed: (error) => failures.push(String(error)),
		timers: clock,
		now: () => clock.now
	});
	stream = { plan, clock, ingest, keeper, sent: 0, writes, failures };
}

/**
 * Sends `ticks` ticks of the stream and waits for their commits; returns the time it took.
 * @param {number} ticks
 */
async function advance(ticks) {
	if (!stream) throw new Error('start() first');
	const { plan, clock, ingest, writes, failures } = stream;
	const t0 = performance.now();
	for (let tick = 0; tick < ticks; tick++) {
		clock.now += plan.stepMs;
		// Each message has its own time, a second apart, in a flood's batch as in a trickle's: the
		// same records whatever the batching, so their bytes compare (equal times compress better).
		const spacing = plan.stepMs / plan.perTick;
		for (let i = 0; i < plan.perTick; i++) {
			const n = stream.sent++;
			const topic = `field/device${n % plan.topics}/telemetry`;
			const temperature = 20 + 5 * Math.sin(n / 3600);
			ingest.add({
				profileId: plan.profileId,
				id: ingest.nextId(),
				direction: 'in',
				topic,
				payload: encoder.encode(`{"n":${n},"temperature":${temperature.toFixed(2)}}`),
				qos: 0,
				retain: false,
				dup: false,
				time: clock.now - (plan.perTick - 1 - i) * spacing
			});
		}
		clock.runDue();
		while (writes.size) await Promise.all(writes);
		if (failures.length) throw new Error(failures[0]);
	}
	return { ms: performance.now() - t0, sent: stream.sent, now: clock.now };
}

/**
 * Times one retention pass as the keeper runs it (storage's pruneOldest with the policy).
 * @param {string} profileId
 * @param {import('$lib/shared/history/retention').RetentionPolicy} policy
 * @param {number} now
 */
async function retention(profileId, policy, now) {
	const store = await db();
	const t0 = performance.now();
	const removed = await pruneOldest(store, profileId, (size) => retentionPruner(size, policy, now));
	return { ms: performance.now() - t0, removed };
}

/**
 * Times one page read as the message list asks for it: `skip` records below the newest.
 * @param {string} profileId
 * @param {number} skip
 * @param {number} limit
 */
async function page(profileId, skip, limit) {
	const store = await db();
	await settleJournal(store, profileId);
	const head = await readHead(store, profileId);
	const t0 = performance.now();
	const rows = await readPage(store, { profileId, maxId: head.lastId, skip, limit });
	return { ms: performance.now() - t0, ids: [rows[0]?.id, rows.at(-1)?.id] };
}

/** @param {string} profileId */
async function meta(profileId) {
	const store = await db();
	await settleJournal(store, profileId); // as every reader of history does
	return readMeta(store, profileId);
}

/** Closes the connection, so the app can open the database. */
async function close() {
	await stream?.keeper.close();
	stream = undefined;
	if (database) (await database).close();
	database = undefined;
}

/** What the origin stores, in bytes (IndexedDB files and blobs). */
async function usage() {
	return (await navigator.storage.estimate()).usage ?? 0;
}

/** @type {any} */ (globalThis).__historyHarness = {
	start,
	advance,
	retention,
	page,
	meta,
	close,
	usage
};

if (typeof document === 'undefined') {
	// In a worker: each message is a call, answered with its result or its error.
	/** @type {any} */ (globalThis).onmessage = async (
		/** @type {MessageEvent<{ id: number, name: string, args: unknown[] }>} */ { data }
	) => {
		const { id, name, args } = data;
		try {
			const result = await /** @type {any} */ (globalThis).__historyHarness[name](...args);
			postMessage({ id, result });
		} catch (error) {
			postMessage({ id, error: String(error) });
		}
	};
}
