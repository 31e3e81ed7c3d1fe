// @ts-check
/**
 * `npm run bench:disk-patterns`: what Chromium's IndexedDB (LevelDB) leaves on disk for three
 * ways of storing a slow stream, without the app, side by side in one run. The month bench's
 * disk figure (one message a batch against a flood) mixes the app's layout with LevelDB's
 * compaction timing; this isolates the second. Each pattern writes `--messages` (150,000)
 * records shaped as the app's (MessageRecord, ten device topics) into a fresh Chromium profile
 * on disk, in a store with or without a multi-entry topic index (as `segments` has):
 *  - flood: rows of 1,000 records, each written once (what a busy broker's batches do);
 *  - rewrite: one message a transaction into a tail row of under 32 records, rewritten each
 *    time, moved into the open row of 1,000 once full (the app's layout, segment-append.ts);
 *  - append: one message a transaction as its own row; at 1,000 they are deleted and written
 *    once as one row (no rewrites, more keys);
 *  - journal: one message a write appended to a file of the Origin Private File System (a
 *    worker's sync access handle, flushed each time), and a row of 1,000 written once when it
 *    is full, then the file emptied: IndexedDB gets a flood's writes, the file holds the rest.
 * After the browser quits, it reports the IndexedDB directory's bytes a message, with and
 * without LevelDB's LOG and MANIFEST, and each pattern's ratio to the flood's.
 *
 * `--settle <minutes>` measures what a user has after Chromium's own clean-up instead. Chromium
 * compacts a database fully when its last connection closes, once the browser has used
 * IndexedDB for a random 5 to 60 minutes (and the database was not compacted in the last one to
 * three days): a phone that keeps the app open for an hour and then closes it. So each pattern
 * (with the topic index, the app's layout) runs in a browser of its own, all at once, keeps its
 * connection open until `--settle` minutes after it first opened the database (60 covers the
 * longest random wait), closes it, and waits until the directory stops changing; the table gives
 * the bytes before and after.
 * Writes bench/results/disk-patterns.json and prints a table (plain and Markdown).
 */
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { launchOptions } from './support/chromium.js';
import { count, optionalCount, parseOptions, valued } from './support/options.js';
import { fmt, markdown, table } from './support/report.js';
import { runInfo, writeResult } from './support/results.js';
import { levelDbBookkeepingBytes, storedBytes } from './support/stored-history.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULT_PATH = join(root, 'bench/results/disk-patterns.json');
const PATTERNS = /** @type {const} */ (['flood', 'rewrite', 'append', 'journal']);

const USAGE = `Usage: npm run bench:disk-patterns -- [options]   (or: node bench/disk-patterns.js)

  --messages <n>   records a pattern writes (default 150000)
  --patterns <a,b> which patterns (default all: flood,rewrite,append,journal; flood always runs)
  --settle <min>   keep each database open this long, close it, and measure after Chromium's
                   compaction on close (61 covers its longest wait; default: off)
  -h, --help       show this help`;

/**
 * Writes `n` records in `pattern` into the page's IndexedDB. Runs in the page: no closure over
 * Node.
 * With `keepOpen` the connection stays open (as `globalThis.openDb`) for closeDatabase.
 * @param {{ pattern: string, n: number, indexed: boolean, keepOpen?: boolean }} run
 */
async function writePattern({ pattern, n, indexed, keepOpen }) {
	if (pattern === 'journal' && typeof document === 'object') {
		// A sync access handle exists only in a dedicated worker: the same function runs there.
		const source = `const writePattern = ${writePattern.toString()};
			onmessage = async ({ data }) => {
				if (data === 'close') return void globalThis.openDb.close();
				try { await writePattern(data); postMessage('done'); }
				catch (error) { postMessage(String(error)); }
			};`;
		const worker = new Worker(URL.createObjectURL(new Blob([source])));
		const outcome = await new Promise((done) => {
			worker.onmessage = ({ data }) => done(data);
			worker.postMessage({ pattern, n, indexed, keepOpen });
		});
		if (outcome !== 'done') throw new Error(`journal worker: ${outcome}`);
		if (keepOpen)
			/** @type {any} */ (globalThis).openDb = { close: () => worker.postMessage('close') };
		else worker.terminate();
		return;
	}
	/** @type {IDBDatabase} */
	const db = await new Promise((done, fail) => {
		const open = indexedDB.open('disk-pattern', 1);
		open.onupgradeneeded = () => {
			const rows = open.result.createObjectStore('rows');
			if (indexed) rows.createIndex('topic', 'topicKeys', { multiEntry: true });
			open.result.createObjectStore('meta');
		};
		open.onsuccess = () => done(open.result);
		open.onerror = () => fail(open.error);
	});
	const encoder = new TextEncoder();
	const profileId = 'temp-005456e3-b0e9-4bfa-a9f2-1ff2ab177a13';
	/** @param {number} id */
	const record = (id) => ({
		profileId,
		id,
		direction: 'in',
		topic: `field/device${id % 10}/telemetry`,
		payload: encoder.encode(
			JSON.stringify({ temperature: 20 + ((id * 7) % 100) / 10, humidity: 40 + (id % 13), seq: id })
		),
		qos: 0,
		retain: false,
		dup: false,
		time: 1.79e12 + id * 1000
	});
	/** @param {ReturnType<typeof record>[]} records */
	const row = (records) => ({
		records,
		topicKeys: [...new Set(records.map((r) => r.topic))].map((topic) => [profileId, topic])
	});
	/** One transaction: `write` on the rows store, then the meta row, as the app's writes do. */
	const transaction = (
		/** @type {number} */ id,
		/** @type {(s: IDBObjectStore) => void} */ write
	) =>
		new Promise((done, fail) => {
			const tx = db.transaction(['rows', 'meta'], 'readwrite');
			write(tx.objectStore('rows'));
			tx.objectStore('meta').put({ profileId, total: id, lastId: id }, profileId);
			tx.oncomplete = done;
			tx.onerror = () => fail(tx.error);
		});
	if (pattern === 'flood') {
		for (let first = 1; first <= n; first += 1000) {
			const records = [];
			for (let id = first; id < first + 1000 && id <= n; id++) records.push(record(id));
			await transaction(first + records.length - 1, (s) => s.put(row(records), [profileId, first]));
		}
	} else if (pattern === 'rewrite') {
		/** @type {ReturnType<typeof record>[]} */
		let body = [];
		/** @type {ReturnType<typeof record>[]} */
		let tail = [];
		let bodyFirst = 1;
		for (let id = 1; id <= n; id++) {
			tail.push(record(id));
			const full = tail.length >= 32;
			const moved = full ? body.concat(tail) : body;
			await transaction(id, (s) => {
				if (!full) return void s.put(row(tail), [profileId, tail[0].id]);
				s.delete([profileId, tail[0].id]);
				s.put(row(moved), [profileId, bodyFirst]);
			});
			if (full) {
				body = moved.length >= 1000 ? [] : moved;
				if (!body.length) bodyFirst = id + 1;
				tail = [];
			}
		}
	} else if (pattern === 'journal') {
		const root = await navigator.storage.getDirectory();
		const file = await root.getFileHandle('journal', { create: true });
		const handle = await /** @type {any} */ (file).createSyncAccessHandle();
		/** @type {ReturnType<typeof record>[]} */
		let open = [];
		for (let id = 1; id <= n; id++) {
			const r = record(id);
			open.push(r);
			const line = JSON.stringify({ ...r, payload: Array.from(r.payload) }) + '\n';
			handle.write(encoder.encode(line), { at: handle.getSize() });
			handle.flush();
			if (open.length < 1000) continue;
			const records = open;
			await transaction(id, (s) => s.put(row(records), [profileId, records[0].id]));
			handle.truncate(0);
			handle.flush();
			open = [];
		}
		handle.close();
	} else {
		/** @type {ReturnType<typeof record>[]} */
		let open = [];
		for (let id = 1; id <= n; id++) {
			const r = record(id);
			open.push(r);
			const first = open[0].id;
			const records = open;
			await transaction(id, (s) => {
				if (records.length < 1000) return void s.put(row([r]), [profileId, first, id]);
				s.delete(IDBKeyRange.bound([profileId, first, 0], [profileId, first, Infinity]));
				s.put(row(records), [profileId, first]);
			});
			if (open.length >= 1000) open = [];
		}
	}
	if (keepOpen) /** @type {any} */ (globalThis).openDb = db;
	else db.close();
}

/** Closes the connection writePattern kept open. Runs in the page. */
function closeDatabase() {
	/** @type {any} */ (globalThis).openDb.close();
}

/**
 * Runs `body` with a browser on a fresh profile on disk, its page at `url` (IndexedDB needs an
 * origin); the profile is removed afterwards. `body` closes the context when it wants the bytes
 * of a quit browser.
 * @template T
 * @param {string} url
 * @param {(browser: { dir: string, context: import('playwright-core').BrowserContext,
 *   page: import('playwright-core').Page }) => Promise<T>} body
 * @returns {Promise<T>}
 */
async function inFreshProfile(url, body) {
	const dir = mkdtempSync(join(tmpdir(), 'mqtt-scope-bench-disk-pattern-'));
	try {
		const context = await chromium.launchPersistentContext(dir, launchOptions());
		const page = context.pages()[0] ?? (await context.newPage());
		await page.goto(url);
		return await body({ dir, context, page });
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * One pattern in a fresh browser profile on disk; its bytes once the browser has quit.
 * @param {string} url a page of the local server
 * @param {{ pattern: string, n: number, indexed: boolean }} run
 */
function measure(url, run) {
	return inFreshProfile(url, async ({ dir, context, page }) => {
		const started = Date.now();
		await page.evaluate(writePattern, run);
		const ms = Date.now() - started;
		await context.close();
		const bytes = storedBytes(dir);
		const tables = bytes - levelDbBookkeepingBytes(dir);
		return { ...run, ms, bytesPerMessage: bytes / run.n, tableBytesPerMessage: tables / run.n };
	});
}

/**
 * The IndexedDB directory's bytes once they stop changing: unchanged for `quietMs`, or after
 * `maxMs` at most (a compaction writes new tables, then deletes the old ones).
 * @param {string} dir
 * @returns {Promise<number>}
 */
async function settledBytes(dir, quietMs = 30_000, maxMs = 300_000) {
	let bytes = storedBytes(dir);
	let since = Date.now();
	for (const end = Date.now() + maxMs; Date.now() < end && Date.now() - since < quietMs;) {
		await sleep(2000);
		const now = storedBytes(dir);
		if (now !== bytes) [bytes, since] = [now, Date.now()];
	}
	return bytes;
}

/**
 * One pattern in a fresh browser profile on disk, kept open `settleMinutes` after the database
 * was first opened, then closed: its bytes before the close, once Chromium's clean-up on close
 * is done, and after the browser quit.
 * @param {string} url a page of the local server (IndexedDB needs an origin)
 * @param {{ pattern: string, n: number, indexed: boolean }} run
 * @param {number} settleMinutes
 */
function measureSettled(url, run, settleMinutes) {
	return inFreshProfile(url, async ({ dir, context, page }) => {
		const started = Date.now();
		await page.evaluate(writePattern, { ...run, keepOpen: true });
		const ms = Date.now() - started;
		const before = storedBytes(dir);
		for (let left = started + settleMinutes * 60_000 - Date.now(); left > 0;) {
			const step = Math.min(left, 10 * 60_000);
			await sleep(step);
			left -= step;
			console.log(`  ${run.pattern}: ${fmt(Math.max(0, left) / 60_000, 0)} min to the close`);
		}
		await page.evaluate(closeDatabase);
		const settled = await settledBytes(dir);
		await context.close();
		const quit = storedBytes(dir);
		return {
			...run,
			ms,
			settleMinutes,
			bytesPerMessage: before / run.n,
			settledBytesPerMessage: settled / run.n,
			quitBytesPerMessage: quit / run.n,
			tableBytesPerMessage: (quit - levelDbBookkeepingBytes(dir)) / run.n
		};
	});
}

/**
 * Every pattern with the topic index, settled in parallel browsers; prints and writes the table.
 * @param {string} url
 * @param {number} messages
 * @param {number} settle minutes
 * @param {number} loadAtStart
 */
async function runSettled(url, messages, patterns, settle, loadAtStart) {
	console.log(`  each pattern in its own browser, closed ${settle} min after it first opened`);
	const results = await Promise.all(
		patterns.map((pattern) => measureSettled(url, { pattern, n: messages, indexed: true }, settle))
	);
	const flood = results.find((r) => r.pattern === 'flood');
	/** @param {number} value @param {number | undefined} base */
	const ratio = (value, base) => `${fmt(value / (base ?? NaN), 2)}×`;
	const rows = [
		[
			'pattern (topic index)',
			'bytes a message, open',
			'/ flood',
			'after the close',
			'/ flood',
			'after quitting'
		]
	];
	for (const r of results) {
		rows.push([
			r.pattern,
			fmt(r.bytesPerMessage, 1),
			ratio(r.bytesPerMessage, flood?.bytesPerMessage),
			fmt(r.settledBytesPerMessage, 1),
			ratio(r.settledBytesPerMessage, flood?.settledBytesPerMessage),
			fmt(r.quitBytesPerMessage, 1)
		]);
	}
	console.log(`\n${table(rows)}\n\n${markdown(rows)}\n`);
	writeResult(RESULT_PATH, {
		...runInfo(loadAtStart),
		params: { messages, settle },
		results,
		table: rows
	});
	console.log(`wrote ${RESULT_PATH}`);
}

/**
 * The patterns named in `--patterns`, flood first (the others are given as its multiple).
 * @param {string} value
 */
function readPatterns(value) {
	const names = value.split(',').filter(Boolean);
	const unknown = names.filter(
		(name) => !(/** @type {readonly string[]} */ (PATTERNS).includes(name))
	);
	if (unknown.length) throw new Error(`--patterns: no pattern ${unknown.join(', ')}`);
	return PATTERNS.filter((name) => name === 'flood' || names.includes(name));
}

async function main() {
	const { messages, settle, patterns } = parseOptions(USAGE, {
		messages: count('150000'),
		patterns: valued(PATTERNS.join(','), readPatterns),
		settle: optionalCount()
	});
	const loadAtStart = loadavg()[0];
	const server = createServer((_, response) => {
		response.setHeader('content-type', 'text/html');
		response.end('<!doctype html><title>disk patterns</title>');
	});
	await new Promise((listening) => server.listen(0, '127.0.0.1', () => listening(undefined)));
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	const url = `http://127.0.0.1:${address.port}/`;
	console.log(
		`disk patterns: ${fmt(messages)} messages a pattern; ${availableParallelism()} cores, ` +
			`load average ${fmt(loadAtStart, 2)}`
	);
	if (settle) {
		try {
			await runSettled(url, messages, patterns, settle, loadAtStart);
		} finally {
			server.close();
		}
		return;
	}
	const results = [];
	try {
		for (const indexed of [false, true]) {
			for (const pattern of patterns) {
				const result = await measure(url, { pattern, n: messages, indexed });
				console.log(
					`  ${pattern}${indexed ? ', topic index' : ''}: ${fmt(result.bytesPerMessage, 1)} B a ` +
						`message (${fmt(result.tableBytesPerMessage, 1)} without LOG and MANIFEST), ` +
						`${fmt(result.ms / 1000, 1)} s`
				);
				results.push(result);
			}
		}
	} finally {
		server.close();
	}
	const rows = [['pattern', 'disk bytes a message', 'without LOG and MANIFEST', '/ flood']];
	for (const result of results) {
		const flood = results.find((r) => r.pattern === 'flood' && r.indexed === result.indexed);
		rows.push([
			`${result.pattern}${result.indexed ? ', topic index' : ''}`,
			fmt(result.bytesPerMessage, 1),
			fmt(result.tableBytesPerMessage, 1),
			`${fmt(result.bytesPerMessage / (flood?.bytesPerMessage ?? NaN), 2)}×`
		]);
	}
	console.log(`\n${table(rows)}\n\n${markdown(rows)}\n`);
	writeResult(RESULT_PATH, { ...runInfo(loadAtStart), params: { messages }, results, table: rows });
	console.log(`wrote ${RESULT_PATH}`);
}

await main();
